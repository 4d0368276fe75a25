"""Groups of enrollments at the active unit (docs/groups.md): the list, one group, its changes.

Practitioners and citizen admins at the unit create, rename and remove groups and add or
remove enrollments, from here, from Hantera and from Mina and Alla (tick rows, choose a group).
Only ids go into URLs; a group's page lists its enrollments as Alla does, and logs the reads.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.care.access import get_enrollment_for_staff, get_group_for_staff, record_list_reads
from stegvis.care.models import Enrollment
from stegvis.care.services import groups as service
from stegvis.clinic import lists
from stegvis.clinic.views.form_actions import on_the_named_fields, submit
from stegvis.organisation.access import unit_permission_required

MANAGE = "care.manage_groups"
PER_PAGE = 50


class GroupNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the group"),
        max_length=service.MAX_NAME,
        help_text=gettext_lazy(
            "For example “Grupp vår 2027” or “Väntar på bedömning”. Not the citizen's health "
            "information: the name is shown to everyone at the unit."
        ),
    )


class IdsField(forms.Field):
    """A list of ids from ticked rows: positive integers, at most `service.MAX_ADD`."""

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = []
        for raw in values:
            raw = str(raw).strip()
            if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
                raise ValidationError(_("Choose enrollments from the list."), code="invalid")
            ids.append(int(raw))
        if len(ids) > service.MAX_ADD:
            raise ValidationError(
                _("Add at most %(n)d enrollments at a time.") % {"n": service.MAX_ADD}
            )
        return list(dict.fromkeys(ids))


class AddToGroupForm(forms.Form):
    # An id; the group is then fetched at the active unit (another unit's is "not found").
    group = forms.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        error_messages={"required": gettext_lazy("Choose a group.")},
    )
    enrollment = IdsField(
        widget=forms.MultipleHiddenInput,
        error_messages={"required": gettext_lazy("Tick at least one enrollment in the list.")},
    )


class EnrollmentGroupsForm(forms.Form):
    groups = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Groups"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        kwargs.setdefault("prefix", "groups")
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = choices


def _back(request, fallback: str):
    """Where a list's form came from (our own page only), else `fallback`."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if allowed and target.startswith("/clinic/"):
        return redirect(target)
    return redirect(fallback)


@unit_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def group_list(request):
    form = GroupNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        create = partial(service.create_group, actor=request.user, unit=request.unit)
        group = submit(request, form, create, refused=on_the_named_fields)
        if group is not None:
            messages.success(request, _("The group %(name)s was created.") % {"name": group.name})
            return redirect("clinic:group", group_id=group.pk)
    groups = list(service.groups_at(request.unit))
    status = 400 if form.is_bound else 200
    return render(
        request, "clinic/groups/list.html", {"form": form, "groups": groups}, status=status
    )


def _members_page(request, group):
    queryset = lists.unit_enrollments(request.user, request.unit, group=group.pk)
    page = lists.fill_page(Paginator(queryset, PER_PAGE).get_page(request.GET.get("page")))
    record_list_reads(request.user, request.unit, page, action="care.list_group")
    return page


def _render_group(request, group, *, rename_form=None, status=200):
    return render(
        request,
        "clinic/groups/detail.html",
        {
            "group": group,
            "page": _members_page(request, group),
            "rename_form": rename_form or GroupNameForm(initial={"name": group.name}),
            "may_message": request.user.has_perm("messaging.message_group", group),
        },
        status=status,
    )


@unit_permission_required(MANAGE)
def group_detail(request, group_id: int):
    return _render_group(request, get_group_for_staff(request.user, request.unit, group_id))


@unit_permission_required(MANAGE)
@require_POST
def rename(request, group_id: int):
    group = get_group_for_staff(request.user, request.unit, group_id)
    old_name = group.name
    form = GroupNameForm(request.POST)
    change = partial(service.rename_group, actor=request.user, group=group)
    if submit(request, form, change, refused=on_the_named_fields):
        messages.success(request, _("The group was renamed."))
        return redirect("clinic:group", group_id=group.pk)
    group.name = old_name
    return _render_group(request, group, rename_form=form, status=400)


@unit_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def delete(request, group_id: int):
    group = get_group_for_staff(request.user, request.unit, group_id)
    if request.method == "POST":
        service.delete_group(actor=request.user, group=group)
        messages.success(
            request,
            _("The group %(name)s was removed. Its enrollments are unchanged.")
            % {"name": group.name},
        )
        return redirect("clinic:groups")
    count = group.members.count()
    return render(request, "clinic/groups/delete.html", {"group": group, "count": count})


@unit_permission_required(MANAGE)
@require_POST
def remove_member(request, group_id: int, enrollment_id: int):
    group = get_group_for_staff(request.user, request.unit, group_id)
    enrollment = get_enrollment_for_staff(
        request.user,
        request.unit,
        enrollment_id,
        perm="care.group_enrollment",
        action="enrollment.change",
    )
    service.remove_from_group(actor=request.user, group=group, enrollment=enrollment)
    messages.success(
        request,
        _("%(citizen)s was removed from the group.")
        % {"citizen": enrollment.citizen.get_full_name()},
    )
    return _back(request, reverse("clinic:group", args=[group.pk]))


def _added_message(group, added: list, chosen: list) -> str:
    if len(added) == len(chosen):
        return _("%(added)d enrollments were added to %(name)s.") % {
            "added": len(added),
            "name": group.name,
        }
    return _(
        "%(added)d of %(chosen)d ticked enrollments were added to %(name)s; the others were in "
        "it already."
    ) % {"added": len(added), "chosen": len(chosen), "name": group.name}


@unit_permission_required(MANAGE)
@require_POST
def add(request):
    """Add the ticked rows of Mina or Alla to the chosen group, then back to the list."""
    form = AddToGroupForm(request.POST)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
        return _back(request, reverse("clinic:unit_enrollments"))
    group = get_group_for_staff(request.user, request.unit, form.cleaned_data["group"])
    chosen = list(
        Enrollment.objects.filter(
            unit=request.unit, pk__in=form.cleaned_data["enrollment"]
        ).select_related("citizen", "unit")
    )
    if len(chosen) != len(form.cleaned_data["enrollment"]):
        messages.error(request, _("Some of the ticked enrollments are no longer at the unit."))
        return _back(request, reverse("clinic:unit_enrollments"))
    try:
        added = service.add_to_group(actor=request.user, group=group, enrollments=chosen)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _added_message(group, added, chosen))
    return _back(request, reverse("clinic:unit_enrollments"))


@unit_permission_required(MANAGE)
@require_POST
def enrollment_groups(request, enrollment_id: int):
    """Hantera's choice of the enrollment's groups."""
    enrollment = get_enrollment_for_staff(
        request.user,
        request.unit,
        enrollment_id,
        perm="care.group_enrollment",
        action="enrollment.change",
    )
    form = EnrollmentGroupsForm(request.POST, choices=service.group_choices(request.unit))
    if form.is_valid():
        service.set_groups(
            actor=request.user, enrollment=enrollment, group_ids=form.cleaned_data["groups"]
        )
        messages.success(request, _("The enrollment's groups were saved."))
    else:
        messages.error(request, _("Choose among the unit's groups."))
    return redirect(reverse("clinic:enrollment", args=[enrollment.pk]) + "#groups")
