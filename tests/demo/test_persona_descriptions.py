"""What the sign-in sheet says about each persona matches the roles the demo gives them."""

import pytest

from stegvis.demo import personas
from stegvis.organisation.models import Role

WORDS = {
    Role.PRACTITIONER: "practitioner",
    Role.CITIZEN_ADMIN: "citizen admin",
    Role.DATA_ADMIN: "data admin",
    Role.ACCESS_ADMIN: "access admin",
    Role.DESIGNER: "designer",
    Role.PUBLISHER: "publisher",
    Role.PROVIDER_ADMIN: "provider admin",
}


def _held(persona) -> set[str]:
    held = {role for roles in persona.unit_roles.values() for role in roles}
    return held | ({Role.PROVIDER_ADMIN} if persona.provider_admin_of else set())


@pytest.mark.parametrize("persona", personas.STAFF, ids=lambda p: p.key)
def test_each_staff_description_names_exactly_the_roles_held(persona):
    # "test practitioner" names the training persona, not a role.
    description = persona.description.replace("test practitioner", "test persona")
    for role, word in WORDS.items():
        assert (word in description) == (role in _held(persona)), (persona.key, word)


def test_the_other_citizen_is_described_by_her_real_enrollment():
    # A real citizen never has a training enrollment (docs/training.md).
    alva = next(c for c in personas.CITIZENS if c.key == "invanare2")
    assert "training" not in alva.description
    assert "Sara Holm" in alva.description


def test_test_citizens_carry_test_personnummer_and_real_ones_do_not():
    from stegvis.organisation.training import is_test_personnummer

    for citizen in personas.CITIZENS:
        assert is_test_personnummer(citizen.personnummer) == citizen.is_training, citizen.key
