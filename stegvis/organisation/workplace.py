"""The workplace a staff member acts from: the active unit, or a provider they administer."""

from dataclasses import dataclass

from stegvis.organisation.models import CareProvider, CareUnit
from stegvis.organisation.roles import WORKPLACE_CHOICES_ATTR as _CHOICES_ATTR
from stegvis.organisation.roles import roles_of

SESSION_KEY = "stegvis_workplace"


@dataclass(frozen=True)
class Workplace:
    unit: CareUnit | None = None
    provider: CareProvider | None = None

    @property
    def key(self) -> str:
        return f"unit:{self.unit.pk}" if self.unit else f"provider:{self.provider.pk}"

    @property
    def label(self) -> str:
        return str(self.unit or self.provider)


def choices_for(user) -> list[Workplace]:
    """Every workplace the user may act from: units where they hold roles, providers they run."""
    cached = getattr(user, _CHOICES_ATTR, None)
    if cached is None:
        cached = _load_choices(user)
        if user.is_authenticated:
            setattr(user, _CHOICES_ATTR, cached)
    return list(cached)


def _load_choices(user) -> tuple[Workplace, ...]:
    roles = roles_of(user)
    if not roles:
        return ()
    units = CareUnit.objects.filter(pk__in=roles.unit_ids).select_related("provider")
    providers = CareProvider.objects.filter(pk__in=roles.admin_provider_ids)
    return tuple(Workplace(unit=u, provider=u.provider) for u in units) + tuple(
        Workplace(provider=p) for p in providers
    )


def resolve(request) -> Workplace | None:
    """Return the chosen workplace if it is still allowed; with one choice, that one."""
    user = request.user
    roles = roles_of(user)
    if not roles:
        return None
    key = request.session.get(SESSION_KEY, "")
    kind, _, raw_id = key.partition(":")
    if kind == "unit" and raw_id.isdigit() and int(raw_id) in roles.unit_ids:
        unit = CareUnit.objects.select_related("provider").get(pk=int(raw_id))
        return Workplace(unit=unit, provider=unit.provider)
    if kind == "provider" and raw_id.isdigit() and int(raw_id) in roles.admin_provider_ids:
        return Workplace(provider=CareProvider.objects.get(pk=int(raw_id)))
    if len(roles.unit_ids) + len(roles.admin_provider_ids) == 1:
        only = choices_for(user)[0]
        request.session[SESSION_KEY] = only.key
        return only
    return None


def choose(request, key: str) -> Workplace | None:
    for workplace in choices_for(request.user):
        if workplace.key == key:
            request.session[SESSION_KEY] = key
            return workplace
    return None
