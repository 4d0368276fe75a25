"""Sending too much too fast is refused with a clear message; the text is kept, as a draft too."""

import pytest
from django.urls import reverse

from stegvis.messaging.models import Draft
from tests.messaging.conftest import PDF, upload


@pytest.mark.parametrize(
    ("persona", "url_name"), [("practitioner", "clinic"), ("citizen", "portal")]
)
def test_a_send_over_the_limit_keeps_the_text(
    world, login, enrollment, settings, persona, url_name
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message_send": "1/m"}
    client = login(getattr(world, persona))
    url = reverse(f"{url_name}:messages_send", args=[enrollment.pk])
    assert client.post(url, {"body": "Första"}).status_code == 302
    response = client.post(url, {"body": "Andra, för snabbt"})
    assert response.status_code == 429
    assert "Andra, för snabbt" in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert list(enrollment.messages.values_list("body", flat=True)) == ["Första"]
    assert Draft.objects.get(author=getattr(world, persona)).body == "Andra, för snabbt"


def test_uploads_have_their_own_limit(world, login, enrollment, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "1/m"}
    client = login(world.citizen)
    url = reverse("portal:messages_send", args=[enrollment.pk])
    first = client.post(url, {"body": "Intyg", "files": [upload("a.pdf", PDF)]})
    assert first.status_code == 302
    second = client.post(url, {"body": "Ett till", "files": [upload("b.pdf", PDF)]})
    assert second.status_code == 429
    # Text without files is still allowed.
    assert client.post(url, {"body": "Bara text"}).status_code == 302
