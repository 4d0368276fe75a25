from django.apps import AppConfig


class LoadscaleConfig(AppConfig):
    name = "stegvis.loadscale"
    verbose_name = "Load-scale data generator"
    default_auto_field = "django.db.models.BigAutoField"
