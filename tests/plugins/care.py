"""The care tests' release and `start`, for every test package (Saleor's plugin pattern).

`release` is the care test document (tests/care/conftest.py) released to the world's provider
and active at world.unit; a package with a release of its own (tests/portal, the citizen's
document) defines `release` in its conftest, which takes precedence there.
"""

import pytest
from django.utils import timezone

from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from tests.care_documents import care_document


@pytest.fixture
def release(world):
    """The care test release, released to the world's provider and active at world.unit."""
    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    return release


@pytest.fixture
def other_unit_release(world, release):
    UnitActivation.objects.create(release=release, unit=world.other_unit)
    return release


@pytest.fixture
def start(world, release):
    """Start the care release for a citizen (default: world.citizen with world.practitioner)."""
    from stegvis.care.services.enrollment import start_enrollment

    def _start(citizen=None, practitioner=None, unit=None, start_date=None, actor=None):
        return start_enrollment(
            actor=actor or world.practitioner,
            unit=unit or world.unit,
            release=release,
            citizen=citizen or world.citizen,
            practitioner=practitioner or world.practitioner,
            start_date=start_date or timezone.localdate(),
        )

    return _start
