"""Small helpers that keep the library definitions short."""

from __future__ import annotations

from typing import Any


def t(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def choice(link: str, sv: str, en: str, options: list[dict], **extra: Any) -> dict[str, Any]:
    return {
        "linkId": link,
        "type": "choice",
        "text": t(sv, en),
        "required": True,
        "options": options,
        **extra,
    }


def scored_options(labels: list[tuple[str, str]], start: int = 0) -> list[dict[str, Any]]:
    return [
        {"code": str(start + i), "label": t(sv, en), "score": start + i}
        for i, (sv, en) in enumerate(labels)
    ]


def band(lo: int, hi: int, code: str, level: int, sv: str, en: str) -> dict[str, Any]:
    return {"min": lo, "max": hi, "code": code, "label": t(sv, en), "level": level}


def total(
    items: list[str], bands: list[dict], sv: str = "Totalpoäng", en: str = "Total score"
) -> dict[str, Any]:
    return {
        "id": "total",
        "label": t(sv, en),
        "items": items,
        "method": "sum",
        "missing": {"rule": "invalid"},
        "bands": bands,
    }


def loinc(code: str) -> list[dict[str, str]]:
    return [{"system": "http://loinc.org", "code": code}]
