"""Every page of the demo's enrollments renders for its citizen (every block the demo uses)."""

from django.urls import reverse

from stegvis.care.models import Enrollment, ModuleState
from stegvis.care.services.program import document_of


def test_every_open_step_of_every_demo_enrollment_renders(full_demo, login):
    enrollments = list(Enrollment.objects.select_related("citizen", "release"))
    assert enrollments, "the demo has enrollments"
    for enrollment in enrollments:
        client = login(enrollment.citizen)
        assert client.get(reverse("portal:home")).status_code == 200
        for name in ("portal:program", "portal:results", "portal:plan"):
            assert client.get(reverse(name, args=[enrollment.pk])).status_code == 200, name
        open_keys = set(
            ModuleState.objects.filter(enrollment=enrollment, visibility="open").values_list(
                "module_key", flat=True
            )
        )
        for module, _section, step in document_of(enrollment.release).steps():
            if module.key in open_keys:
                url = reverse("portal:step", args=[enrollment.pk, step.key])
                assert client.get(url).status_code == 200, url


def test_the_demo_open_programs_can_be_read(full_demo, login):
    from stegvis.care.services.open_programs import open_program_activations
    from stegvis.organisation.models import User

    citizen = User.objects.filter(kind=User.Kind.CITIZEN).first()
    client = login(citizen)
    for activation in open_program_activations():
        url = reverse("portal:open_program", args=[activation.release_id])
        assert client.get(url).status_code == 200, url
