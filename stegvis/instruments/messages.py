"""Texts for people, always in Swedish and English.

A text is a plain dict ``{"sv": ..., "en": ...}`` so it serialises to JSON as it is.
"""

from __future__ import annotations

Text = dict[str, str]
LANGUAGES = ("sv", "en")


def text(sv: str, en: str) -> Text:
    """Return a bilingual text."""
    return {"sv": sv, "en": en}


def is_text(value: object) -> bool:
    """Say whether ``value`` is a text with non-empty Swedish and English strings."""
    return (
        isinstance(value, dict)
        and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES)
        and set(value) <= set(LANGUAGES)
    )


# Answer messages, shared by every item so the hot path builds no strings.
REQUIRED = text("Frågan måste besvaras.", "This question must be answered.")
CHOOSE_ONE = text("Välj ett av alternativen.", "Choose one of the options.")
CHOOSE_MANY = text("Välj ett eller flera av alternativen.", "Choose one or more of the options.")
WHOLE_NUMBER = text("Skriv ett heltal.", "Enter a whole number.")
NUMBER = text("Skriv ett tal.", "Enter a number.")
TEXT_EXPECTED = text("Skriv ett svar i textform.", "Enter a text answer.")
DATE_EXPECTED = text("Ange ett datum som ÅÅÅÅ-MM-DD.", "Enter a date as YYYY-MM-DD.")
NOT_SHOWN = text(
    "Frågan visas inte med de svar som getts, så den ska inte besvaras.",
    "This question is not shown with the answers given, so it must not be answered.",
)
UNKNOWN_ITEM = text("Frågan finns inte i formuläret.", "The form has no such question.")
NO_ANSWER_ITEM = text(
    "Den här delen av formuläret tar inte emot svar.", "This part of the form takes no answer."
)
ANSWERS_NOT_OBJECT = text(
    "Svaren måste vara ett objekt med frågans id och svaret.",
    "The answers must be an object of question id and answer.",
)


def between(lo: float | None, hi: float | None) -> Text:
    """Return the range message for a number outside ``lo``..``hi``."""
    if lo is not None and hi is not None:
        return text(
            f"Ange ett värde från {_n(lo)} till {_n(hi)}.",
            f"Enter a value from {_n(lo)} to {_n(hi)}.",
        )
    if lo is not None:
        return text(f"Ange ett värde på minst {_n(lo)}.", f"Enter a value of at least {_n(lo)}.")
    return text(f"Ange ett värde på högst {_n(hi)}.", f"Enter a value of at most {_n(hi)}.")


def _n(value: float | None) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
