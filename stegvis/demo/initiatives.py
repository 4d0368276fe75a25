"""Demo initiative and driftinformation for Region Kronoberg. Idempotent.

Sara Holm (behandlare, specialist psychiatry) has submitted an initiative for a sleep program,
which Karin Lund (vgadmin) has taken under review; Karin has also sent one operational message
to every unit. Both show on Karin's pages; the message shows on every Kronoberg start page.
"""

from django.utils import timezone

from stegvis.bulletins.models import Bulletin
from stegvis.bulletins.services import publish_bulletin
from stegvis.demo import personas
from stegvis.initiatives.models import ProgramInitiative, Status
from stegvis.initiatives.services import change_status, submit_initiative
from stegvis.organisation.models import CareProvider, CareUnit, User

TITLE = "Sömnhjälpen: KBT vid sömnbesvär"
FIELDS = {
    "title": TITLE,
    "need": (
        "Många patienter med depression och ångest har också sömnbesvär. Väntetiden till KBT "
        "för insomni är över sex månader, och ett internetprogram skulle korta den."
    ),
    "target_group": "Vuxna (18 år och äldre) med insomni, med eller utan samtidig depression.",
    "expected_volume": "Cirka 150 patienter per år",
    "evidence": (
        "KBT för insomni (KBT-I) rekommenderas i Socialstyrelsens nationella riktlinjer; "
        "internetförmedlad KBT-I har god effekt i flera randomiserade studier."
    ),
    "origin": "Region Östergötland (programmet finns i Stöd och behandling)",
    "cost": "Ingen licenskostnad. Utbildning av två behandlare, cirka två dagar.",
    "contact": "Sara Holm, psykolog, Specialistpsykiatri Växjö",
}
BULLETIN_TITLE = "Planerat underhåll lördag kl. 07–09"
BULLETIN_TEXT = (
    "Stegvis uppdateras lördag kl. 07–09. Under tiden kan varken personal eller invånare logga "
    "in. Invånare som har moment igång får ingen påminnelse under uppdateringen.\n\n"
    "Frågor: kontakta SoB-samordnaren."
)


def _staff(key: str) -> User:
    return User.objects.get(email=f"{key}@{personas.DOMAIN}")


def load_demo_initiatives() -> None:
    provider = CareProvider.objects.get(code=personas.PROVIDER["code"])
    admin = _staff("vgadmin")
    if not ProgramInitiative.objects.filter(provider=provider, title=TITLE).exists():
        psych = CareUnit.objects.get(hsa_id=personas.UNITS["psych"][1])
        rehab = CareUnit.objects.get(hsa_id=personas.UNITS["rehab"][1])
        initiative = submit_initiative(
            actor=_staff("behandlare"), unit=psych, units_concerned=[psych, rehab], **FIELDS
        )
        change_status(actor=admin, initiative=initiative, status=Status.UNDER_REVIEW)
    if not Bulletin.objects.filter(provider=provider, title=BULLETIN_TITLE).exists():
        publish_bulletin(
            actor=admin,
            provider=provider,
            title=BULLETIN_TITLE,
            body=BULLETIN_TEXT,
            starts_on=timezone.localdate(),
        )
