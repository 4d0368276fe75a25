"""Who may open and use every messaging URL, and who may not.

Staff: only practitioners at the enrollment's unit read and write its conversation; a citizen
admin there is refused (messages are clinical); staff at another unit or provider get "not
found"; other roles, citizens and relatives are refused; the inactivated member of staff has no
workplace. Citizen side: the citizen and a relative whose active grant allows messages; another
citizen, a relative without message rights and one whose grant has ended get "not found".
Templates: practitioners and citizen admins manage their own unit's.
"""

import pytest
from django.urls import reverse

from stegvis.messaging import services
from stegvis.messaging.models import MessageTemplate
from tests.conftest import PERSONAS
from tests.factories import MessageTemplateFactory
from tests.messaging.conftest import PDF, upload

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"
RELATIVES = ["relative", "relative_without_messages", "ended_relative"]
ALL = PERSONAS + RELATIVES
OTHER_UNITS = {"other_unit_practitioner", "foreign_staff"}
STAFF_NOT_CARING = {"access_admin", "data_admin", "provider_admin", "designer", "citizen_admin"}
CITIZENS = {"citizen", "other_citizen", *RELATIVES}


@pytest.fixture
def setting(world, enrollment, relatives):
    message = services.send_team_message(
        actor=world.practitioner,
        enrollment=enrollment,
        body="Hej!",
        files=[upload("plan.pdf", PDF)],
    )
    template = MessageTemplateFactory(
        unit=world.unit, body="Hej {förnamn}", created_by=world.practitioner
    )
    return {
        "enrollment": enrollment,
        "attachment": message.attachments.get(),
        "template": template,
        "relatives": relatives,
    }


def _user(world, setting, persona):
    if persona in RELATIVES:
        return setting["relatives"][persona]
    return world.persona(persona)


def _outcome(response, success_prefix: str = "") -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return LOGIN
        if success_prefix and location.startswith(success_prefix):
            return OK
        return DENIED
    if response.status_code == 403:
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def _staff_expected(persona: str, *, allowed: set[str], other_units: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona in allowed:
        return OK
    if persona in OTHER_UNITS:
        return other_units
    return DENIED


def _citizen_expected(persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona in {"citizen", "relative"}:
        return OK
    if persona in CITIZENS:
        return NOT_FOUND
    return DENIED


STAFF_GETS = {
    "conversation": lambda s: reverse("clinic:messages", args=[s["enrollment"].pk]),
    "attachment": lambda s: reverse("clinic:message_attachment", args=[s["attachment"].pk]),
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", list(STAFF_GETS))
def test_only_practitioners_at_the_unit_open_the_staff_conversation(
    world, login, setting, name, persona
):
    response = login(_user(world, setting, persona)).get(STAFF_GETS[name](setting))
    expected = _staff_expected(persona, allowed={"practitioner"}, other_units=NOT_FOUND)
    assert _outcome(response) == expected


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", ["messages_send", "messages_draft"])
def test_only_practitioners_at_the_unit_send_or_keep_drafts(world, login, setting, name, persona):
    enrollment = setting["enrollment"]
    url = reverse(f"clinic:{name}", args=[enrollment.pk])
    response = login(_user(world, setting, persona)).post(url, {"body": "Hej igen"})
    success = reverse("clinic:messages", args=[enrollment.pk])
    expected = _staff_expected(persona, allowed={"practitioner"}, other_units=NOT_FOUND)
    assert _outcome(response, success) == expected
    sent = enrollment.messages.filter(body="Hej igen").exists()
    assert sent == (name == "messages_send" and expected == OK)


CITIZEN_GETS = {
    "conversation": lambda s: reverse("portal:messages", args=[s["enrollment"].pk]),
    "attachment": lambda s: reverse("portal:message_attachment", args=[s["attachment"].pk]),
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", list(CITIZEN_GETS))
def test_only_the_citizen_and_relatives_who_may_message_open_the_citizen_conversation(
    world, login, setting, name, persona
):
    response = login(_user(world, setting, persona)).get(CITIZEN_GETS[name](setting))
    assert _outcome(response) == _citizen_expected(persona)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", ["messages_send", "messages_draft"])
def test_only_the_citizen_side_sends_from_the_portal(world, login, setting, name, persona):
    enrollment = setting["enrollment"]
    url = reverse(f"portal:{name}", args=[enrollment.pk])
    response = login(_user(world, setting, persona)).post(url, {"body": "Svar"})
    success = reverse("portal:messages", args=[enrollment.pk])
    expected = _citizen_expected(persona)
    assert _outcome(response, success) == expected
    sent = enrollment.messages.filter(body="Svar").exists()
    assert sent == (name == "messages_send" and expected == OK)


TEMPLATE_MANAGERS = {"practitioner", "citizen_admin"}


@pytest.mark.parametrize("persona", ALL)
def test_practitioners_and_citizen_admins_manage_templates_of_their_own_unit(
    world, login, setting, persona
):
    client = login(_user(world, setting, persona))
    listing = client.get(reverse("clinic:message_templates"))
    assert _outcome(listing) == _staff_expected(persona, allowed=TEMPLATE_MANAGERS, other_units=OK)
    if persona in OTHER_UNITS:
        assert "Välkommen" not in listing.content.decode()
    edit = client.get(reverse("clinic:message_template", args=[setting["template"].pk]))
    expected = _staff_expected(persona, allowed=TEMPLATE_MANAGERS, other_units=NOT_FOUND)
    assert _outcome(edit) == expected


@pytest.mark.parametrize("persona", ALL)
def test_only_managers_at_the_unit_remove_a_template(world, login, setting, persona):
    template = setting["template"]
    url = reverse("clinic:message_template_delete", args=[template.pk])
    response = login(_user(world, setting, persona)).post(url)
    expected = _staff_expected(persona, allowed=TEMPLATE_MANAGERS, other_units=NOT_FOUND)
    assert _outcome(response, reverse("clinic:message_templates")) == expected
    assert MessageTemplate.objects.filter(pk=template.pk).exists() == (expected != OK)


def test_get_is_refused_on_post_only_urls(world, login, setting):
    client = login(world.practitioner)
    url = reverse("clinic:messages_send", args=[setting["enrollment"].pk])
    assert client.get(url).status_code == 405
