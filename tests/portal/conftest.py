from tests.portal.fixtures import enrollment, release  # noqa: F401
