"""The demo gives the provider admin a log to review, with a reviewer and one flagged read."""

from io import StringIO

from django.core.management import call_command

from stegvis.audit.models import AccessEvent, LogReviewer
from stegvis.audit.services import patterns
from stegvis.demo.loader import load_demo
from stegvis.organisation.models import CareProvider


def test_the_demo_log_has_events_a_reviewer_and_a_flag_and_loads_once(full_demo, seal):
    provider = CareProvider.objects.get(code="kronoberg")
    assert AccessEvent.objects.filter(provider=provider, action="citizen.view").exists()
    assert LogReviewer.objects.active().filter(staff__email="trio@stegvis.example").exists()
    flagged = patterns.outside_enrollments(provider, patterns.Period.default())
    assert {r["actor_hsa_id"] for r in flagged} == {"SE2321000065-P0008"}
    counts = (AccessEvent.objects.count(), LogReviewer.objects.count())
    load_demo()
    assert (AccessEvent.objects.count(), LogReviewer.objects.count()) == counts
    # The worker seals the demo's events after the load commits; here the test seals them.
    assert seal() == AccessEvent.objects.count()
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "0 events are not yet sealed" in out.getvalue()
