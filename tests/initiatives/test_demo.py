"""The demo's provider admin sees one initiative and one operational message; staff see it too."""

from django.core.management import call_command
from django.urls import reverse

from stegvis.bulletins.models import Bulletin
from stegvis.demo.initiatives import BULLETIN_TITLE, TITLE
from stegvis.initiatives.models import ProgramInitiative, Status


def test_the_provider_admin_sees_the_demo_initiative_and_message(demo_users, login):
    initiative = ProgramInitiative.objects.get(title=TITLE)
    assert initiative.status == Status.UNDER_REVIEW
    client = login(demo_users["vgadmin"])
    assert TITLE in client.get(reverse("clinic:initiative_review")).content.decode()
    assert BULLETIN_TITLE in client.get(reverse("clinic:bulletins")).content.decode()
    page = login(demo_users["behandlare"]).get(reverse("clinic:start")).content.decode()
    assert BULLETIN_TITLE in page


def test_loading_the_demo_again_adds_nothing(demo_users):
    call_command("demo", "--quiet")
    assert ProgramInitiative.objects.filter(title=TITLE).count() == 1
    assert Bulletin.objects.filter(title=BULLETIN_TITLE).count() == 1
