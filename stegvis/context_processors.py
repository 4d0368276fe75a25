from django.conf import settings


def site(request) -> dict:
    return {"citizen_password_login": settings.CITIZEN_PASSWORD_LOGIN, "demo": settings.DEMO}
