"""Wagtail's account page: staff keep their preferences but cannot rename themselves (issue 12).

Staff names come from the organisation (HSA); e-mail, password and second factor are allauth's.
"""

from django.urls import reverse
from wagtail.users.models import UserProfile


def _post(client, **fields):
    data = {
        "name_email-first_name": "Falskt",
        "name_email-last_name": "Namn",
        "name_email-email": "falsk@test.example",
        "theme-theme": "dark",
        "theme-contrast": "system",
        "theme-density": "default",
        "locale-preferred_language": "",
        "locale-current_time_zone": "",
    }
    data.update(fields)
    return client.post(reverse("wagtailadmin_account"), data)


def test_the_account_page_has_no_name_email_or_password_fields(design, login):
    client = login(design.designer)
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    content = response.content.decode()
    for field in ("first_name", "last_name", "email", "password"):
        assert f'name="name_email-{field}"' not in content
    assert 'name="password-new_password1"' not in content
    assert 'name="theme-theme"' in content  # Wagtail's own preferences stay


def test_posting_a_new_name_changes_nothing_but_the_preferences(design, login):
    designer = design.designer
    first, last, email = designer.first_name, designer.last_name, designer.email
    client = login(designer)

    response = _post(client)

    assert response.status_code == 302  # saved
    designer.refresh_from_db()
    assert (designer.first_name, designer.last_name, designer.email) == (first, last, email)
    # The same POST was accepted: the preference in it was saved.
    assert UserProfile.get_for_user(designer).theme == "dark"


def test_the_account_page_is_the_design_tools_own_behind_the_guard(world, design, login):
    assert login(world.practitioner).get(reverse("wagtailadmin_account")).status_code == 403
    assert login(world.citizen).get(reverse("wagtailadmin_account")).status_code == 403
    response = login(None).get(reverse("wagtailadmin_account"))
    assert response["Location"].startswith(reverse("account_login"))
