"""Fixtures for the handover tests: a receiving unit with the program active and its staff.

world.unit sends, world.other_unit (same provider) receives; both have the care test release
active. Import the fixtures by name in a test module.
"""

from dataclasses import dataclass

import pytest

from stegvis.care.models import Handover
from stegvis.care.services.handover import start_handover
from stegvis.organisation.models import CareUnit, Role, User
from tests.factories import StaffFactory, UnitFactory, assign


@dataclass
class Receiving:
    unit: CareUnit
    citizen_admin: User
    practitioner: User
    third_unit_citizen_admin: User


@pytest.fixture
def receiving(world, other_unit_release) -> Receiving:
    third = UnitFactory(provider=world.provider, name="Tredje enheten")
    return Receiving(
        unit=world.other_unit,
        citizen_admin=assign(StaffFactory(), world.other_unit, Role.CITIZEN_ADMIN),
        practitioner=world.other_unit_practitioner,
        third_unit_citizen_admin=assign(StaffFactory(), third, Role.CITIZEN_ADMIN),
    )


@pytest.fixture
def enrollment(world, start):
    return start()


@pytest.fixture
def pending(world, receiving, enrollment) -> Handover:
    return start_handover(
        actor=world.practitioner, enrollment=enrollment, to_unit=receiving.unit, consent=True
    )
