"""Demo notification settings: every demo citizen has a verified e-mail address and chose it;
the main demo citizen also has a verified mobile number and chose SMS. Idempotent."""

from django.utils import timezone

from stegvis.demo import personas
from stegvis.notifications.models import Preference
from stegvis.organisation.models import User

# A number from the range the Swedish regulator (PTS) keeps for fiction and tests.
DEMO_MOBILE = "+46701740605"


def load_demo_notifications() -> None:
    now = timezone.now()
    for index, persona in enumerate(personas.CITIZENS):
        user = User.objects.get(email=persona.email)
        main = index == 0
        Preference.objects.get_or_create(
            user=user,
            defaults={
                "email": user.email,
                "email_verified_at": now,
                "use_email": True,
                "phone": DEMO_MOBILE if main else "",
                "phone_verified_at": now if main else None,
                "use_sms": main,
            },
        )
