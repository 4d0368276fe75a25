"""Designers submit for review; only a publisher of the same provider approves (publishes)."""

from stegvis.design.models import StepPage
from stegvis.design.services import sync_design_groups
from tests.design.conftest import make_program


def test_a_publisher_of_the_provider_approves_what_a_designer_submits(design):
    _program, _module, _section, step = make_program(design.root)
    for user in (design.designer, design.publisher, design.foreign_publisher):
        sync_design_groups(actor=user)
    step.title = "Ny rubrik"
    revision = step.save_revision(user=design.designer)

    workflow = step.get_workflow()
    assert workflow is not None
    workflow_state = workflow.start(step, design.designer)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific

    def actions(user):
        return [name for name, *_ in task.get_actions(step, user)]

    assert "approve" in actions(design.publisher)
    assert actions(design.designer) == []
    assert actions(design.foreign_publisher) == []

    task.on_action(task_state, design.publisher, "approve")

    step = StepPage.objects.get(pk=step.pk)
    assert step.title == "Ny rubrik"
    assert step.live_revision_id == revision.pk


def test_designers_may_add_and_edit_but_not_publish(design):
    program, *_ = make_program(design.root)
    sync_design_groups(actor=design.designer)
    sync_design_groups(actor=design.publisher)
    designer_perms = program.permissions_for_user(design.designer)
    publisher_perms = program.permissions_for_user(design.publisher)
    assert designer_perms.can_edit() and designer_perms.can_add_subpage()
    assert not designer_perms.can_publish()
    assert publisher_perms.can_publish()
