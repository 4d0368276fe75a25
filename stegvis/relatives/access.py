"""The one question other parts ask about relatives: does this user have access right now?"""

from stegvis.relatives.models import RelativeGrant


def active_grant(user, enrollment) -> RelativeGrant | None:
    """The user's current grant to the enrollment, or None (ended grants give nothing)."""
    if user is None or not user.is_authenticated or enrollment is None:
        return None
    return (
        RelativeGrant.objects.filter(
            enrollment=enrollment, relative_id=user.pk, ended_at__isnull=True
        )
        .order_by("-invited_at")
        .first()
    )


def may_message(user, enrollment) -> bool:
    grant = active_grant(user, enrollment)
    return grant is not None and grant.may_message
