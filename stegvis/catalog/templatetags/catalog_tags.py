from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def catalog_nav(context) -> list[dict]:
    """The catalog's own navigation (catalog, agreements, import), as the user's rights allow."""
    request = context["request"]
    provider = getattr(request, "provider", None)
    if provider is None:
        return []
    items = [
        (_("Program catalog"), "clinic:catalog", "catalog.view_catalog"),
        (_("Agreements"), "clinic:catalog_agreements", "catalog.manage_agreements"),
        (_("Import a program file"), "clinic:catalog_import", "catalog.import_release"),
    ]
    result = []
    for label, name, perm in items:
        if request.user.has_perm(perm, provider):
            url = reverse(name)
            result.append({"label": label, "url": url, "current": request.path == url})
    return result


@register.filter
def short_hash(value: str) -> str:
    return (value or "")[:12]
