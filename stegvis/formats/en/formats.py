"""English pages in a Swedish service: day before month (British), never the US month/day."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
