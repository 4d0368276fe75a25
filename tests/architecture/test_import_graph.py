"""The apps depend on each other one way: no cycles, hidden or not, and only downwards.

The graph is built from the source (tests/architecture/import_graph.py): imports of
`stegvis.<app>` (absolute, relative, inside functions, by name), `apps.get_model` strings, lazy
model references (`ForeignKey("app.Model")`) and permission checks naming another app's rule
(`has_perm("app.rule")`). Migrations are skipped. The same layers are written out
in docs/design.md ("Dependencies point one way").
"""

import re
from pathlib import Path

import stegvis
from tests.architecture.import_graph import (
    PROJECT,
    Edge,
    build_edges,
    cycles,
    discover_apps,
    edges_in_source,
    forbidden,
    graph_of,
    within,
)

# Lowest first. An app may depend only on apps in an EARLIER layer: apps in the same layer
# do not depend on each other at all. Keep docs/design.md in step.
LAYERS: list[set[str]] = [
    # Ground: who works where, the instruments' definitions, the web's protections.
    {"security", "organisation", "instruments"},
    # The access log (its review asks care through organisation/relationships.py).
    {"audit"},
    # Sign-in; the notification channel (digest counts come through notifications/digest_counts.py).
    # Driftinformation (operational messages to units) logs through audit only.
    {"accounts", "notifications", "bulletins"},
    # Published programs, then the design tool that makes them and the care that runs them.
    {"catalog"},
    {"design", "care"},
    # Relatives' access to an enrollment, then the conversation it opens.
    {"relatives"},
    {"messaging"},
    # Statistics, treatment outcomes and research exports read everything care records.
    # Program initiatives reuse messaging's upload checks (and link to the catalog); a citizen's
    # record export reads what care and messaging record.
    {"statistics", "initiatives", "records"},
    # The API (OAuth clients, FHIR) over care, catalog and audit; the clinic manages its clients.
    {"api"},
    # Running the service: health endpoints, metrics, backups, retention; below the portals,
    # so the clinic's retention page (gallring) is a thin view over operations' services.
    {"operations"},
    # The portals compose the apps below (e.g. clinic/lists.py adds unread counts to care's).
    {"clinic", "portal"},
    {"demo"},
    # The national-scale data generator publishes the demo's programs.
    {"loadscale"},
]

# Upward model references that need a model change (and so a migration) to remove. Each names
# the module and the app it reaches; the test fails when an entry is no longer needed, so the
# list only shrinks.
KNOWN_SCHEMA_EDGES: dict[tuple[str, str], str] = {}

PACKAGE_DIR = Path(stegvis.__file__).parent


# Project modules that wire the apps together; every other module outside the apps (db.py,
# language.py, env.py, ...) is shared by the apps and so may import none of them.
WIRING = {"stegvis.urls", "stegvis.settings", "stegvis.wsgi", "stegvis.asgi"}


def _edges() -> list[Edge]:
    return [
        e
        for e in build_edges(PACKAGE_DIR)
        if e.source != PROJECT and (e.module, e.target) not in KNOWN_SCHEMA_EDGES
    ]


def test_shared_project_modules_import_no_app():
    wrong = [e for e in build_edges(PACKAGE_DIR) if e.source == PROJECT and e.module not in WIRING]
    assert not wrong, "\n".join(map(str, wrong))


def test_every_app_has_a_layer():
    layered = [app for layer in LAYERS for app in layer]
    assert sorted(layered) == discover_apps(PACKAGE_DIR)
    assert len(layered) == len(set(layered)), "an app is in two layers"


def test_no_app_depends_on_an_app_that_depends_on_it():
    edges = _edges()
    found = cycles(graph_of(edges))
    lines = [
        f"cycle {' ↔ '.join(group)}:\n" + "\n".join(f"  {e}" for e in within(edges, group))
        for group in found
    ]
    assert not found, "\n".join(lines)


def test_every_dependency_points_to_a_lower_layer():
    wrong = forbidden(_edges(), LAYERS)
    assert not wrong, "Dependencies against the layers:\n" + "\n".join(map(str, wrong))


def test_the_design_document_lists_the_same_layers():
    text = (PACKAGE_DIR.parent / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("### Dependencies point one way", 1)[1].split("\n#", 1)[0]
    numbered = re.findall(r"^\d+\. (.*)$", section, flags=re.MULTILINE)
    documented = [
        {app.strip() for bold in re.findall(r"\*\*([^*]+)\*\*", line) for app in bold.split(",")}
        for line in numbered
    ]
    assert documented == LAYERS


def test_known_schema_edges_are_still_there():
    found = {(e.module, e.target) for e in build_edges(PACKAGE_DIR)}
    gone = set(KNOWN_SCHEMA_EDGES) - found
    assert not gone, f"Fixed, remove from KNOWN_SCHEMA_EDGES: {sorted(gone)}"


# The builder itself, on fake source.

APPS = {"low", "high", "other"}


def _fake(module: str, source: str, is_package: bool = False) -> list[Edge]:
    return edges_in_source(source, module, APPS, is_package)


def test_the_builder_finds_a_cycle_through_a_hidden_import():
    edges = [
        *_fake("stegvis.low.services", "def f():\n    from stegvis.high.models import X\n"),
        *_fake("stegvis.high.models", "from stegvis.low import services\n"),
    ]
    assert cycles(graph_of(edges)) == [["high", "low"]]


def test_the_builder_finds_a_longer_cycle_and_no_cycle_in_a_chain():
    chain = [Edge("a", "b", "m", 1), Edge("b", "c", "m", 2)]
    assert cycles(graph_of(chain)) == []
    assert cycles(graph_of([*chain, Edge("c", "a", "m", 3)])) == [["a", "b", "c"]]


def test_the_builder_reads_relative_imports_get_model_and_model_references():
    source = (
        "from django.apps import apps\n"
        "from ..high import models\n"
        "from .. import other\n"
        "Enrollment = apps.get_model('high', 'Enrollment')\n"
        "Thing = apps.get_model('other.Thing')\n"
        "owner = models.ForeignKey('high.Model', on_delete=None)\n"
        "parent = models.ForeignKey('self', on_delete=None)\n"
        "from . import helpers\n"
        "signals = import_module('stegvis.other.signals')\n"
        "allowed = user.has_perm('high.view_thing', target)\n"
    )
    found = {(e.target, e.line, e.via) for e in _fake("stegvis.low.views", source)}
    assert found == {
        ("high", 2, "import"),
        ("other", 3, "import"),
        ("high", 4, "get_model"),
        ("other", 5, "get_model"),
        ("high", 6, "model reference"),
        ("other", 9, "import by name"),
        ("high", 10, "permission"),
    }


def test_relative_imports_in_a_package_climb_from_the_package_itself():
    edges = _fake("stegvis.low.services", "from ...high import x\n", is_package=True)
    assert [(e.target, e.module, e.line) for e in edges] == [("high", "stegvis.low.services", 1)]


def test_an_upward_edge_is_named_with_its_module_and_line():
    edges = _fake("stegvis.low.queries", "\n\nimport stegvis.high.models\n")
    wrong = forbidden(edges, [{"low"}, {"high"}])
    assert [str(e) for e in wrong] == ["low → high (stegvis.low.queries:3, import)"]


def test_apps_in_one_layer_may_not_import_each_other():
    edges = _fake("stegvis.low.x", "from stegvis.other import y\n")
    assert forbidden(edges, [{"low", "other"}, {"high"}]) == edges
