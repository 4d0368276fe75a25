"""The demo has messages on Tolvan's enrollment and two templates per unit, idempotently."""

from django.core.management import call_command

from stegvis.demo import personas
from stegvis.messaging.models import Message, MessageTemplate
from stegvis.messaging.queries import unanswered_count


def test_the_demo_has_a_conversation_and_templates_and_loads_twice_the_same(full_demo):
    counts = (Message.objects.count(), MessageTemplate.objects.count())
    call_command("demo", "--quiet")
    assert (Message.objects.count(), MessageTemplate.objects.count()) == counts
    assert MessageTemplate.objects.count() == 2 * len(personas.UNITS)
    conversation = Message.objects.filter(enrollment__citizen__email=f"invanare@{personas.DOMAIN}")
    assert conversation.count() == 4
    assert unanswered_count(conversation.first().enrollment) == 1
