"""What must agree between the services for one conseiller: the comparison rules, pure.

Each service holds its own view of a conseiller: enrolment (the enrolment, its state, path
and training dates), positioning (the round of the current enrolment, the path it assigned)
and certification (the training facts of the current enrolment). Once the network is quiet
they must agree (decision 0016):

- ``known``: positioning and certification know every enrolled conseiller, and enrolment
  knows every conseiller they hold (a conseiller held elsewhere but not by enrolment is shown
  with enrolment ``unknown``; one the national view alone holds breaks ``national``);
- ``enrolment``: they hold the same current enrolment (``enrolment_id``), where they know it
  (a view built from events of revision 1 has none and is not compared on it);
- ``withdrawn``: withdrawn in enrolment, closed in positioning, withdrawn in certification,
  all three or none;
- ``training``: certification's training state is enrolment's (``enrolled`` and
  ``awaiting_cohort`` are both ``enrolled`` there);
- ``path_hours``: the path enrolment's training follows, the path positioning last assigned
  in the round, and certification's path are one;
- ``training_dates``: start, planned end, completion and withdrawal days in enrolment and
  certification;
- ``parties``: region, scheme, structure, training organisation and enrolment day, in
  enrolment and positioning (certification shows the region);
- ``national``: when the national view is read, its current journey is enrolment's current
  enrolment (id, structure, enrolment day, withdrawal day).

CCP1 and Pix results live in certification only (the national view counts them in the
journey during which they were earned).
"""

from __future__ import annotations

from dataclasses import dataclass

from conum_operations.reconciliation.sides import (
    CertificationSide,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
)

RULES = (
    "known",
    "enrolment",
    "withdrawn",
    "training",
    "path_hours",
    "training_dates",
    "parties",
    "national",
)

TRAINING_OF_ENROLMENT = {
    "enrolled": "enrolled",
    "awaiting_cohort": "enrolled",
    "in_training": "in_training",
    "completed": "completed",
    "withdrawn": "withdrawn",
}


@dataclass(frozen=True)
class Disagreement:
    """One rule the services break for one conseiller, with what each of them holds."""

    conseiller_id: str
    rule: str
    held: tuple[tuple[str, str], ...]
    """(service, what it holds), in the order enrolment, positioning, certification."""

    def holds(self, service: str) -> str:
        return dict(self.held).get(service, "")


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return " ".join(_text(v) for v in value)
    return str(value)


def _agree(conseiller_id: str, rule: str, held: dict[str, object]) -> list[Disagreement]:
    values = iter(held.values())
    first = next(values, None)
    if all(value == first for value in values):  # ids, codes, days, hours: equal or not
        return []
    shown = tuple((service, _text(value)) for service, value in held.items())
    return [Disagreement(conseiller_id, rule, shown)]


def compare(
    enrolment: EnrolmentSide,
    positioning: PositioningSide | None,
    certification: CertificationSide | None,
    national: NationalSide | None = None,
) -> list[Disagreement]:
    """Every rule of this module the views break (empty: they agree); the national view is
    compared when given."""
    cid = enrolment.conseiller_id
    found: list[Disagreement] = []
    missing = {
        name: "unknown"
        for name, side in (("positioning", positioning), ("certification", certification))
        if side is None
    }
    if missing:
        found += [Disagreement(cid, "known", (("enrolment", enrolment.state), *missing.items()))]
    ids: dict[str, object] = {"enrolment": enrolment.enrolment_id}
    withdrawn: dict[str, object] = {"enrolment": enrolment.state == "withdrawn"}
    paths: dict[str, object] = {"enrolment": enrolment.path_hours}
    if positioning is not None:
        if positioning.enrolment_id is not None:
            ids["positioning"] = positioning.enrolment_id
        withdrawn["positioning"] = positioning.state == "closed"
        paths["positioning"] = positioning.assigned_path_hours
        found += _agree(
            cid,
            "parties",
            {
                "enrolment": _parties(enrolment),
                "positioning": (
                    positioning.region,
                    positioning.scheme,
                    positioning.structure_id,
                    positioning.training_organisation_id,
                    positioning.enrolled_on,
                ),
            },
        )
    if certification is not None:
        if certification.enrolment_id is not None:
            ids["certification"] = certification.enrolment_id
        withdrawn["certification"] = certification.training == "withdrawn"
        paths["certification"] = certification.path_hours
        found += _certification_rules(enrolment, certification)
    found += _agree(cid, "enrolment", ids)
    found += _agree(
        cid, "withdrawn", {k: "withdrawn" if v else "open" for k, v in withdrawn.items()}
    )
    found += _agree(cid, "path_hours", paths)
    if national is not None:
        found += _agree(
            cid,
            "national",
            {
                "enrolment": (
                    enrolment.enrolment_id,
                    enrolment.structure_id,
                    enrolment.enrolled_on,
                    enrolment.withdrawn_on,
                ),
                "national": national.held(),
            },
        )
    order = {rule: n for n, rule in enumerate(RULES)}
    return sorted(found, key=lambda d: order[d.rule])


def unknown_to_enrolment(
    conseiller_id: str,
    positioning: PositioningSide | None,
    certification: CertificationSide | None,
    national: NationalSide | None = None,
) -> list[Disagreement]:
    """A conseiller that enrolment does not hold but another service does: ``known`` when
    positioning or certification holds them, else ``national`` when the national view does."""
    held: dict[str, str] = {}
    if positioning is not None:
        held["positioning"] = positioning.state
    if certification is not None:
        held["certification"] = certification.training
    if held:
        return [Disagreement(conseiller_id, "known", (("enrolment", "unknown"), *held.items()))]
    if national is not None and national.known:
        shown = (("enrolment", "unknown"), ("national", _text(national.held())))
        return [Disagreement(conseiller_id, "national", shown)]
    return []


def _parties(enrolment: EnrolmentSide) -> tuple[object, ...]:
    return (
        enrolment.region,
        enrolment.scheme,
        enrolment.structure_id,
        enrolment.training_organisation_id,
        enrolment.enrolled_on,
    )


def _certification_rules(
    enrolment: EnrolmentSide, certification: CertificationSide
) -> list[Disagreement]:
    cid = enrolment.conseiller_id
    found: list[Disagreement] = []
    if "withdrawn" not in (enrolment.state, certification.training):
        found += _agree(
            cid,
            "training",
            {
                "enrolment": TRAINING_OF_ENROLMENT.get(enrolment.state, enrolment.state),
                "certification": certification.training,
            },
        )
    found += _agree(
        cid,
        "training_dates",
        {
            "enrolment": (
                enrolment.starts_on,
                enrolment.planned_end_on,
                enrolment.completed_on,
                enrolment.withdrawn_on,
            ),
            "certification": (
                certification.training_starts_on,
                certification.training_planned_end_on,
                certification.training_completed_on,
                certification.withdrawn_on,
            ),
        },
    )
    found += _agree(
        cid, "parties", {"enrolment": enrolment.region, "certification": certification.region}
    )
    return found
