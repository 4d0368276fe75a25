"""Only staff with a current designer or publisher role reach /design/, with MFA, and each
provider's designers see and change only their own provider's programs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.design.models import ProgramPage
from stegvis.organisation.models import RoleGrant
from tests.design.conftest import make_program
from tests.factories import StaffFactory, assign


@pytest.mark.parametrize(
    "persona",
    [
        "citizen",
        "practitioner",
        "provider_admin",
        "access_admin",
        "inactivated_staff",
        "unassigned_staff",
        "foreign_staff",
    ],
)
def test_staff_without_a_design_role_and_citizens_are_refused(design, world, login, persona):
    response = login(world.persona(persona)).get("/design/")
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(design, login):
    response = login(None).get("/design/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_designers_and_publishers_get_in(design, login):
    assert login(design.designer).get("/design/").status_code == 200
    assert login(design.publisher).get("/design/").status_code == 200


def test_a_designer_without_a_second_factor_must_set_one_up_first(design, world, login):
    from tests.factories import StaffFactory

    newcomer = assign(StaffFactory(with_totp=False), world.unit, "designer")
    response = login(newcomer).get("/design/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_designer_whose_role_is_inactivated_loses_access_and_group(design, world, login):
    client = login(design.designer)
    assert client.get("/design/").status_code == 200
    assert design.designer.groups.filter(name__startswith="design:").exists()
    RoleGrant.objects.filter(staff=design.designer).update(inactivated_at=timezone.now())
    assert login(design.designer).get("/design/").status_code == 403


def test_a_designer_edits_own_providers_program(design, login):
    _program, _module, _section, step = make_program(design.root)
    client = login(design.designer)
    assert client.get(reverse("wagtailadmin_explore", args=[design.root.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[step.pk])).status_code == 200


def other_providers_urls(program, step):
    return [
        reverse("wagtailadmin_explore", args=[program.get_parent().pk]),
        reverse("wagtailadmin_explore", args=[program.pk]),
        reverse("wagtailadmin_pages:edit", args=[program.pk]),
        reverse("wagtailadmin_pages:edit", args=[step.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[step.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[step.pk]),
        reverse("wagtailadmin_pages:history", args=[step.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[step.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[program.pk]),
        reverse("wagtailadmin_pages:add", args=["design", "modulepage", program.pk]),
        reverse("wagtailadmin_pages:delete", args=[program.pk]),
        reverse("wagtailadmin_pages:copy", args=[program.pk]),
        reverse("design_release", args=[program.pk]),
    ]


@pytest.mark.parametrize("who", ["foreign_designer", "foreign_publisher"])
def test_another_providers_staff_cannot_open_anything_of_the_program(design, login, who):
    program, _module, _section, step = make_program(design.root)
    client = login(getattr(design, who))
    for url in other_providers_urls(program, step):
        assert client.get(url).status_code == 404, url


def test_another_providers_designer_cannot_change_or_release_by_post(design, login):
    program, _module, _section, _step = make_program(design.root)
    client = login(design.foreign_publisher)
    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=[program.pk]),
        {"title": "Kapad", "program_key": "testprogram", "slug": "kapad"},
    )
    release = client.post(
        reverse("design_release", args=[program.pk]),
        {"level": "major", "release_notes": "x", "providers": [design.other_root.provider_id]},
    )
    assert edit.status_code == 404 and release.status_code == 404
    assert ProgramPage.objects.get(pk=program.pk).title == "Testprogram"
    assert not program.releases().exists()


def test_listings_search_and_choosers_show_only_own_providers_pages(design, login):
    make_program(design.root, title="Hemligt program A")
    make_program(design.other_root, key="b", title="Program B")
    client = login(design.foreign_designer)
    for url in (
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[design.other_root.pk]),
        reverse("wagtailadmin_pages:search") + "?q=program",
        reverse("wagtailadmin_choose_page") + "?q=program",
        reverse("wagtailadmin_choose_page"),
        "/design/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Hemligt program A" not in response.content.decode(), url


def test_a_designer_at_both_providers_works_in_both(design, world, login):
    both = assign(StaffFactory(), world.foreign_unit, "designer")
    assign(both, world.unit, "designer")
    program, *_ = make_program(design.root)
    other, *_ = make_program(design.other_root, key="b", title="Program B")
    client = login(both)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[program.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).status_code == 200


def test_reports_do_not_show_another_providers_pages(design, login):
    _program, _module, _section, step = make_program(design.root, title="Hemligt program A")
    from stegvis.design.services import sync_design_groups

    sync_design_groups(actor=design.designer)
    step.save_revision(user=design.designer)
    step.get_workflow().start(step, design.designer)
    step.save_revision(user=design.designer, log_action=True)
    client = login(design.foreign_designer)
    for name in (
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:page_types_usage",
    ):
        response = client.get(reverse(name), follow=True)
        content = response.content.decode()
        assert "Hemligt program A" not in content and "Steg 1" not in content, name
    for model in ("programpage", "steppage"):
        response = client.get(reverse("wagtailadmin_pages:type_use", args=["design", model]))
        content = response.content.decode()
        assert "Hemligt program A" not in content and "Steg 1" not in content, model


def test_wagtails_own_password_and_email_forms_are_off(design, login):
    client = login(design.designer)
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="password_old"' not in content
    assert 'name="email"' not in content


def test_the_admin_api_does_not_show_another_providers_pages(design, login):
    program, *_ = make_program(design.root, title="Hemligt program A")
    client = login(design.foreign_designer)
    listing = client.get("/design/api/main/pages/?child_of=root")
    assert "Hemligt program A" not in listing.content.decode()
    detail = client.get(f"/design/api/main/pages/{program.pk}/")
    assert detail.status_code == 404
    assert "Hemligt program A" not in detail.content.decode()
