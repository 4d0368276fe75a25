"""No personnummer, names or health data in the portal's URLs: only ids and release keys."""

import re

from django.urls import reverse

from stegvis.care.services.questionnaires import save_questionnaire
from tests.portal.documents import phq9_answers

HREF = re.compile(r'(?:href|src|action|data-autosave-url)="([^"]+)"')


def test_links_on_the_citizens_pages_carry_only_ids_and_keys(world, enrollment, login):
    save_questionnaire(
        actor=world.citizen,
        enrollment=enrollment,
        occasion="block:q1",
        answers=phq9_answers(item9="1"),
        complete=True,
    )
    client = login(world.citizen)
    pages = [
        reverse("portal:home"),
        reverse("portal:program", args=[enrollment.pk]),
        reverse("portal:step", args=[enrollment.pk, "mood-check"]),
        reverse("portal:step", args=[enrollment.pk, "exercises"]),
        reverse("portal:results", args=[enrollment.pk]),
        reverse("portal:plan", args=[enrollment.pk]),
    ]
    secrets = [
        world.citizen.personnummer,
        world.citizen.personnummer[2:],
        world.citizen.first_name,
        world.citizen.last_name,
        "phq9",
        "score",
    ]
    for page in pages:
        links = [
            link
            for link in HREF.findall(client.get(page).content.decode())
            if not link.startswith("data:")
        ]
        for link in links:
            assert not any(secret.lower() in link.lower() for secret in secrets), (page, link)
