"""A designer signs in (password and TOTP), uploads a film, its captions and an audio file in
the design tool, and attaches them to a step with the video and audio blocks.

On SQLite this used to fail: the document pages and chooser answered 500 (no
"wagtaildocs_serve" URL) once a document existed, and saves met "database is locked".
"""

import pytest
from playwright.sync_api import expect
from wagtail.documents import get_document_model

from stegvis.design.models import StepPage
from stegvis.design.services import ensure_design_roots
from tests.browser.media_files import CAPTIONS, tiny_mp3, tiny_mp4
from tests.browser.test_design_release import ensure_wagtail_tree
from tests.design.conftest import make_program, text

pytestmark = pytest.mark.browser


def upload(page, server, title: str, name: str, content: bytes, mime: str) -> None:
    page.goto(f"{server}/design/documents/add/")
    page.locator("#id_title").fill(title)
    page.locator("#id_file").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.locator("form button[type='submit'], form input[type='submit']").last.click()
    page.wait_for_url("**/design/documents/")


def add_block(page, label: str) -> None:
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def choose_document(page, field, title: str) -> None:
    field.get_by_role("button", name="Choose a document").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=title, exact=True).click()
    expect(modal).to_be_hidden()


def test_a_designer_attaches_a_film_with_captions_and_an_audio_file(
    server, desktop_page, world, sign_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # As in test_design_release: the test database is SQLite in memory, shared by the live
    # server's threads, where a table written by one request is locked for the others (the
    # busy timeout does not apply); the editor's parallel requests each recording session
    # activity would collide there. A file database (make demo) waits instead.
    settings.USERSESSIONS_TRACK_ACTIVITY = False
    # For the same reason no background writes from the editor while the test saves: autosave
    # and the editing-session ping (autosave then Submit is tests/design/test_saving_when_busy).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
    page = desktop_page
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    ensure_wagtail_tree()
    root = {r.provider_id: r for r in ensure_design_roots()}[world.provider.pk]
    *_parents, step = make_program(root, blocks=[text()])

    sign_in(page, world.designer)
    upload(page, server, "Film om sömn", "film.mp4", tiny_mp4(), "video/mp4")
    upload(page, server, "Textning", "film.vtt", CAPTIONS, "text/vtt")
    upload(page, server, "Avslappning", "ljud.mp3", tiny_mp3(), "audio/mpeg")
    expect(page.get_by_role("link", name="Avslappning")).to_be_visible()

    page.goto(f"{server}/design/pages/{step.pk}/edit/")
    add_block(page, "Video")
    video = page.locator("[data-contentpath='body'] [data-streamfield-child]").last
    video.get_by_label("Title").fill("Film om sömn")
    choose_document(page, video.locator("[data-contentpath='file']"), "Film om sömn")
    choose_document(page, video.locator("[data-contentpath='captions']"), "Textning")
    video.get_by_label("Transcript").fill("En film om sömn.")
    add_block(page, "Audio")
    audio = page.locator("[data-contentpath='body'] [data-streamfield-child]").last
    audio.get_by_label("Title").fill("Avslappning")
    choose_document(page, audio.locator("[data-contentpath='file']"), "Avslappning")
    audio.get_by_label("Transcript").fill("Andas lugnt.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    # Leave the editor, whose scripts would otherwise still talk to the server while the
    # test database is emptied.
    page.goto("about:blank")

    documents = {d.title: d.pk for d in get_document_model().objects.all()}
    saved = StepPage.objects.get(pk=step.pk).get_latest_revision_as_object()
    blocks = {b.block_type: b.value for b in saved.body}
    assert blocks["video"]["file"].pk == documents["Film om sömn"]
    assert blocks["video"]["captions"].pk == documents["Textning"]
    assert blocks["audio"]["file"].pk == documents["Avslappning"]
    assert errors == []
