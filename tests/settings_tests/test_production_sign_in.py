"""Production settings: citizens have no password sign-in, and no other form signs anyone in.

Run in a subprocess with the real settings (DEBUG and the demo off), like
test_production_settings.py. The requests need no database: the redirects answer before any
sign-in is tried. The full attacks run in tests/accounts/test_one_way_to_sign_in.py.
"""

import pytest

from tests.settings_tests.test_production_settings import AUDIT_KEY, _run

pytestmark = pytest.mark.slow

_SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="stegvis.example")
credentials = {"username": "someone@test.example", "password": "a-password"}
for path in ("/design/login/", "/django-admin/login/"):
    response = client.post(path, credentials, secure=True)
    print(path, response.status_code, response["Location"].split("?")[0])
print("citizen passwords", settings.CITIZEN_PASSWORD_LOGIN)
print("middleware", "stegvis.accounts.middleware.CompletedSignInMiddleware" in settings.MIDDLEWARE)
"""


def test_in_production_only_allauth_signs_in_and_citizens_use_e_id(tmp_path):
    result = _run(
        "-c",
        _SCRIPT,
        SECRET_KEY="x9" * 32,
        ALLOWED_HOSTS="stegvis.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        **AUDIT_KEY,
    )
    lines = result.stdout.splitlines()
    assert "/design/login/ 303 /accounts/login/" in lines, result.stderr
    assert "/django-admin/login/ 302 /accounts/login/" in lines, result.stderr
    assert "citizen passwords False" in lines
    assert "middleware True" in lines
