"""The demo region: providers, units, staff for every role, and citizens, with known sign-ins."""

from dataclasses import dataclass, field

from stdnum import luhn

from stegvis.organisation.models import Role

DEMO_PASSWORD = "stegvis-demo-2026"
# One known TOTP secret (RFC 4648 base32) for every demo staff member; printed by `demo`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DOMAIN = "stegvis.example"

PROVIDER = {"code": "kronoberg", "name": "Region Kronoberg (demo)", "hsa_id": "SE2321000065-0001"}
OTHER_PROVIDER = {
    "code": "jonkoping",
    "name": "Region Jönköpings län (demo)",
    "hsa_id": "SE2321000057-0001",
}

UNITS = {
    "rehab": ("Primärvårdsrehabilitering Växjö", "SE2321000065-1001", "kronoberg"),
    "psych": ("Specialistpsykiatri Växjö", "SE2321000065-1002", "kronoberg"),
    "bup": ("Barn- och ungdomskliniken Växjö", "SE2321000065-1003", "kronoberg"),
    "jkp": ("Vårdcentralen Råslätt", "SE2321000057-2001", "jonkoping"),
}


def personnummer(birth: str, serial: str) -> str:
    """Return a valid 12-digit personnummer for YYYYMMDD and a three-digit serial."""
    return f"{birth}{serial}{luhn.calc_check_digit(birth[2:] + serial)}"


@dataclass(frozen=True)
class StaffPersona:
    key: str
    first_name: str
    last_name: str
    hsa_local: str
    description: str
    unit_roles: dict[str, list[str]] = field(default_factory=dict)
    provider_admin_of: str = ""
    is_training: bool = False
    provider_code: str = "kronoberg"
    # The operator running the instance: creates providers and their first provider admins.
    is_system_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"

    @property
    def hsa_id(self) -> str:
        org = "SE2321000057" if self.provider_code == "jonkoping" else "SE2321000065"
        return f"{org}-{self.hsa_local}"


@dataclass(frozen=True)
class CitizenPersona:
    key: str
    first_name: str
    last_name: str
    personnummer: str
    description: str
    is_training: bool = False
    # A test citizen who is this staff persona's own test patient ("Logga in som min testpatient").
    test_patient_of: str = ""

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"


TRIO = [Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN]

STAFF = [
    StaffPersona(
        "vgadmin",
        "Karin",
        "Lund",
        "P0001",
        "provider admin (Region Kronoberg): units, catalog, agreements, access log, statistics, "
        "program initiatives (one under review), driftinformation",
        provider_admin_of="kronoberg",
    ),
    StaffPersona(
        "behorighet",
        "Anders",
        "Berg",
        "P0002",
        "access admin at all three units",
        unit_roles={u: [Role.ACCESS_ADMIN] for u in ("rehab", "psych", "bup")},
    ),
    StaffPersona(
        "behorighet2",
        "Maria",
        "Ek",
        "P0003",
        "second access admin at all three units",
        unit_roles={u: [Role.ACCESS_ADMIN] for u in ("rehab", "psych", "bup")},
    ),
    StaffPersona(
        "behandlare",
        "Sara",
        "Holm",
        "P0004",
        "practitioner, specialist psychiatry: Tolvan's (red flag, feedback waiting) and Alva's",
        unit_roles={"psych": [Role.PRACTITIONER]},
    ),
    StaffPersona(
        "invanaradmin",
        "Johan",
        "Nyberg",
        "P0005",
        "citizen admin, specialist psychiatry",
        unit_roles={"psych": [Role.CITIZEN_ADMIN]},
    ),
    StaffPersona(
        "dataadmin",
        "Lena",
        "Sjöberg",
        "P0006",
        "data admin, specialist psychiatry: usage statistics and treatment outcomes",
        unit_roles={"psych": [Role.DATA_ADMIN]},
    ),
    StaffPersona(
        "trio",
        "Erik",
        "Lindqvist",
        "P0007",
        "practitioner + citizen admin + data admin at rehab and psychiatry; reviews the log",
        unit_roles={"rehab": TRIO, "psych": TRIO},
    ),
    StaffPersona(
        "behandlare2",
        "Nora",
        "Axelsson",
        "P0008",
        "practitioner + citizen admin + data admin at the child and youth clinic (Elsa)",
        unit_roles={"bup": TRIO},
    ),
    StaffPersona(
        "rehabadmin",
        "Eva",
        "Månsson",
        "P0011",
        "citizen admin + practitioner at primary care rehab (receives handovers)",
        unit_roles={"rehab": [Role.PRACTITIONER, Role.CITIZEN_ADMIN]},
    ),
    StaffPersona(
        "designer",
        "Oskar",
        "Falk",
        "P0009",
        "designer: builds both regions' programs in the design tool (/design/)",
        # Also at Jönköping's unit: it owns the bought programs (Depressionshjälpen among them).
        unit_roles={"psych": [Role.DESIGNER], "jkp": [Role.DESIGNER]},
    ),
    StaffPersona(
        "utgivare",
        "Ingrid",
        "Wall",
        "P0010",
        "publisher: reviews and releases both regions' programs (/design/)",
        unit_roles={"psych": [Role.PUBLISHER], "jkp": [Role.PUBLISHER]},
    ),
    StaffPersona(
        "testbehandlare",
        "Test",
        "Behandlare",
        "T0001",
        "test practitioner (training environment, test citizens only): practitioner + citizen "
        "admin + data admin, 3 units",
        unit_roles={u: TRIO for u in ("rehab", "psych", "bup")},
        is_training=True,
    ),
    StaffPersona(
        "jkp-behandlare",
        "Hanna",
        "Strand",
        "P0101",
        "practitioner + citizen admin + data admin + access admin, Råslätt (Region Jönköping)",
        unit_roles={"jkp": [*TRIO, Role.ACCESS_ADMIN]},
        provider_code="jonkoping",
    ),
    StaffPersona(
        "jkp-vgadmin",
        "Per",
        "Sundin",
        "P0102",
        "provider admin (Region Jönköpings län; owns the programs Kronoberg buys)",
        provider_admin_of="jonkoping",
        provider_code="jonkoping",
    ),
    StaffPersona(
        "drift",
        "Olle",
        "Drift",
        "P0012",
        "system administrator (the operator): creates care providers and their first admins",
        is_system_admin=True,
    ),
]

CITIZENS = [
    CitizenPersona(
        "invanare",
        "Tolvan",
        "Tolvansson",
        "191212121212",
        "citizen: Depressionshjälpen at psychiatry with Sara Holm",
    ),
    CitizenPersona(
        "invanare2",
        "Alva",
        "Karlsson",
        personnummer("19850314", "238"),
        "another citizen: Depressionshjälpen with Sara Holm, in maintenance, handed over to rehab",
    ),
    CitizenPersona(
        "testinvanare",
        "Test",
        "Invånare",
        # A test personnummer (birth number 980-999): never a real person's.
        personnummer("19900101", "982"),
        "test citizen (training environment): Depressionshjälpen with the test practitioner, "
        "whose test patient she is",
        is_training=True,
        test_patient_of="testbehandlare",
    ),
    CitizenPersona(
        "ungdom", "Elsa", "Lind", personnummer("20110523", "246"), "teenager in Ångesthjälpen ung"
    ),
    CitizenPersona(
        "vardnadshavare",
        "Johan",
        "Lind",
        personnummer("19780409", "257"),
        "guardian following Elsa (messages and the first module)",
    ),
]
