"""Driftinformation: the provider admin sends operational messages; unit staff read them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stegvis.bulletins import queries, services
from stegvis.bulletins.forms import BulletinEditForm, BulletinForm
from stegvis.clinic.views.form_actions import on_the_named_fields
from stegvis.organisation.access import provider_permission_required, unit_permission_required

MANAGE = "bulletins.manage"
READ = "bulletins.read"


@provider_permission_required(MANAGE)
@require_GET
def bulletin_list(request):
    return render(
        request,
        "bulletins/list.html",
        {"bulletins": queries.sent_by(request.provider)},
    )


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def bulletin_create(request):
    form = BulletinForm(
        request.POST if request.method == "POST" else None, provider=request.provider
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_bulletin(
                actor=request.user,
                provider=request.provider,
                title=data["title"],
                body=data["body"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                units=list(data["units"]),
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(request, _("The message was sent."))
            return redirect("clinic:bulletins")
    return render(request, "bulletins/form.html", {"form": form})


def _own_bulletin(request, bulletin_id: int):
    bulletin = queries.sent_by_one(request.provider, bulletin_id)
    if bulletin is None:
        raise Http404
    return bulletin


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def bulletin_edit(request, bulletin_id: int):
    bulletin = _own_bulletin(request, bulletin_id)
    if bulletin.has_ended:
        messages.info(request, _("This message has ended and can no longer be changed."))
        return redirect("clinic:bulletins")
    form = BulletinEditForm(
        request.POST if request.method == "POST" else None,
        bulletin=bulletin,
        provider=request.provider,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_bulletin(
                actor=request.user,
                bulletin=bulletin,
                title=data["title"],
                body=data["body"],
                ends_on=data["ends_on"],
                units=list(data["units"]),
                version=data["version"],
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(request, _("The message was changed."))
            return redirect("clinic:bulletins")
    return render(request, "bulletins/edit.html", {"form": form, "bulletin": bulletin})


@provider_permission_required(MANAGE)
@require_POST
def bulletin_end(request, bulletin_id: int):
    bulletin = _own_bulletin(request, bulletin_id)
    if services.end_bulletin(actor=request.user, bulletin=bulletin):
        ended = _("The message has ended. It is no longer on start pages, only in the archive.")
        messages.success(request, ended)
    else:
        messages.info(request, _("The message had ended already; nothing was changed."))
    return redirect("clinic:bulletins")


@unit_permission_required(READ)
@require_GET
def bulletin_archive(request):
    return render(
        request,
        "bulletins/archive.html",
        {"bulletins": queries.archive_for(request.user, request.unit)},
    )


@unit_permission_required(READ)
@require_POST
def bulletin_read(request, bulletin_id: int):
    bulletin = queries.visible_to_unit(request.unit, bulletin_id)
    if bulletin is None:
        raise Http404
    services.mark_read(actor=request.user, unit=request.unit, bulletin=bulletin)
    messages.success(request, _("The message is marked as read. You find it in the archive."))
    # Back where the button was: the archive or the start page (a name, never a URL).
    if request.POST.get("from") == "archive":
        return redirect("clinic:bulletin_archive")
    return redirect("clinic:start")
