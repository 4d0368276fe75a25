"""The citizen's "who has read my data": units, roles and providers, newest first."""

from django.core.paginator import Paginator
from django.shortcuts import render

from stegvis.audit.services.citizen import accesses_to
from stegvis.organisation.access import citizen_required

PER_PAGE = 50


@citizen_required
def my_accesses(request):
    # The citizen reading their own log is not an access to their record by anyone else, so it
    # records nothing (ADR 0006).
    page = Paginator(accesses_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/portal/accesses.html", {"page": page})
