"""HSA export files for the import tests: a header and rows as a region's catalogue gives them."""

HEADER = [
    "enhet_hsa_id",
    "enhet_namn",
    "person_hsa_id",
    "fornamn",
    "efternamn",
    "epost",
    "uppdrag_fran",
    "uppdrag_till",
]


def hsa_file(rows: list[list[str]], *, delimiter: str = ";", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in [HEADER, *rows]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def region_rows(units: int, staff: int, *, prefix: str = "R") -> list[list[str]]:
    """`staff` people spread over `units` units, one assignment each, valid from 2026-01-01."""
    return [
        [
            f"SE2321000065-{prefix}U{n % units:03d}",
            f"Vårdcentral {prefix}{n % units}",
            f"SE2321000065-{prefix}P{n:05d}",
            "Åsa",
            f"Öberg {n}",
            f"person{n}.{prefix.lower()}@region.example",
            "2026-01-01",
            "",
        ]
        for n in range(staff)
    ]
