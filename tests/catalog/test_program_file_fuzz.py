"""Whatever bytes arrive, reading a program file either succeeds or refuses with a message."""

import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stegvis.catalog import files
from tests.catalog.test_program_files import _manifest, _zip

pytestmark = pytest.mark.django_db


def _read(data: bytes) -> None:
    try:
        files.read_program_file(data)
    except ValidationError as error:
        assert error.messages and error.code


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_cleanly(data):
    _read(data)


VALID = _zip({files.MANIFEST: json.dumps(_manifest())})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_damaged_program_files_are_refused_cleanly(changes):
    data = bytearray(VALID)
    for position, value in changes:
        data[position] = value
    _read(bytes(data))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(VALID)))
def test_truncated_program_files_are_refused_cleanly(length):
    _read(VALID[:length])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


DOCUMENT_PATHS = list(_paths(_manifest()["document"]))[1:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DOCUMENT_PATHS), JSON)
def test_documents_with_any_part_replaced_are_refused_cleanly(path, value):
    manifest = _manifest()
    target = manifest["document"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _read(_zip({files.MANIFEST: json.dumps(manifest)}))
