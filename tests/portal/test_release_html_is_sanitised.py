"""HTML from a release (perhaps imported from another instance) cannot run script."""

from django.urls import reverse

from stegvis.catalog.html import clean_release_html
from tests.factories import ReleaseFactory
from tests.portal.documents import care_document
from tests.portal.fixtures import make_enrollment

HOSTILE = (
    '<p onclick="steal()">Hej<script>alert(1)</script>'
    '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">länk</a>'
    '<a href="https://1177.se">1177</a><iframe src="https://evil.example"></iframe></p>'
)


def test_scripts_handlers_and_frames_are_removed():
    cleaned = str(clean_release_html(HOSTILE))
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<img"):
        assert bad not in cleaned
    assert '<a href="https://1177.se" rel="noopener noreferrer">1177</a>' in cleaned
    assert cleaned.startswith("<p>Hej")


def test_the_step_page_shows_a_hostile_text_block_harmlessly(world, login):

    document = care_document()
    first_step = document["modules"][0]["sections"][0]["steps"][0]
    first_step["blocks"].insert(0, {"type": "text", "html": HOSTILE})
    release = ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)
    enrollment = make_enrollment(world.citizen, world.unit, release)
    response = login(world.citizen).get(
        reverse("portal:step", args=[enrollment.pk, first_step["key"]])
    )
    assert response.status_code == 200
    main = response.text.split("<main", 1)[1]
    assert "alert(" not in main
    assert "Hej" in main
