from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "stegvis.instruments"
    label = "instruments"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Formulär och skattningsskalor"
