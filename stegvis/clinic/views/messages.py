"""The care team's side of a conversation (from Hantera), and the unit's message templates.

Every view fetches through `access.py` (another unit's enrollment is "not found"; each read is
logged). Sending is the one view `send`, so a rate limit can wrap it. A refused send re-renders
the page with the text and keeps it as the author's draft.
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stegvis.clinic.views.form_actions import on_the_named_fields, submit
from stegvis.messaging import services
from stegvis.messaging.access import get_attachment_for_staff, get_conversation_for_staff
from stegvis.messaging.downloads import attachment_response
from stegvis.messaging.forms import DraftForm, MessageForm, TemplateChoiceForm, TemplateForm
from stegvis.messaging.models import MessageTemplate
from stegvis.messaging.reading import may_mark_read_on_open
from stegvis.messaging.rendering import page_of_messages
from stegvis.messaging.sending import send_or_keep_draft
from stegvis.organisation.access import unit_permission_required

CONVERSATIONS = "messaging.view_unit_conversations"
TEMPLATES = "messaging.manage_templates"


def _render(request, enrollment, form, *, status: int = 200, chooser=None):
    page = page_of_messages(enrollment, request.GET.get("page"))
    may_mark = request.method == "POST" or may_mark_read_on_open(request)
    marked = services.mark_read_by_team(enrollment, reader=request.user) if may_mark else 0
    context = {
        "enrollment": enrollment,
        "page": page,
        "form": form,
        "marked_read": marked,
        "offer_mark_read": not may_mark,
        "why_not": services.why_team_may_not_write(request.user, enrollment),
        "chooser": chooser or TemplateChoiceForm(unit=enrollment.unit),
        "may_manage_templates": request.user.has_perm(TEMPLATES, enrollment.unit),
    }
    return render(request, "messaging/staff/conversation.html", context, status=status)


@unit_permission_required(CONVERSATIONS)
@require_GET
def conversation(request, enrollment_id: int):
    """The conversation, newest first; opening it from our own pages marks the citizen side's
    messages read (reading.py)."""
    enrollment = get_conversation_for_staff(request.user, request.unit, enrollment_id)
    chooser = TemplateChoiceForm(unit=enrollment.unit)
    body = services.draft_text(author=request.user, enrollment=enrollment)
    if "template" in request.GET:
        chooser = TemplateChoiceForm(request.GET, unit=enrollment.unit)
        if chooser.is_valid():
            body = services.fill_template(
                chooser.cleaned_data["template"], enrollment=enrollment, sender=request.user
            )
    return _render(request, enrollment, MessageForm(initial={"body": body}), chooser=chooser)


@unit_permission_required(CONVERSATIONS)
@require_POST
def send(request, enrollment_id: int):
    enrollment = get_conversation_for_staff(
        request.user, request.unit, enrollment_id, action="messages.send"
    )
    form = MessageForm(request.POST, request.FILES)
    send_message = partial(services.send_team_message, actor=request.user, enrollment=enrollment)
    status = send_or_keep_draft(request, form, enrollment, send_message)
    if status is None:
        messages.success(request, _("Your message was sent."))
        return redirect("clinic:messages", enrollment_id=enrollment.pk)
    return _render(request, enrollment, form, status=status)


@unit_permission_required(CONVERSATIONS)
@require_POST
def save_draft(request, enrollment_id: int):
    enrollment = get_conversation_for_staff(
        request.user, request.unit, enrollment_id, action="messages.draft"
    )
    form = DraftForm(request.POST)
    form.is_valid()
    services.save_draft(
        author=request.user, enrollment=enrollment, body=form.cleaned_data.get("body", "")
    )
    messages.success(request, _("Your draft was saved. It is kept until you send it."))
    return redirect("clinic:messages", enrollment_id=enrollment.pk)


@unit_permission_required(CONVERSATIONS)
@require_POST
def mark_read(request, enrollment_id: int):
    """Mark the citizen side's messages read: the button shown when opened from another site."""
    enrollment = get_conversation_for_staff(
        request.user, request.unit, enrollment_id, action="messages.mark_read"
    )
    services.mark_read_by_team(enrollment, reader=request.user)
    return redirect("clinic:messages", enrollment_id=enrollment.pk)


@unit_permission_required(CONVERSATIONS)
@require_GET
def attachment(request, attachment_id: int):
    return attachment_response(get_attachment_for_staff(request.user, request.unit, attachment_id))


# The unit's message templates.


def _template_list(request, form, *, status: int = 200):
    templates = MessageTemplate.objects.filter(unit=request.unit).select_related("updated_by")
    return render(
        request,
        "messaging/staff/templates.html",
        {"templates": templates, "form": form},
        status=status,
    )


@unit_permission_required(TEMPLATES)
@require_http_methods(["GET", "POST"])
def templates(request):
    """The unit's templates, and a form to add one."""
    form = TemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        create = partial(services.create_template, actor=request.user, unit=request.unit)
        added = _("The template was added.")
        if submit(request, form, create, added, refused=on_the_named_fields):
            return redirect("clinic:message_templates")
        return _template_list(request, form, status=400)
    return _template_list(request, form)


@unit_permission_required(TEMPLATES)
@require_http_methods(["GET", "POST"])
def template_edit(request, template_id: int):
    template = get_object_or_404(MessageTemplate, pk=template_id, unit=request.unit)
    if request.method == "POST":
        form = TemplateForm(request.POST)

        update = partial(services.update_template, actor=request.user, template=template)
        saved = _("The template was saved.")
        if submit(request, form, update, saved, refused=on_the_named_fields):
            return redirect("clinic:message_templates")
        status = 400
    else:
        form = TemplateForm(initial={"title": template.title, "body": template.body})
        status = 200
    return render(
        request,
        "messaging/staff/template_edit.html",
        {"template": template, "form": form},
        status=status,
    )


@unit_permission_required(TEMPLATES)
@require_POST
def template_delete(request, template_id: int):
    template = get_object_or_404(MessageTemplate, pk=template_id, unit=request.unit)
    services.delete_template(actor=request.user, template=template)
    messages.success(request, _("The template was removed."))
    return redirect("clinic:message_templates")
