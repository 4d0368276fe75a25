import pytest

from tests.documents import minimal_document
from tests.factories import ReleaseFactory


@pytest.fixture
def document() -> dict:
    return minimal_document()


@pytest.fixture
def release(world):
    """Our provider's own minimal program, version 1.0."""
    return ReleaseFactory(owner=world.provider)


@pytest.fixture
def foreign(world):
    """Another provider's program, released to ours but without an agreement."""
    return ReleaseFactory(
        owner=world.other_provider, key="annat", providers=[world.other_provider, world.provider]
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Media files written by releases land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
