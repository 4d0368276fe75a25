from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stegvis.demo import personas
from stegvis.demo.loader import load_demo
from stegvis.organisation.models import User

# The exact command that prints the code from a shell: the settings refuse to load without
# DEBUG (or a SECRET_KEY), so the hint carries DEBUG=1 and works as printed.
CODE_COMMAND = "DEBUG=1 .venv/bin/python manage.py demo --code"


def current_totp_code() -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from stegvis.demo.totp import current_counter

    return format_hotp_value(hotp_value(personas.DEMO_TOTP_SECRET, current_counter()))


def demo_data_exists() -> bool:
    return User.objects.filter(email=personas.STAFF[0].email).exists()


class Command(BaseCommand):
    help = "Load the demo region (idempotent) and print every persona's sign-in details."

    def add_arguments(self, parser):
        parser.add_argument(
            "--code", action="store_true", help="Only print the demo staff's current TOTP code."
        )
        parser.add_argument("--quiet", action="store_true", help="Load without printing.")
        parser.add_argument(
            "--site-url",
            default="",
            help="The address the demo is served on (default: the SITE_URL setting).",
        )

    def handle(self, *args, code=False, quiet=False, site_url="", **options):
        demo_allowed = settings.DEBUG or settings.DEMO
        if code and (demo_allowed or demo_data_exists()):
            # The secret is public (personas.py); the code opens only demo accounts.
            self.stdout.write(current_totp_code())
            return
        if not demo_allowed:
            raise CommandError(
                "The demo data is only loaded with DEBUG or STEGVIS_DEMO set; never in production."
            )
        load_demo()
        if not quiet:
            self.stdout.write(self.sign_in_sheet(site_url or settings.SITE_URL))

    def sign_in_sheet(self, site_url: str) -> str:
        lines = [
            "",
            f"Stegvis demo — sign in at {site_url.rstrip('/')}/accounts/login/",
            f"Password for every account: {personas.DEMO_PASSWORD}",
            f"Staff TOTP secret (add to any authenticator app): {personas.DEMO_TOTP_SECRET}",
            f"  or print the current code with: {CODE_COMMAND}",
            "  (the two-factor page of the demo also shows it under “Visa demokoden”)",
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
