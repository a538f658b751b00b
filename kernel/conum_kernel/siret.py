"""SIRET numbers, a French establishment's identifier: 14 digits passing the Luhn check; La
Poste's establishments (``356000000…``) pass another one, their digits summing to a multiple
of 5."""

from __future__ import annotations

LA_POSTE = "356000000"


def luhn_sum(digits: str) -> int:
    """The Luhn sum of ``digits``: every second digit from the right doubled (less 9 when it
    passes 9); a number passes the check when this is a multiple of 10."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total


def passes_checksum(siret: str) -> bool:
    """Whether a 14-digit SIRET passes its checksum (Luhn, or La Poste's)."""
    if siret.startswith(LA_POSTE):
        return sum(int(digit) for digit in siret) % 5 == 0
    return luhn_sum(siret) % 10 == 0


def completed(prefix: str) -> str:
    """The number that ``prefix`` (13 digits, not La Poste's) and one more digit make, passing
    the Luhn check."""
    return next(prefix + str(last) for last in range(10) if luhn_sum(prefix + str(last)) % 10 == 0)
