"""One enrollment, as its citizen sees it: program, steps, results, plan, media.

Every view fetches the enrollment with `get_enrollment_for_citizen` (another citizen's gets
404, and each read is logged). Views parse, call a service, render; the services refuse
changes to a closed enrollment, which stays readable.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.care import charts, read
from stegvis.care.access import get_due_questionnaire_for_citizen, get_enrollment_for_citizen
from stegvis.care.models import Enrollment, Phase
from stegvis.care.services import diaries
from stegvis.care.services.answers import save_answer
from stegvis.care.services.handover import pending_handover
from stegvis.care.services.program import document_of
from stegvis.care.services.questionnaires import save_questionnaire
from stegvis.care.services.steps import complete_step, mark_step_seen
from stegvis.catalog.blocks import ANSWER_BLOCKS
from stegvis.catalog.document import localised
from stegvis.catalog.media import release_media_response
from stegvis.catalog.opening import WAITING, OpeningRule
from stegvis.charts import svg_data_uri
from stegvis.instruments.responses import shown_items
from stegvis.organisation.access import citizen_required
from stegvis.portal import steps as view_steps


def _open_keys(enrollment: Enrollment) -> set[str]:
    return read.module_states(enrollment, steps=False).open_keys


def _when(enrollment: Enrollment, doc, view: read.ModuleView) -> str:
    """Why a locked module is locked, and when it opens."""
    rule = view.module.opening.rule
    day = read.opening_day(enrollment, view.module)
    if day is not None:
        return _("Opens on %(date)s.") % {"date": formats.date_format(day, "DATE_FORMAT")}
    if rule == OpeningRule.PREVIOUS_DONE and view.index > 0:
        return _("Opens when you have finished “%(module)s”.") % {
            "module": doc.modules[view.index - 1].title
        }
    if rule == OpeningRule.AT_START:
        return _("Opens when the program starts.")
    return _("Your practitioner opens this module when it is time.")


@citizen_required
def program(request, enrollment_id: int):
    """Modules → sections → steps; locked modules say why, hidden ones are left out."""
    enrollment = get_enrollment_for_citizen(request.user, enrollment_id)
    doc = document_of(enrollment.release)
    states = read.module_states(enrollment)
    completed = states.completed_steps
    modules = [
        {
            "module": view.module,
            "open": view.is_open,
            "done": bool(view.completed_at),
            "when": "" if view.is_open else _when(enrollment, doc, view),
            "sections": [
                {
                    "section": section,
                    "steps": [{"step": s, "done": s.key in completed} for s in section.steps],
                }
                for section in view.module.sections
            ],
        }
        for view in states.modules(doc)
        if not view.is_hidden
    ]
    return render(
        request,
        "portal/program.html",
        {
            "enrollment": enrollment,
            "doc": doc,
            "modules": modules,
            "progress": states.progress(doc),
            "handover": pending_handover(enrollment),
        },
    )


def _open_step(request, enrollment_id: int, step_key: str, action: str = "enrollment.view_own"):
    """The enrollment and the step, or 404 when the step is unknown or its module not open."""
    enrollment = get_enrollment_for_citizen(request.user, enrollment_id, action=action)
    doc = document_of(enrollment.release)
    found = doc.find_step(step_key)
    if found is None:
        raise Http404
    open_keys = _open_keys(enrollment)
    if found[0].key not in open_keys:
        raise Http404
    return enrollment, doc, found, open_keys


def _render_step(request, enrollment, doc, found, open_keys, errors=None, status=200, diary=None):
    module, section, step = found
    state = read.load_step_state(enrollment, step)
    blocks = view_steps.build_blocks(enrollment, step, state, errors or {})
    if diary is not None:  # a diary entry that was not added: show it again as typed
        key, typed, diary_errors = diary
        for entry in blocks:
            if entry["key"] == key:
                entry.update(
                    view_steps.diary_entry(
                        entry["block"], state.diaries.get(key, []), diary_errors, typed
                    )
                )
                entry["errors"] = diary_errors
    previous, following = view_steps.step_neighbours(doc, step.key, open_keys)
    for entry in blocks:
        if entry["block"].type == "diary":
            entry["chart"] = _diary_chart(entry)
    saved = [a.updated_at for a in state.answers.values()] + [
        r.updated_at for r in state.responses.values()
    ]
    return render(
        request,
        "portal/step.html",
        {
            "enrollment": enrollment,
            "doc": doc,
            "module": module,
            "section": section,
            "step": step,
            "blocks": blocks,
            "summary": view_steps.error_summary(blocks),
            "previous": previous,
            "following": following,
            "closed": enrollment.phase == Phase.CLOSED,
            "has_answers": any(
                e["block"].type == "questionnaire" or e["block"].type in ANSWER_BLOCKS
                for e in blocks
            ),
            "saved_at": int(max(saved).timestamp() * 1000) if saved else 0,
        },
        status=status,
    )


def _diary_chart(entry) -> dict | None:
    block = entry["block"]
    if not block.chart_field:
        return None
    points = []
    for row in reversed(entry["entries"]):
        value = row.values.get(block.chart_field)
        if isinstance(value, int | float):
            at = timezone.make_aware(dt.datetime.combine(row.entry_date, dt.time(12)))
            points.append(charts.Point(at=at, value=value))
    if len(points) < 2:
        return None
    label = next((f.label for f in block.fields if f.key == block.chart_field), "")
    return {
        **_chart_sources([charts.Series(block.key, label, tuple(points))], block.title),
        "label": label,
    }


def _chart_sources(series, title: str) -> dict[str, str]:
    """A narrow chart for phones (legible text) and a wide one for larger screens."""
    return {
        "src": svg_data_uri(charts.render_line_chart(series, title, width=420, height=320)),
        "wide": svg_data_uri(charts.render_line_chart(series, title)),
    }


def _save_step(
    request, enrollment, step, *, action: str, shown: dict | None = None
) -> dict[str, dict[str, str]]:
    """Save every answer block of the step from the posted form; return problems per block.

    "save" and "next" submit homework, worksheets and checklists; only "next" completes a
    questionnaire (so saving half of one is not an error). Anything else keeps drafts. A
    feedback message is sent only by its own button ("send:<key>"). `shown` collects, per
    questionnaire, the items its conditions show with the saved answers.
    """
    final = action in ("save", "next")
    errors: dict[str, dict[str, str]] = {}
    send = action.removeprefix("send:") if action.startswith("send:") else ""
    for block in step.blocks:
        if block.type == "questionnaire":
            definition = document_of(enrollment.release).questionnaire_definition(
                block.questionnaire
            )
            answers = view_steps.questionnaire_answers(definition, request.POST, block.key)
            result = save_questionnaire(
                actor=request.user,
                enrollment=enrollment,
                occasion=f"block:{block.key}",
                answers=answers,
                complete=action == "next" and bool(answers),
            )
            if shown is not None:
                shown[block.key] = shown_items(definition, result.obj.answers)
        elif block.type in ANSWER_BLOCKS:
            submit = final if block.type != "feedback" else send == block.key
            result = save_answer(
                actor=request.user,
                enrollment=enrollment,
                block_key=block.key,
                value=view_steps.block_value(block, request.POST),
                submit=submit,
            )
        else:
            continue
        if result.errors:
            errors[block.key] = result.errors
    return errors


@citizen_required
def step(request, enrollment_id: int, step_key: str):
    """A step's blocks in one form; Previous, Save and Next save first, so nothing is lost."""
    enrollment, doc, found, open_keys = _open_step(request, enrollment_id, step_key)
    _module, _section, current = found
    closed = enrollment.phase == Phase.CLOSED
    if request.method != "POST":
        if not closed:
            mark_step_seen(actor=request.user, enrollment=enrollment, step_key=step_key)
        return _render_step(request, enrollment, doc, found, open_keys)
    if closed:
        messages.error(
            request, _("This program is closed. You can read it, but no longer change anything.")
        )
        return redirect("portal:step", enrollment_id=enrollment.pk, step_key=step_key)
    action = request.POST.get("action", "save")
    try:
        errors = _save_step(request, enrollment, current, action=action)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("portal:program", enrollment_id=enrollment.pk)
    previous, following = view_steps.step_neighbours(doc, step_key, open_keys)
    if action == "previous" and previous:
        # Going back keeps everything as typed (a draft); problems are shown on submit.
        return redirect("portal:step", enrollment_id=enrollment.pk, step_key=previous[0].key)
    if errors:
        return _render_step(request, enrollment, doc, found, open_keys, errors, status=400)
    if action == "next":
        try:
            complete_step(actor=request.user, enrollment=enrollment, step_key=step_key)
        except ValidationError as problem:
            for message in problem.messages:
                messages.warning(request, message)
            return redirect("portal:step", enrollment_id=enrollment.pk, step_key=step_key)
        # The next module may have opened just now.
        open_keys = _open_keys(enrollment)
        previous, following = view_steps.step_neighbours(doc, step_key, open_keys)
        if following and following[1]:
            return redirect("portal:step", enrollment_id=enrollment.pk, step_key=following[0].key)
        messages.success(request, _("Well done! You have finished the steps that are open now."))
        return redirect("portal:program", enrollment_id=enrollment.pk)
    if action.startswith("send:"):
        messages.success(request, _("Your message has been sent to your practitioner."))
    else:
        messages.success(request, _("Saved."))
    return redirect("portal:step", enrollment_id=enrollment.pk, step_key=step_key)


@citizen_required
@require_POST
def autosave(request, enrollment_id: int, step_key: str):
    """Save the step's answers as drafts (no completeness check); answer in JSON."""
    enrollment, _doc, found, _open = _open_step(
        request, enrollment_id, step_key, action="enrollment.autosave_own"
    )
    shown: dict[str, list[str]] = {}
    try:
        errors = _save_step(request, enrollment, found[2], action="autosave", shown=shown)
    except ValidationError as problem:
        return JsonResponse({"saved": False, "message": " ".join(problem.messages)}, status=409)
    flat = {
        f"{block}-{name}": message
        for block, problems in errors.items()
        for name, message in problems.items()
    }
    return JsonResponse(
        {
            "saved": True,
            "saved_at": int(timezone.now().timestamp() * 1000),
            "message": _("Saved"),
            "errors": flat,
            "shown": shown,
        }
    )


@citizen_required
@require_POST
def add_diary_entry(request, enrollment_id: int, step_key: str, diary_key: str):
    enrollment, doc, found, open_keys = _open_step(request, enrollment_id, step_key)
    block = next((b for b in found[2].blocks if b.type == "diary" and b.key == diary_key), None)
    if block is None:
        raise Http404
    typed = view_steps.diary_values(block, request.POST)
    entry_date = request.POST.get(f"{diary_key}-entry_date", "")
    try:
        result = diaries.add_diary_entry(
            actor=request.user,
            enrollment=enrollment,
            diary_key=diary_key,
            entry_date=entry_date,
            values=typed,
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("portal:step", enrollment_id=enrollment.pk, step_key=step_key)
    if result.errors:
        typed["entry_date"] = entry_date
        return _render_step(
            request,
            enrollment,
            doc,
            found,
            open_keys,
            {diary_key: result.errors},
            status=400,
            diary=(diary_key, typed, result.errors),
        )
    messages.success(request, _("The entry has been added."))
    url = reverse("portal:step", kwargs={"enrollment_id": enrollment.pk, "step_key": step_key})
    return redirect(f"{url}#{diary_key}")


@citizen_required
def due_questionnaire(request, enrollment_id: int, response_id: int):
    """A questionnaire the program asks for on a schedule."""
    response = get_due_questionnaire_for_citizen(request.user, enrollment_id, response_id)
    enrollment = response.enrollment
    definition = document_of(enrollment.release).questionnaire_definition(
        response.questionnaire_key
    )
    errors: dict[str, str] = {}
    closed = enrollment.phase == Phase.CLOSED
    if request.method == "POST" and not closed and response.completed_at is None:
        answers = view_steps.questionnaire_answers(definition, request.POST, "due")
        final = request.POST.get("action") == "complete"
        result = save_questionnaire(
            actor=request.user,
            enrollment=enrollment,
            occasion=response.occasion,
            answers=answers,
            complete=final,
        )
        if not result.errors:
            if result.completed:
                messages.success(request, _("Thank you! Your answers have been sent."))
                return redirect("portal:results", enrollment_id=enrollment.pk)
            messages.success(request, _("Saved."))
            return redirect(request.path)
        errors = result.errors
        response = result.obj
    items = view_steps.questionnaire_items(definition, response.answers, errors, "due")
    summary = [{"id": i["id"], "message": i["error"]} for i in items if i["error"]]
    return render(
        request,
        "portal/due_questionnaire.html",
        {
            "enrollment": enrollment,
            "response": response,
            "entry": {
                "key": "due",
                "title": localised(definition.title),
                "items": items,
                "completed": response.completed_at is not None,
                "summary": view_steps.score_summary(response),
                "response": response,
            },
            "summary": summary,
            "closed": closed,
        },
        status=400 if errors else 200,
    )


@citizen_required
def results(request, enrollment_id: int):
    """Each questionnaire's totals over time: a chart with a table alternative and bands."""
    enrollment = get_enrollment_for_citizen(request.user, enrollment_id)
    series = []
    for item in charts.score_series(enrollment):
        sources = _chart_sources([item], item.title) if item.points else {}
        series.append({"series": item, **sources})
    return render(
        request,
        "portal/results.html",
        {"enrollment": enrollment, "doc": document_of(enrollment.release), "series": series},
    )


@citizen_required
def plan(request, enrollment_id: int):
    """What is due when: questionnaires and module openings, in date order."""
    enrollment = get_enrollment_for_citizen(request.user, enrollment_id)
    doc = document_of(enrollment.release)
    states = read.module_states(enrollment, steps=False)
    open_keys, hidden = states.open_keys, states.hidden
    now = timezone.now()
    rows = [
        {
            "at": response.due_at,
            "what": _("Questionnaire: %(title)s")
            % {"title": doc.questionnaire_title(response.questionnaire_key)},
            "response": response,
            "due_now": response.due_at <= now,
        }
        for response in read.due_responses([enrollment.pk])
    ]
    for work in read.upcoming_work(enrollment, doc):
        if work.opens_module:
            module = doc.module(work.module_key)
            if module is None or module.key in open_keys or module.key in hidden:
                continue
            what = _("Module opens: %(title)s") % {"title": module.title}
        elif work.questionnaire_key is None:
            continue
        else:
            what = _("Questionnaire: %(title)s") % {
                "title": doc.questionnaire_title(work.questionnaire_key)
            }
        rows.append({"at": work.due_at, "what": what, "response": None, "due_now": False})
    rows.sort(key=lambda r: r["at"])
    waiting = [
        {"title": view.module.title, "when": _when(enrollment, doc, view)}
        for view in states.modules(doc)
        if not view.is_open and not view.is_hidden and view.module.opening.rule in WAITING
    ]
    return render(
        request,
        "portal/plan.html",
        {"enrollment": enrollment, "doc": doc, "rows": rows, "waiting": waiting},
    )


@citizen_required
def media(request, enrollment_id: int, name: str):
    """A media file of the enrollment's release (images, video, audio, captions)."""
    enrollment = get_enrollment_for_citizen(
        request.user, enrollment_id, action="enrollment.media_own"
    )
    return release_media_response(enrollment.release_id, name)
