"""Region codes carried by events (``ce_region`` and payload ``region`` fields).

ISO 3166-2:FR codes for the metropolitan regions; three-letter codes of our own where ISO
uses another shape (Corse is ``FR-20R``, the overseas regions ``FR-971``…): every code then
matches ``^FR-[A-Z]{3}$``. See docs/decisions/0003-event-contracts.md.
"""

from __future__ import annotations

from types import MappingProxyType

NATIONAL = "national"
"""Pseudo-region of the national instances (catalogue, dashboards)."""

REGION_PATTERN = r"^(FR-[A-Z]{3}|national)$"

METROPOLITAN_REGIONS = MappingProxyType(
    {
        "FR-ARA": "Auvergne-Rhône-Alpes",
        "FR-BFC": "Bourgogne-Franche-Comté",
        "FR-BRE": "Bretagne",
        "FR-CVL": "Centre-Val de Loire",
        "FR-COR": "Corse",
        "FR-GES": "Grand Est",
        "FR-HDF": "Hauts-de-France",
        "FR-IDF": "Île-de-France",
        "FR-NOR": "Normandie",
        "FR-NAQ": "Nouvelle-Aquitaine",
        "FR-OCC": "Occitanie",
        "FR-PDL": "Pays de la Loire",
        "FR-PAC": "Provence-Alpes-Côte d'Azur",
    }
)

OVERSEAS_REGIONS = MappingProxyType(
    {
        "FR-GUA": "Guadeloupe",
        "FR-MTQ": "Martinique",
        "FR-GUF": "Guyane",
        "FR-LRE": "La Réunion",
        "FR-MAY": "Mayotte",
        "FR-COM": "Collectivités d'outre-mer",
    }
)

REGION_NAMES = MappingProxyType({**METROPOLITAN_REGIONS, **OVERSEAS_REGIONS})
"""Every region code an event may carry, besides :data:`NATIONAL`."""

_DEPARTMENTS_BY_REGION: dict[str, tuple[str, ...]] = {
    "FR-ARA": ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    "FR-BFC": ("21", "25", "39", "58", "70", "71", "89", "90"),
    "FR-BRE": ("22", "29", "35", "56"),
    "FR-CVL": ("18", "28", "36", "37", "41", "45"),
    "FR-COR": ("2A", "2B"),
    "FR-GES": ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
    "FR-HDF": ("02", "59", "60", "62", "80"),
    "FR-IDF": ("75", "77", "78", "91", "92", "93", "94", "95"),
    "FR-NOR": ("14", "27", "50", "61", "76"),
    "FR-NAQ": ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    "FR-OCC": ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    "FR-PDL": ("44", "49", "53", "72", "85"),
    "FR-PAC": ("04", "05", "06", "13", "83", "84"),
    "FR-GUA": ("971",),
    "FR-MTQ": ("972",),
    "FR-GUF": ("973",),
    "FR-LRE": ("974",),
    "FR-MAY": ("976",),
    "FR-COM": ("975", "977", "978", "986", "987", "988"),
}

REGION_OF_DEPARTMENT = MappingProxyType(
    {
        department: region
        for region, departments in _DEPARTMENTS_BY_REGION.items()
        for department in departments
    }
)
"""INSEE department code → region code, for every code the ``department`` fields accept."""


def region_of_department(department: str) -> str:
    """The region code of an INSEE department code; ``KeyError`` when it is not one."""
    return REGION_OF_DEPARTMENT[department]
