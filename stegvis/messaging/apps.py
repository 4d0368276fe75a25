from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "stegvis.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from stegvis.care import purging, waiting
        from stegvis.messaging import permissions  # noqa: F401
        from stegvis.messaging.queries import unanswered_count, unread_by_team_per_unit
        from stegvis.messaging.services import purge_messages
        from stegvis.notifications import digest_counts

        # Apps below messaging ask through registries: care's handover and the staff digest.
        waiting.register(unanswered_messages=unanswered_count)
        purging.register("messaging", purge_messages)
        digest_counts.register(digest_counts.UNREAD_MESSAGES, unread_by_team_per_unit)
