"""The care tests' release and `start` helper, for enrollments to put under load."""

from tests.care.conftest import release, start  # noqa: F401
