import os

from django.core.wsgi import get_wsgi_application

# Not setdefault: the runner's environment names Stegvis's settings for the app next to it.
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.floor.signed_in_settings"
application = get_wsgi_application()
