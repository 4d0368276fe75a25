"""Every form that uploads a file, wherever a persona finds it, is rate limited.

The crawl finds the forms (multipart), so a new upload form without a limit fails here.
With the upload and message rates at zero, the first post must already be refused (429).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.hardening.conftest import crawl_as

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("persona", ["behandlare", "vgadmin", "invanare"])
def test_every_upload_form_refuses_posts_over_the_limit(demo, sign_in, settings, persona):
    client = sign_in(demo[persona])
    pages = crawl_as(client, demo[persona])
    uploads = {
        form.key: form
        for page in pages
        for form in page.forms
        if "multipart" in form.enctype or any(f.kind == "file" for f in form.fields)
    }
    assert uploads, "the persona should reach at least one upload form"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "0/m", "message_send": "0/m"}
    for form in uploads.values():
        data = {f.name: f.value for f in form.fields if f.kind not in ("file", "submit")}
        for field in form.fields:
            if field.kind == "file":
                data[field.name] = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
        response = client.post(form.action, data)
        assert response.status_code == 429, (form.action, response.status_code)
