"""The environment every part of the settings reads first: where the code is, and the modes.

`stegvis.settings` and its parts in `stegvis.settings_parts` import these, so each variable is
read in one place.
"""

from pathlib import Path

from stegvis.env import envbool, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = envbool("DEBUG", False)
DEMO = envbool("STEGVIS_DEMO", False)
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
