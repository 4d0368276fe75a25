"""Make every staff member's Wagtail groups match the design roles they hold today.

Roles that change through the services sync at once; run this after loading data by other
means, or daily to drop groups whose care assignment ran out by date.
"""

from django.core.management.base import BaseCommand

from stegvis.design.signals import sync_everyone


class Command(BaseCommand):
    help = "Sync the design tool's Wagtail groups from the role grants."

    def handle(self, *args, **options) -> None:
        count = sync_everyone()
        self.stdout.write(f"Synced the design groups of {count} staff member(s).")
