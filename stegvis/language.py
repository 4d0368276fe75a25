"""The interface language: Swedish for everyone, English only when the person chooses it.

Django's LocaleMiddleware follows the browser's Accept-Language, so a Swedish nurse whose
browser happens to be set to English got English pages and US dates. Here only the choice made
in the header's language switcher counts (Django's set_language view stores it in a cookie);
without one, LANGUAGE_CODE (Swedish) applies.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language in the person's language cookie if it is one we offer, else LANGUAGE_CODE."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code and translation.check_for_language(code):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def content_language(code: str | None = None) -> str:
    """The language of program and instrument texts to show: "en" under English, else "sv".

    `code` is a request's LANGUAGE_CODE; without it, the active language.
    """
    code = code if code is not None else translation.get_language()
    return "en" if (code or "sv").startswith("en") else "sv"


def localised(
    text: dict[str, str] | str | None, language: str | None = None, fallback: str = ""
) -> str:
    """Pick `language` (the active one when None) from a {"sv": ..., "en": ...} text, falling
    back to Swedish, then to any language, then to `fallback`; a plain string is returned as
    it is."""
    if not text:
        return fallback
    if isinstance(text, str):
        return text
    chosen = text.get(language or content_language()) or text.get("sv")
    return chosen or next(iter(text.values()), "") or fallback


class ChosenLanguageMiddleware:
    """Activate the chosen language for the request (replaces LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # Pages differ by the language cookie, never by Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
