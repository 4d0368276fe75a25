"""What a notification says: only that something is new, and where to sign in.

Texts are rendered from the kind alone, in the recipient's language. Nothing here may read a
message, a program, a unit name, a diagnosis or a score; the staff digest carries counts per
unit (by HSA-id) and nothing else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stegvis.notifications.kinds import Kind

# One line per kind: what is new, without saying what it is about.
LINES = {
    Kind.NEW_MESSAGE: gettext_lazy("You have a new message in Stegvis."),
    Kind.NEW_ENROLLMENT: gettext_lazy("You have been given access to something new in Stegvis."),
    Kind.MODULE_OPENED: gettext_lazy("There is new material for you in Stegvis."),
    Kind.FEEDBACK_GIVEN: gettext_lazy("You have received a response in Stegvis."),
    Kind.QUESTIONNAIRE_DUE: gettext_lazy("There is a form waiting for you in Stegvis."),
    Kind.REMINDER: gettext_lazy("A reminder: something is waiting for you in Stegvis."),
    Kind.PRACTITIONER_CHANGED: gettext_lazy("There is news for you in Stegvis."),
    Kind.RELATIVE_INVITED: gettext_lazy("You have been invited to take part in Stegvis."),
    Kind.APPROVAL_REQUESTED: gettext_lazy("Something in Stegvis is waiting for your answer."),
    Kind.HANDOVER_PROPOSED: gettext_lazy("There is news for you in Stegvis."),
    Kind.INITIATIVE_UPDATED: gettext_lazy("There is news about your initiative in Stegvis."),
    Kind.SEVERAL: gettext_lazy("You have new things in Stegvis."),
    Kind.STAFF_DIGEST: gettext_lazy("There is new work at your units in Stegvis."),
}
VERIFICATION_MINUTES = 15


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def site_url(path: str = "/") -> str:
    return settings.SITE_URL.rstrip("/") + path


def render(
    kind: str,
    channel: str,
    *,
    language: str = "sv",
    code: str = "",
    unit_counts: list[tuple[str, int, int]] | None = None,
) -> Text:
    """Render `kind` for `channel` ("email" or "sms") in `language`.

    Raises KeyError for a kind without a text, so a new kind cannot go out blank.
    """
    kind = Kind(kind)
    with translation.override(language or settings.LANGUAGE_CODE):
        if kind == Kind.VERIFICATION_CODE:
            line = _("Your code for Stegvis is %(code)s. It is valid for %(minutes)s minutes.") % {
                "code": code,
                "minutes": VERIFICATION_MINUTES,
            }
            notice = _("If you did not ask for it, you can ignore this.")
            return Text(subject=_("Your code for Stegvis"), body=f"{line}\n\n{notice}")
        line = str(LINES[kind])
        if kind == Kind.STAFF_DIGEST:
            return _staff_digest(line, unit_counts or [])
        if channel == "sms":
            return Text(subject="", body=f"{line} " + _("Sign in at %(url)s") % {"url": site_url()})
        body = "\n\n".join(
            [
                line,
                _("Sign in at %(url)s to see it.") % {"url": site_url()},
                _("This e-mail cannot be answered. Please do not reply."),
            ]
        )
        return Text(subject=line, body=body)


def _staff_digest(line: str, unit_counts: list[tuple[str, int, int]]) -> Text:
    rows = [
        _("Unit %(hsa_id)s: %(messages)s, %(flags)s.")
        % {
            "hsa_id": hsa_id,
            "messages": ngettext(
                "%(n)s unread message from citizens", "%(n)s unread messages from citizens", m
            )
            % {"n": m},
            "flags": ngettext("%(n)s prioritised flag", "%(n)s prioritised flags", f) % {"n": f},
        }
        for hsa_id, m, f in unit_counts
    ]
    link = _("Sign in to Mina at %(url)s") % {"url": site_url(reverse("clinic:my_enrollments"))}
    body = "\n\n".join([line, "\n".join(rows), link])
    return Text(subject=_("New in Stegvis at your units"), body=body)
