"""What the FHIR resources share: identifier systems, references, versions and search values."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from stegvis.organisation.identifiers import is_samordningsnummer

# Swedish national identifier systems (Inera's OIDs).
PERSONNUMMER = "urn:oid:1.2.752.129.2.1.3.1"
SAMORDNINGSNUMMER = "urn:oid:1.2.752.129.2.1.3.3"
HSA_ID = "urn:oid:1.2.752.129.2.1.4.1"
STEGVIS = "https://stegvis.se/fhir"
LOINC = "http://loinc.org"

# The total score of an instrument, by instrument key: LOINC code and display (loinc.org).
TOTAL_LOINC = {
    "phq9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
}


def citizen_identifier(digits: str) -> dict:
    system = SAMORDNINGSNUMMER if is_samordningsnummer(digits) else PERSONNUMMER
    return {"system": system, "value": digits}


def reference_id(value: str | None, resource_type: str) -> int | None:
    """The id of a reference parameter (`Patient/12` or `12`); ValidationError if not ours."""
    if value is None:
        return None
    raw = value.strip().rsplit("/", 1)
    if len(raw) == 2 and raw[0].rsplit("/", 1)[-1] != resource_type:
        raise ValidationError(f"Expected a {resource_type} reference ({resource_type}-referens).")
    try:
        return int(raw[-1])
    except ValueError:
        raise ValidationError(f"Unknown {resource_type} id (okänt id).") from None


def version_of(moment: dt.datetime) -> str:
    """A resource's versionId: the time it last changed, in microseconds (changes when it does)."""
    return str(int(moment.timestamp() * 1_000_000))


def instant(moment: dt.datetime) -> str:
    """FHIR's `instant` as fhir.resources writes it: ISO 8601, UTC as "Z"."""
    text = moment.isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def meta(moment: dt.datetime) -> dict:
    return {"versionId": version_of(moment), "lastUpdated": instant(moment)}


def etag(resource: dict) -> dict:
    version = resource.get("meta", {}).get("versionId")
    return {"ETag": f'W/"{version}"'} if version else {}


_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le")


def date_filters(values: list[str], field: str) -> dict:
    """Django lookups for FHIR date search values (`ge2026-01-01`, `lt2026-02-01T10:00:00Z`)."""
    lookups = {}
    for value in values:
        prefix, raw = (value[:2], value[2:]) if value[:2] in _PREFIXES else ("eq", value)
        moment, day = _parse_moment(raw)
        if prefix == "ne":
            raise ValidationError("The ne prefix is not supported (prefixet ne stöds inte).")
        if day is not None and prefix == "eq":
            lookups[f"{field}__date"] = day
            continue
        op = {"eq": "exact", "gt": "gt", "lt": "lt", "ge": "gte", "le": "lte"}[prefix]
        lookups[f"{field}__{op}"] = moment
    return lookups


def parse_instant(raw: str) -> dt.datetime:
    """A FHIR date or instant as an aware datetime (a date is its first moment)."""
    return _parse_moment(raw)[0]


def _parse_moment(raw: str) -> tuple[dt.datetime, dt.date | None]:
    day = parse_date(raw) if len(raw) == 10 else None
    if day is not None:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min)), day
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(f"Not a FHIR date: {raw[:40]!r} (inte ett datum: använd ÅÅÅÅ-MM-DD).")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment, None
