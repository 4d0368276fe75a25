"""The rows of Mina's and Alla's enrollment table, built in Python (clinic/care/_table.html).

A page shows 50 rows of seven or eight cells, each with a link, badges, a date and, for a
citizen admin, the practitioner menu. In the template language that was three includes per
row, 170 loops and about 1,800 variable lookups per page: most of the page's time once the
list's queries were fast (issue 19, docs/scaling.md "Rendering Mina and Alla"). As the admin's
change list does (`items_for_result`), the rows are put together here with `format_html`, each
label translated and each URL pattern reversed once per page. Every value is escaped; the
markup is what the template made (tests/clinic/test_enrollment_rows.py holds them equal).
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stegvis.care.models import Flag, Phase
from stegvis.clinic.templatetags.handover import practitioner_menu, practitioner_options

register = template.Library()

# Reversed once per page with this id, then the id of each row put in its place.
_PLACEHOLDER = 987654321


class _Links:
    """The row's URLs, each pattern reversed once."""

    def __init__(self) -> None:
        self.patterns = {
            name: reverse(f"clinic:{name}", args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
            for name in ("enrollment", "enrollment_practitioner", "messages")
        }

    def __call__(self, name: str, pk: int) -> str:
        before, after = self.patterns[name]
        return f"{before}{pk}{after}"


def _choice_labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


class _Labels:
    """The page's translated words, each looked up once."""

    def __init__(self) -> None:
        self.flags = _("Flags")
        self.program = _("Program")
        self.phase = _("Phase")
        self.activity = _("Last activity")
        self.feedback = _("Feedback waiting")
        self.practitioner = _("Practitioner")
        self.unread = _("Unread messages")
        self.unread_words = _("unread messages")
        self.unnamed = _("Unnamed citizen")
        self.training = _("Training")
        self.assign_to_me = _("Assign to me")
        self.change = _("Change practitioner")
        self.choose_practitioner = _("Choose a practitioner")
        self.choose = _("Choose")
        self.short_date = get_format("SHORT_DATE_FORMAT")
        self.zone = timezone.get_current_timezone()
        self.days: dict = {}  # a day's short date, formatted once per page
        # Each choice's label translated once per page: a model's get_FOO_display() hashes
        # every lazy label of the field on each call (about 30 µs; a page has hundreds).
        self.levels = _choice_labels(Flag.Level)
        self.kinds = _choice_labels(Flag.Kind)
        self.phases = _choice_labels(Phase)

    def day(self, at) -> str:
        day = at.date()
        if day not in self.days:
            self.days[day] = date_format(at, self.short_date)
        return self.days[day]


def _citizen_cell(row, name: str, context, links: _Links, labels: _Labels) -> SafeString:
    pick = ""
    if context.get("group_choices"):
        pick = format_html(
            '<input type="checkbox" name="enrollment" value="{}" form="add-to-group" '
            'id="pick-{}" class="row-pick"><label for="pick-{}" class="visually-hidden">{}'
            "</label> ",
            row.pk,
            row.pk,
            row.pk,
            mark_safe(_("Tick %(name)s") % {"name": conditional_escape(name)}),
        )
    training = format_html(' <span class="badge">{}</span>', labels.training)
    groups = format_html_join(
        "",
        ' <span class="badge badge-group">{}</span>',
        ((link.group.name,) for link in row.group_links),
    )
    return format_html(
        '<th scope="row">{}<a href="{}">{}</a>{}{}</th>',
        mark_safe(pick),
        links("enrollment", row.pk),
        name or labels.unnamed,
        training if row.is_training else "",
        groups,
    )


def _flags_cell(row, labels: _Labels) -> SafeString:
    """One badge for the open flags of each level and kind, with their number when more than
    one: seventeen alarm flags are one red badge saying seventeen (Hantera lists each to
    acknowledge)."""
    flags = format_html_join(
        "",
        '<span class="badge flag-{}">{}: {}{}</span> ',
        (
            (
                tally.level,
                labels.levels.get(tally.level, tally.level),
                labels.kinds.get(tally.kind, tally.kind),
                f" ({tally.count})" if tally.count > 1 else "",
            )
            for tally in row.flag_tallies
        ),
    )
    return format_html('<td data-label="{}">{}</td>', labels.flags, flags or "–")


def _practitioner_cell(row, name: str, context, links: _Links, labels: _Labels) -> SafeString:
    shown = row.practitioner.get_full_name() if row.practitioner else ""
    cell = format_html(
        '<td data-label="{}"><span class="practitioner-name">{}</span>',
        labels.practitioner,
        shown or "–",
    )
    menu = practitioner_menu(context, row)
    if not menu:
        return cell + mark_safe("</td>\n")
    user = context["request"].user
    action = links("enrollment_practitioner", row.pk)
    itself = ""
    if menu["self"]:
        itself = format_html(
            '<p><button type="submit" name="practitioner" value="{}" class="secondary" '
            'data-name="{}">{}</button></p>',
            user.pk,
            user.get_full_name(),
            labels.assign_to_me,
        )
    empty = ""
    if not row.practitioner_id:
        empty = format_html('<option value="">{}</option>', labels.choose_practitioner)
    return cell + format_html(
        '\n<details class="practitioner-menu" data-practitioner-menu>\n'
        '  <summary><span class="practitioner-menu-icon" aria-hidden="true"></span>'
        '<span class="visually-hidden">{}</span></summary>\n'
        '  <form method="get" action="{}" data-citizen="{}" data-current="{}" '
        'data-confirm-action="{}">\n'
        "    {}\n"
        '    <label for="practitioner-{}">{}</label>\n'
        '    <select id="practitioner-{}" name="practitioner">\n'
        "      {}\n"
        "      {}\n"
        "    </select>\n"
        '    <button type="submit" data-choose>{}</button>\n'
        "  </form>\n"
        "</details></td>\n",
        mark_safe(_("Change practitioner for %(citizen)s") % {"citizen": conditional_escape(name)}),
        action,
        name,
        row.practitioner_id or "",
        action,
        itself,
        row.pk,
        labels.change,
        row.pk,
        empty,
        practitioner_options(menu, row),
        labels.choose,
    )


def _activity_cell(row, labels: _Labels) -> SafeString:
    if not row.last_activity_at:
        return format_html('<td data-label="{}">–</td>', labels.activity)
    at = row.last_activity_at.astimezone(labels.zone)  # as the date filter shows it
    return format_html(
        '<td data-label="{}"><time datetime="{}">{}</time></td>',
        labels.activity,
        at.isoformat(),  # the date filter's "c"
        labels.day(at),
    )


def _unread_cell(row, name: str, links: _Links, labels: _Labels) -> SafeString:
    if not row.unread_messages:
        return format_html('<td data-label="{}">–</td>', labels.unread)
    return format_html(
        '<td data-label="{}"><a href="{}" class="unread-count">{}'
        '<span class="visually-hidden"> {}: {}</span></a></td>',
        labels.unread,
        links("messages", row.pk),
        localize(row.unread_messages),
        labels.unread_words,
        name,
    )


@register.simple_tag(takes_context=True)
def enrollment_rows(context, page, show_practitioner: bool) -> SafeString:
    """The table's `<tr>`s for the page's enrollments."""
    links, labels = _Links(), _Labels()
    rows = []
    for row in page:
        name = row.citizen.get_full_name()
        cells = [
            _citizen_cell(row, name, context, links, labels),
            _flags_cell(row, labels),
            format_html('<td data-label="{}">{}</td>', labels.program, row.release.name),
            format_html(
                '<td data-label="{}">{}</td>', labels.phase, labels.phases.get(row.phase, row.phase)
            ),
        ]
        if show_practitioner:
            cells.append(_practitioner_cell(row, name, context, links, labels))
        cells += [
            _activity_cell(row, labels),
            format_html(
                '<td data-label="{}">{}</td>',
                labels.feedback,
                localize(row.waiting_feedback) if row.waiting_feedback else "–",
            ),
            _unread_cell(row, name, links, labels),
        ]
        rows.append("    <tr>\n      " + "\n      ".join(cells) + "\n    </tr>\n")
    return mark_safe("".join(rows))
