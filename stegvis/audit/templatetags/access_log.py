"""Labels for access events in the log review and the citizen's view."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stegvis.organisation.models import Role

register = template.Library()


@register.filter
def access_role(value: str) -> str:
    """The role an event was recorded in, as the UI names it."""
    if value == "log_reviewer":
        return _("Log reviewer")
    if value == "relative":
        return _("Relative or guardian")
    if value == "citizen":
        return _("Citizen")
    if value == "system_admin":
        return _("System administrator")
    if value == "api_client":
        return _("API client")
    if not value:
        return "–"
    try:
        return Role(value).label
    except ValueError:
        return value


# What each action code means, as the log review shows it: the one place for these labels.
# The CSV export keeps the codes (stable for tools); people read these.
_ACTIONS = {
    "agreement.create": _lazy("Created an agreement"),
    "agreement.update": _lazy("Changed an agreement"),
    "answer.save": _lazy("Saved an answer"),
    "answer.submit": _lazy("Submitted an answer"),
    "assignment.create": _lazy("Created a care assignment"),
    "api.bulk_export": _lazy("Exported pseudonymised answers for research through the API"),
    "api.bulk_export_download": _lazy("Downloaded a research export through the API"),
    "api.client_create": _lazy("Created an API client"),
    "api.client_revoke": _lazy("Revoked an API client"),
    "api.client_rotate": _lazy("Gave an API client a new secret"),
    "api.enrollment_search": _lazy("Searched enrollments through the API"),
    "api.messages_read": _lazy("Read messages through the API"),
    "api.read": _lazy("Read through the API"),
    "api.search": _lazy("Searched through the API"),
    "audit.export": _lazy("Exported the access log"),
    "bulletin.publish": _lazy("Published operational information"),
    "bulletin.edit": _lazy("Changed operational information"),
    "bulletin.end": _lazy("Ended operational information early"),
    "audit.lookup_refused": _lazy("Was refused a look-up of a citizen in the access log"),
    "audit.patterns": _lazy("Looked at access patterns"),
    "audit.reviewer_end": _lazy("Ended a log reviewer's access"),
    "audit.reviewer_grant": _lazy("Appointed a log reviewer"),
    "audit.search": _lazy("Searched the access log"),
    "audit.view_own_accesses": _lazy("Viewed who has read their data"),
    "care.block": _lazy("Blocked a unit's access (spärr)"),
    "care.block_lift": _lazy("Lifted a block (spärr)"),
    "care.enrollment_assign": _lazy("Changed the responsible practitioner"),
    "care.enrollment_start": _lazy("Started an enrollment"),
    "care.feedback_respond": _lazy("Answered feedback"),
    "care.flag_acknowledge": _lazy("Acknowledged a flag"),
    "care.flag_raise": _lazy("Raised a flag"),
    "care.group_add": _lazy("Added an enrollment to a group"),
    "care.group_remove": _lazy("Removed an enrollment from a group"),
    "care.handover_approve": _lazy("Approved a handover"),
    "care.handover_reject": _lazy("Rejected a handover"),
    "care.handover_start": _lazy("Started a handover"),
    "care.handover_withdraw": _lazy("Withdrew a handover"),
    "care.list_all": _lazy("Viewed the list of all enrollments"),
    "care.list_group": _lazy("Viewed the enrollments of a group"),
    "care.list_incoming_handovers": _lazy("Viewed the incoming handovers"),
    "care.list_mine": _lazy("Viewed the list of own enrollments"),
    "care.module_hide": _lazy("Hid a module"),
    "care.module_open": _lazy("Unlocked a module"),
    "care.module_show": _lazy("Showed a module"),
    "care.phase_change": _lazy("Changed the phase"),
    "care.questionnaire_schedule": _lazy("Scheduled a questionnaire"),
    "care.view_incoming_handover": _lazy("Viewed an incoming handover"),
    "citizen.lookup": _lazy("Searched for a citizen"),
    "citizen.register": _lazy("Registered a citizen"),
    "citizen.view": _lazy("Viewed a citizen's details"),
    "diary.add": _lazy("Added a diary entry"),
    "diary.entry": _lazy("Added a diary entry"),
    "enrollment.autosave_own": _lazy("Saved an answer automatically"),
    "enrollment.change": _lazy("Changed an enrollment"),
    "enrollment.list_as_relative": _lazy("Viewed the programs they follow"),
    "enrollment.media_as_relative": _lazy("Opened a film or file in the program"),
    "enrollment.media_own": _lazy("Opened a film or file in the program"),
    "enrollment.start_open": _lazy("Started an open program"),
    "enrollment.view": _lazy("Viewed an enrollment"),
    "enrollment.view_as_relative": _lazy("Viewed the program they follow"),
    "enrollment.view_own": _lazy("Viewed their own program"),
    "instrument.import": _lazy("Imported a questionnaire (FHIR)"),
    "messages.attachment.download": _lazy("Downloaded an attachment"),
    "messages.draft": _lazy("Saved a message draft"),
    "messages.mark_read": _lazy("Marked messages as read"),
    "messages.send": _lazy("Sent a message"),
    "messages.view": _lazy("Read messages"),
    "messages.view_own": _lazy("Read their own messages"),
    "organisation.import": _lazy("Imported units and staff from the HSA catalogue"),
    "provider.create": _lazy("Created a care provider"),
    "questionnaire.complete": _lazy("Completed a questionnaire"),
    "questionnaire.save": _lazy("Saved a questionnaire"),
    "record.exported": _lazy("Exported a citizen's record"),
    "record.exported_by_citizen": _lazy("Downloaded their own record"),
    "relative.approve": _lazy("Approved a relative's access"),
    "relative.change": _lazy("Changed a relative's access"),
    "relative.decline": _lazy("Declined a relative's invitation"),
    "relative.end": _lazy("Ended a relative's access"),
    "relative.invite": _lazy("Invited a relative or guardian"),
    "relative.withdraw_approval": _lazy("Ended a relative's access they had approved"),
    "relatives.view": _lazy("Viewed relatives and guardians"),
    "release.activate": _lazy("Activated a program on a unit"),
    "release.create": _lazy("Released a program"),
    "release.deactivate": _lazy("Deactivated a program on a unit"),
    "release.import": _lazy("Imported a program"),
    "release.withdraw": _lazy("Withdrew a program"),
    "retention.enrollment_deleted": _lazy("Deleted an ended enrollment past its retention period"),
    "retention.run": _lazy("Ran the retention of ended enrollments"),
    "retention.attachment_deleted": _lazy("Deleted an attachment past its retention period"),
    "retention.period_set": _lazy("Set a retention period"),
    "retention.period_reset": _lazy("Reset a retention period to its default"),
    "role.grant": _lazy("Granted a role"),
    "oidc.backchannel_logout": _lazy("Signed out by their identity provider"),
    "role.inactivate": _lazy("Inactivated a role"),
    "statistics.research_download": _lazy("Downloaded a research export"),
    "statistics.research_export": _lazy("Made a research export"),
    "statistics.research_exporter_authorise": _lazy(
        "Authorised a data admin to make research exports"
    ),
    "statistics.research_exporter_revoke": _lazy("Revoked a data admin's research exports"),
    "staff.create": _lazy("Created a staff member"),
    "step.complete": _lazy("Completed a step"),
    "step.seen": _lazy("Viewed a step"),
    "system_admin.appoint": _lazy("Appointed a system administrator"),
    "training.reset": _lazy("Reset a unit's training data"),
    "training.test_patient_created": _lazy("Created their test patient (training)"),
    "training.test_patient_sign_in": _lazy("Signed in as their test patient (training)"),
    "training.test_patient_sign_out": _lazy("Went back from their test patient (training)"),
    "unit.create": _lazy("Created a care unit"),
    "unit.deactivate": _lazy("Deactivated a care unit"),
}


@register.filter
def access_action(action: str) -> str:
    """A readable label for an event's action code; unknown codes are named as such."""
    label = _ACTIONS.get(action)
    if label is not None:
        return str(label)
    return _("Other action: %(code)s") % {"code": action}


# Roles in which the one who acted was not staff: they belong in the citizen's side of the log.
_NOT_STAFF = {"citizen", "relative", "api_client"}


@register.filter
def by_staff(event) -> bool:
    """Whether a staff member did it (the "Staff member" column), not a citizen or relative."""
    if event.actor_id is None or event.actor_role in _NOT_STAFF:
        return False
    return bool(event.actor_hsa_id) or event.actor.is_care_staff


@register.filter
def acted_as(event) -> str:
    """The role column: the role, and for a relative (or a citizen not the subject) who it was."""
    role = access_role(event.actor_role)
    if event.actor_role == "api_client":
        # The client's code (from the clinic's list of API clients), and who signed in to it.
        label = _("%(role)s %(code)s") % {"role": role, "code": event.actor_hsa_id}
        if event.actor_id is None:
            return label
        name = event.actor.get_full_name() or event.actor.email
        return _("%(role)s: %(name)s") % {"role": label, "name": name}
    if by_staff(event) or event.actor_id is None or event.actor_id == event.citizen_id:
        return role
    name = event.actor.get_full_name() or event.actor.email
    return _("%(role)s: %(name)s") % {"role": role, "name": name}


# What a citizen is told was looked at, by the start of the event's action code.
_SUBJECTS = (
    ("statistics.research_", lambda: _("Research export by the care provider")),
    ("api.bulk_export", lambda: _("Research export through the API")),
    ("audit.", lambda: _("Review of the access log")),
    ("care.list_", lambda: _("The unit's list of patients")),
    ("citizen.", lambda: _("Your personal details")),
    ("message", lambda: _("Your messages")),
    ("attachment", lambda: _("Your messages")),
    ("handover", lambda: _("Your program")),
    ("care.block", lambda: _("Your blocks")),
    ("care.", lambda: _("Your program")),
    ("enrollment", lambda: _("Your program")),
    ("relative", lambda: _("Your relatives and guardians")),
)


@register.filter
def access_subject(action: str) -> str:
    for prefix, label in _SUBJECTS:
        if action.startswith(prefix):
            return label()
    return _("Your care")


@register.simple_tag
def search_url(event_filter) -> str:
    """The log search matching a pattern row (ids and dates only)."""
    from django.urls import reverse

    return f"{reverse('clinic:access_log')}?{urlencode(event_filter.as_query())}"
