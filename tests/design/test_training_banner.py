"""The design tool is marked in the training environment like every other staff page, with a way
out; its wording says that what is designed there is real (training concerns enrollments)."""

from django.urls import reverse

from stegvis.organisation.training import SESSION_KEY


def _training_mode(client):
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    return client


def test_a_design_page_shows_the_banner_in_training_mode(design, login):
    client = _training_mode(login(design.designer))
    page = client.get(reverse("wagtailadmin_explore", args=[design.root.pk])).content.decode()
    assert 'id="training-banner"' in page
    assert "Utbildningsmiljö" in page
    assert "riktiga och delas" in page
    assert 'name="back" value="design"' in page
    # Wagtail's own furniture is still there, after the banner.
    assert page.index('id="training-banner"') < page.index('id="wagtail-sidebar"')


def test_no_banner_outside_training_mode(design, login):
    page = login(design.designer).get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="training-banner"' not in page
    assert "training_banner.css" not in page
    assert 'id="wagtail-sidebar"' in page


def test_leaving_training_from_the_design_tool_goes_back_there(design, login):
    client = _training_mode(login(design.designer))
    response = client.post(reverse("clinic:training_mode"), {"mode": "off", "back": "design"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert SESSION_KEY not in client.session
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="training-banner"' not in page
