import time

from allauth.mfa import app_settings


def current_counter() -> int:
    return int(time.time()) // app_settings.TOTP_PERIOD
