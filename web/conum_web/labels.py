"""French words for the services' codes (states, reasons, kinds), as the pages show them;
also the choices of the forms, in the order offered."""

from __future__ import annotations

from conum_kernel.territory import NATIONAL, territory

LABELS: dict[str, dict[str, str]] = {
    "role": {
        "host_structure": "Structure d'accueil",
        "training_organisation": "Organisme de formation",
        "regional_hub": "Hub régional",
        "certifier": "Certificateur",
        "national_coordinator": "Coordination nationale",
        "operator": "Exploitation",
        "conseiller": "Conseiller numérique",
    },
    "enrolment_state": {
        "enrolled": "Inscrit, en attente du positionnement",
        "awaiting_cohort": "Parcours connu, en attente d'une cohorte",
        "in_training": "En formation",
        "completed": "Formation terminée",
        "withdrawn": "Abandon",
    },
    "scheme": {"2021": "Dispositif 2021", "2024": "Dispositif 2024"},
    "employment": {"recruited": "Recruté", "hiring_promise": "Promesse d'embauche (POEI)"},
    "withdrawal_reason": {
        "left_structure": "A quitté la structure",
        "contract_ended": "Fin de contrat",
        "changed_job": "Changement d'emploi",
        "health": "Santé",
        "personal": "Raisons personnelles",
        "training_unsuitable": "Formation inadaptée",
        "enrolled_by_mistake": "Inscrit par erreur",
        "other": "Autre",
    },
    "erasure_reason": {
        "person_request": "Demande de la personne",
        "consent_withdrawn": "Retrait du consentement",
        "unlawfully_processed": "Traitement illicite",
        "legal_obligation": "Obligation légale",
        "enrolled_by_mistake": "Inscrit par erreur",
        "other": "Autre",
    },
    "structure_kind": {
        "collectivite": "Collectivité",
        "association": "Association",
        "france_services": "France services",
        "entreprise": "Entreprise",
        "autre": "Autre",
    },
    "positioning_state": {
        "scheduled": "Test programmé",
        "completed": "Résultat enregistré",
        "reopened": "Rouvert",
        "closed": "Clos",
    },
    "act": {
        "scheduled": "Test programmé",
        "rescheduled": "Test reprogrammé",
        "result_recorded": "Résultat enregistré",
        "reopened": "Résultat rouvert",
        "inquiry_opened": "Demande d'explication",
        "inquiry_answered": "Réponse à la demande",
        "closed": "Clos",
    },
    "inquiry_source": {"structure": "La structure", "learner": "Le conseiller (relayé)"},
    "training": {
        "awaiting_enrolment": "Inscription pas encore reçue",
        "enrolled": "Inscrit",
        "in_training": "En formation",
        "completed": "Formation terminée",
        "withdrawn": "Abandon",
    },
    "ccp1": {
        "not_convened": "Non convoqué",
        "convened": "Convoqué",
        "passed": "Obtenu",
        "failed": "Non obtenu",
    },
    "module_kind": {"prise_en_main": "Prise en main (7 h)", "intervenir": "Intervenir (14 h)"},
    "module_state": {"published": "Publié", "withdrawn": "Retiré"},
    "habilitation": {"aidants_connect": "Aidants Connect"},
    "session_state": {"scheduled": "Programmée", "cancelled": "Annulée", "completed": "Clôturée"},
    "registration": {
        "accepted": "Inscrit",
        "waitlisted": "Liste d'attente",
        "cancelled": "Annulée",
        "completed": "Module suivi",
        "missed": "Absent",
    },
    "track": {"initial": "Formation initiale", "continuing": "Formation continue"},
    "day_mode": {"in_person": "En présentiel", "remote": "À distance"},
    "satisfaction": {
        "very_satisfied": "Très satisfait",
        "satisfied": "Satisfait",
        "dissatisfied": "Insatisfait",
        "very_dissatisfied": "Très insatisfait",
    },
}


def label(value: object, group: str) -> str:
    """The French label of ``value`` in ``group`` (the value itself when unknown; "—" for
    nothing)."""
    if value is None or value == "":
        return "—"
    return LABELS.get(group, {}).get(str(value), str(value))


def choices(group: str) -> list[tuple[str, str]]:
    return list(LABELS[group].items())


def region_name(code: str) -> str:
    if code == NATIONAL:
        return "National"
    region = territory().regions.get(code)
    return region.name if region is not None else code


def department_name(code: str) -> str:
    department = territory().departments.get(code)
    return f"{department.name} ({code})" if department is not None else code


def department_choices(region: str | None = None) -> list[tuple[str, str]]:
    known = territory()
    departments = (
        known.departments_of(region)
        if region and region != NATIONAL
        else tuple(known.departments.values())
    )
    return [(d.code, f"{d.code} — {d.name}") for d in departments]
