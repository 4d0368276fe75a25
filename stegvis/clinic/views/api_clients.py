"""API-klienter: the provider admin creates, rotates and revokes the provider's API clients.

A new client's secret (and a rotated one) is shown once, on the page the POST answers with,
never stored in clear or put in a URL; the page is not cached.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.api import services
from stegvis.api.models import ApiClient
from stegvis.clinic.forms_api import ApiClientForm
from stegvis.clinic.views.form_actions import on_the_named_fields, submit
from stegvis.organisation.access import provider_permission_required

MANAGE = "api.manage_clients"


def _secret_page(request, issued: services.IssuedClient, *, created: bool):
    return render(
        request,
        "clinic/api/secret.html",
        {"issued": issued, "client": issued.client, "created": created},
    )


@never_cache
@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def client_list(request):
    provider = request.provider
    form = ApiClientForm(request.POST or None, provider=provider)
    if request.method == "POST":
        create = partial(services.create_client, actor=request.user, provider=provider)
        issued = submit(request, form, create, refused=on_the_named_fields)
        if issued is not None:
            return _secret_page(request, issued, created=True)
    clients = ApiClient.objects.filter(provider=provider).select_related("application")
    return render(request, "clinic/api/client_list.html", {"form": form, "clients": clients})


def _client(request, client_id: int) -> ApiClient:
    return get_object_or_404(
        ApiClient.objects.select_related("application", "provider", "created_by", "revoked_by"),
        pk=client_id,
        provider=request.provider,
    )


@provider_permission_required(MANAGE)
def client_detail(request, client_id: int):
    client = _client(request, client_id)
    units = client.units.order_by("name")
    return render(request, "clinic/api/client_detail.html", {"client": client, "units": units})


@never_cache
@provider_permission_required(MANAGE)
@require_POST
def rotate(request, client_id: int):
    client = _client(request, client_id)
    try:
        issued = services.rotate_secret(actor=request.user, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("clinic:api_client", client_id=client.pk)
    return _secret_page(request, issued, created=False)


@provider_permission_required(MANAGE)
@require_POST
def revoke(request, client_id: int):
    client = _client(request, client_id)
    services.revoke_client(actor=request.user, client=client)
    messages.success(
        request, _("%(name)s is revoked: its tokens no longer work.") % {"name": client.name}
    )
    return redirect("clinic:api_client", client_id=client.pk)
