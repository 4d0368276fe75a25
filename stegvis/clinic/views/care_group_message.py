"""A message to a group (docs/groups.md): one text into each enrollment's own conversation.

The unit's practitioners write it (or start from one of the unit's message templates); the
placeholders are filled per citizen. Each enrollment is sent to on its own, so a refusal for
one (closed, for example) is reported by name while the others go out.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.care.access import get_group_for_staff, record_list_reads
from stegvis.messaging import group_sending, limits, placeholders
from stegvis.messaging.forms import TemplateChoiceForm
from stegvis.messaging.models import MessageTemplate
from stegvis.messaging.services import MAX_BODY_LENGTH
from stegvis.organisation.access import unit_permission_required

MESSAGE = "messaging.message_group"
# The recipients shown on the page; the rest are counted.
SHOWN = 100


class GroupMessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY_LENGTH,
        help_text=placeholders.HELP,
    )


def _template_text(request) -> str:
    chooser = TemplateChoiceForm(request.GET, unit=request.unit)
    if "template" in request.GET and chooser.is_valid():
        return chooser.cleaned_data["template"].body
    return ""


@unit_permission_required("care.manage_groups")
@require_http_methods(["GET", "POST"])
def group_message(request, group_id: int):
    group = get_group_for_staff(request.user, request.unit, group_id, perm=MESSAGE)
    status = 200
    if request.method == "POST":
        form = GroupMessageForm(request.POST)
        if refused := limits.refusal(request):
            form.add_error(None, refused)
            status = 429
        elif form.is_valid():
            try:
                result = group_sending.send_group_message(
                    actor=request.user, group=group, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                _report(request, result)
                return redirect("clinic:group", group_id=group.pk)
        status = status if status != 200 else 400
    else:
        form = GroupMessageForm(initial={"body": _template_text(request)})
    everyone = group_sending.recipients(request.user, group)
    recipients = list(everyone[:SHOWN])
    record_list_reads(request.user, request.unit, recipients, action="care.list_group")
    return render(
        request,
        "clinic/groups/message.html",
        {
            "group": group,
            "form": form,
            "chooser": TemplateChoiceForm(unit=request.unit),
            "has_templates": MessageTemplate.objects.filter(unit=request.unit).exists(),
            "recipients": recipients,
            "total": everyone.count() if len(recipients) == SHOWN else len(recipients),
        },
        status=status,
    )


def _report(request, result) -> None:
    """Say how many got the message, and name each enrollment that did not, with why."""
    if result.sent:
        messages.success(
            request,
            _("The message was sent to %(n)d enrollments in the group.") % {"n": len(result.sent)},
        )
    for enrollment, reason in result.failed:
        messages.warning(
            request,
            _("Not sent to %(citizen)s (%(program)s): %(reason)s")
            % {
                "citizen": enrollment.citizen.get_full_name(),
                "program": enrollment.release.name,
                "reason": reason,
            },
        )
