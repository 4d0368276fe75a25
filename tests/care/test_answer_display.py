"""Hantera shows an answer in words: a checklist says which items were checked off."""

from django.urls import reverse
from django.utils import timezone, translation

from stegvis.care.models import Answer
from stegvis.care.read.overview import build


def test_a_checklist_answer_names_each_item_and_whether_it_was_checked_off(world, start):
    enrollment = start()
    Answer.objects.create(
        enrollment=enrollment,
        block_key="act-check",
        value={"checked": ["walk"]},
        submitted_at=timezone.now(),
    )
    with translation.override("sv"):
        row = next(a for a in build(enrollment).answers if a.block_key == "act-check")
    assert row.items == [("Promenad", "✓ Avbockad")]


def test_an_unchecked_item_says_so_and_no_raw_key_is_shown(world, login, start):
    enrollment = start()
    Answer.objects.create(enrollment=enrollment, block_key="act-check", value={"checked": []})
    body = (
        login(world.practitioner)
        .get(reverse("clinic:enrollment", args=[enrollment.pk]), HTTP_ACCEPT_LANGUAGE="sv")
        .content.decode()
    )
    assert "Promenad" in body
    assert "Inte avbockad" in body
    assert "checked" not in body.split("Gjort", 1)[1].split("</dl>", 1)[0]
