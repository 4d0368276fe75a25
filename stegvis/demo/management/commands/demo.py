from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stegvis.demo import personas
from stegvis.demo.loader import load_demo


def current_totp_code() -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from stegvis.demo.totp import current_counter

    return format_hotp_value(hotp_value(personas.DEMO_TOTP_SECRET, current_counter()))


class Command(BaseCommand):
    help = "Load the demo region (idempotent) and print every persona's sign-in details."

    def add_arguments(self, parser):
        parser.add_argument(
            "--code", action="store_true", help="Only print the demo staff's current TOTP code."
        )
        parser.add_argument("--quiet", action="store_true", help="Load without printing.")

    def handle(self, *args, code=False, quiet=False, **options):
        if not (settings.DEBUG or settings.DEMO):
            raise CommandError(
                "The demo data is only loaded with DEBUG or STEGVIS_DEMO set; never in production."
            )
        if code:
            self.stdout.write(current_totp_code())
            return
        load_demo()
        if not quiet:
            self.stdout.write(self.sign_in_sheet())

    def sign_in_sheet(self) -> str:
        lines = [
            "",
            "Stegvis demo — sign in at http://127.0.0.1:8000/accounts/login/",
            f"Password for every account: {personas.DEMO_PASSWORD}",
            f"Staff TOTP secret (add to any authenticator app): {personas.DEMO_TOTP_SECRET}",
            "  or print the current code with: .venv/bin/python manage.py demo --code",
            "",
            "Staff:",
        ]
        width = max(len(p.email) for p in personas.STAFF + personas.CITIZENS)
        for p in personas.STAFF:
            lines.append(f"  {p.email:<{width}}  {p.hsa_id:<18}  {p.description}")
        lines.append("Citizens (e-mail and password in the demo; e-ID in production):")
        for c in personas.CITIZENS:
            pnr = f"{c.personnummer[:8]}-{c.personnummer[8:]}"
            lines.append(f"  {c.email:<{width}}  {pnr:<18}  {c.description}")
        lines.append("")
        return "\n".join(lines)
