from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_tables(sender, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """Rate limits are counted in a database cache when CACHE_URL is not set; its table is not a
    model, so `migrate` creates it here (a no-op when it exists or no cache uses the database)."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


class SecurityConfig(AppConfig):
    name = "stegvis.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from stegvis.security import checks  # noqa: F401  (registers the system checks)

        # post_migrate is sent once per app with models (this one has none): hang it on one.
        post_migrate.connect(_create_cache_tables, sender=self.apps.get_app_config("sessions"))
