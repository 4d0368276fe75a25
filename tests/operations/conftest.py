import pytest

from tests.operations import processes


@pytest.fixture
def migrated_sqlite(django_db_setup, tmp_path):
    """A function giving a migrated SQLite database file (the test database's template copied:
    `django_db_setup` makes sure the template exists)."""
    return lambda name="source.sqlite3": processes.migrated_sqlite(tmp_path / name)
