"""Staff names and e-mail come from the HSA catalogue: staff cannot change them in Stegvis."""

from tests.plugins.queries import assert_page_queries

URL = "/accounts/email/"


def test_staff_see_their_address_read_only(world, login):
    client = login(world.practitioner)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.practitioner.email in html and "HSA" in html
    assert "<form" not in html.split('<main id="main"', 1)[1].split("</main>")[0]


def test_staff_cannot_add_or_change_an_address(world, login):
    client = login(world.practitioner)
    response = client.post(URL, {"action_add": "", "email": "eget@example.se"})
    assert response.status_code == 403
    world.practitioner.refresh_from_db()
    assert world.practitioner.email != "eget@example.se"
    assert not world.practitioner.emailaddress_set.filter(email="eget@example.se").exists()


def test_citizens_keep_allauths_page_and_anonymous_is_sent_to_sign_in(world, login):
    assert login(world.citizen).get(URL).status_code == 200
    response = login(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_staff_page_reads_in_fixed_queries(world, login):
    # Queries: session, user, the MFA check, roles and the workplace's unit for the header,
    # log reviewer (navigation).
    assert_page_queries(login(world.practitioner), URL, 5)
