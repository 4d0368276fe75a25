"""Search results as a FHIR `searchset` Bundle, with `_count` paging and self/next/previous links.

`_count` (default 50, at most 200) and `_offset` page through a search; links repeat the
search's own parameters, so a client follows `next` until there is none. Bad paging values are
400 (an OperationOutcome), never a guess.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError

DEFAULT_COUNT = 50
MAX_COUNT = 200


@dataclass(frozen=True)
class Page:
    count: int
    offset: int


def _number(request, name: str, default: int, lowest: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = lowest - 1
    if value < lowest:
        raise ValidationError(
            f"{name} must be a whole number from {lowest} ({name} måste vara ett heltal från "
            f"{lowest})."
        )
    return value


def page_of(request) -> Page:
    count = min(_number(request, "_count", DEFAULT_COUNT, 0), MAX_COUNT)
    return Page(count=count, offset=_number(request, "_offset", 0, 0))


def _link(request, page: Page, offset: int) -> str:
    params = [(k, v) for k, v in request.GET.lists() if k not in ("_count", "_offset")]
    flat = [(k, value) for k, values in params for value in values]
    flat += [("_count", str(page.count)), ("_offset", str(offset))]
    return request.build_absolute_uri(request.path) + "?" + urlencode(flat)


def base_url(request) -> str:
    """The FHIR base the request came in on (e.g. https://host/fhir)."""
    return request.build_absolute_uri("/fhir")


def searchset(
    request, resources: list[dict], total: int, page: Page, *, validated: bool = False
) -> dict:
    """A searchset Bundle of `resources` (already-built dicts), with total and paging links.

    With `validated`, each resource is the dump of its validated model (as `response_resource`
    makes it): the Bundle's own fields are validated and the entries put in as they are,
    since validating them again is most of a search's time (docs/api.md, "Throughput").
    """
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.bundle import Bundle

    links = [{"relation": "self", "url": _link(request, page, page.offset)}]
    if page.count and page.offset + page.count < total:
        links.append({"relation": "next", "url": _link(request, page, page.offset + page.count)})
    if page.offset > 0:
        previous = max(page.offset - page.count, 0)
        links.append({"relation": "previous", "url": _link(request, page, previous)})
    base = base_url(request)
    entries = [
        {
            "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
            "resource": r,
            "search": {"mode": "match"},
        }
        for r in resources
    ]
    data = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if not validated:
        data["entry"] = entries
        return Bundle.model_validate(data).model_dump(mode="json", exclude_none=True)
    bundle = Bundle.model_validate(data).model_dump(mode="json", exclude_none=True)
    if entries:
        bundle["entry"] = entries
    return bundle
