"""What a service refused, said in French: a title, the reason (each stable ``code`` of the
services has its sentence; an unknown one falls back on its status), the fields at fault, and
the service's own words beside it (``detail``, English, for whoever reads further)."""

from __future__ import annotations

from dataclasses import dataclass

from conum_web.services import ServiceProblem

TITLES = {
    400: "Demande mal formée",
    403: "Action non autorisée",
    404: "Introuvable",
    409: "Action impossible dans l'état actuel",
    413: "Fichier ou demande trop volumineux",
    415: "Format non accepté",
    422: "Saisie refusée",
    503: "Service momentanément indisponible",
}

REASONS = {
    # the HTTP edge, every service
    "malformed_request": "La demande est mal formée.",
    "malformed_body": "Le contenu envoyé ne peut pas être lu.",
    "invalid_request": "Certaines valeurs saisies ne sont pas acceptées.",
    "forbidden": "Votre rôle ne permet pas cette action.",
    "role_not_allowed": "Votre rôle ne permet pas cette action.",
    "wrong_region": "Cette action concerne une autre région que la vôtre.",
    "not_found": "Cet élément n'existe pas, ou vous n'y avez pas accès.",
    "conflict": "L'état actuel ne permet pas cette action.",
    "body_too_large": "Le fichier envoyé dépasse la taille acceptée.",
    "unsupported_media_type": "Le fichier doit être un CSV (text/csv).",
    "store_busy": "Le service est très sollicité : réessayez dans un instant.",
    "issuer_unavailable": "Le fournisseur d'identité ne répond pas au service : réessayez.",
    "internal_error": "Le service a rencontré une erreur : réessayez plus tard.",
    "service_unreachable": "Le service ne répond pas : réessayez plus tard.",
    "no_hub_instance": "Votre région n'a pas encore d'instance de modules (hub régional).",
    # enrolment
    "invalid_siret": "Le numéro SIRET n'est pas valide (14 chiffres, clé de contrôle).",
    "structure_already_registered": "Une structure est déjà enregistrée avec ce SIRET.",
    "unknown_structure": "Cette structure n'existe pas, ou vous n'y avez pas accès.",
    "unknown_department": "Ce département n'existe pas.",
    "unknown_enrolment": "Aucune inscription de ce conseiller, ou vous n'y avez pas accès.",
    "unknown_cohort": "Cette cohorte n'existe pas, ou vous n'y avez pas accès.",
    "already_in_open_training": "Ce conseiller suit déjà une formation en cours.",
    "remote_training_refused": (
        "La formation à distance demande un motif d'impossibilité de se déplacer."
    ),
    "enrolment_closed": "L'inscription est close (terminée ou abandonnée).",
    "withdrawal_detail_too_long": "La précision du motif dépasse 500 caractères.",
    "not_in_training": "Le conseiller n'est pas en formation.",
    "not_a_training_day": "Ce jour n'est pas un jour de formation du parcours.",
    "alternance_day_taken": (
        "La semaine compte déjà tous ses jours de formation : les autres restent à la structure."
    ),
    "not_a_cohort_member": "Ce conseiller n'est pas membre de la cohorte.",
    "referent_window_closed": "Le délai pour désigner le référent est passé.",
    "referent_already_designated": "Le référent de cette cohorte est déjà désigné.",
    "habilitation_already_requested": "Cette habilitation a déjà été demandée.",
    "habilitation_not_requested": "Cette habilitation n'a pas été demandée.",
    "habilitation_already_granted": "Cette habilitation est déjà accordée.",
    "already_erased": "Les données personnelles de ce conseiller sont déjà effacées.",
    "person_erased": "Les données personnelles de ce conseiller ont été effacées.",
    "unknown_notification": "Cette notification n'existe pas.",
    "invalid_reference_data": "Les données de référence sont incohérentes.",
    # positioning
    "unknown_positioning": "Aucun positionnement pour ce conseiller, ou vous n'y avez pas accès.",
    "unknown_inquiry": "Cette demande d'explication n'existe pas.",
    "result_already_recorded": "Le résultat est déjà enregistré.",
    "positioning_closed": "Le positionnement est clos.",
    "no_result_to_reopen": "Il n'y a pas de résultat à rouvrir.",
    "no_result_to_question": "Il n'y a pas encore de résultat à contester.",
    "inquiry_already_answered": "Cette demande a déjà reçu sa réponse.",
    "invalid_score": "Le score doit être compris entre 0 et 100.",
    "text_required": "Ce texte est obligatoire.",
    "no_rubric_in_force": "Aucune grille de positionnement n'est en vigueur à cette date.",
    "scheme_not_in_rubric": "La grille en vigueur ne couvre pas ce dispositif.",
    "concurrent_change": "Le dossier a changé entre-temps : rechargez la page et recommencez.",
    # certification
    "unknown_conseiller": "Ce conseiller est inconnu ici, ou vous n'y avez pas accès.",
    "unknown_exam_session": "Cette session d'examen n'existe pas, ou vous n'y avez pas accès.",
    "not_their_session": "Cette session appartient à un autre certificateur.",
    "not_the_pix_certifier": "Seul le certificateur Pix enregistre les résultats Pix.",
    "conseiller_of_another_region": "Ce conseiller relève d'une autre région que la session.",
    "path_missing": "Le conseiller n'a pas encore de parcours.",
    "conseiller_withdrawn": "Le conseiller a abandonné sa formation.",
    "training_not_started": "La formation du conseiller n'a pas commencé.",
    "exam_before_training_start": "L'examen ne peut pas précéder le début de la formation.",
    "retake_must_be_later": "Une nouvelle présentation doit suivre la précédente.",
    "decided_before_exam": "La décision du jury ne peut pas précéder l'examen.",
    "invalid_pix_score": "Le score Pix doit être compris entre 0 et 1024.",
    "no_full_title_organisation": "Aucun organisme ne porte le titre complet dans ce département.",
    "already_convened": "Ce conseiller est déjà convoqué à cette session.",
    "convocation_pending": "Une convocation attend encore son résultat.",
    "ccp1_already_passed": "Le CCP1 est déjà obtenu.",
    "convocation_missing": "Il faut d'abord une convocation au CCP1.",
    "pix_result_already_recorded": "Ce résultat Pix est déjà enregistré.",
    "already_enrolled_in_full_title": "Ce conseiller est déjà inscrit au titre complet.",
    "invalid_csv": "Le fichier ne peut pas être lu (en-tête, taille ou encodage).",
    "invalid_row": "Une ligne du fichier ne peut pas être lue.",
    # modules
    "unknown_module": "Ce module n'existe pas.",
    "unknown_session": "Cette session n'existe pas, ou vous n'y avez pas accès.",
    "unknown_registration": "Cette inscription n'existe pas, ou vous n'y avez pas accès.",
    "national_instance_only": "Le catalogue s'écrit sur l'instance nationale uniquement.",
    "regional_instance_only": "Les sessions s'écrivent sur l'instance de leur région.",
    "not_their_hub": "Cette session appartient à un autre hub.",
    "module_withdrawn": "Ce module est retiré du catalogue.",
    "module_already_withdrawn": "Ce module est déjà retiré.",
    "invalid_day_pattern": "Les jours ne correspondent pas à la durée du module.",
    "days_out_of_order": "Les jours doivent être dans l'ordre, chacun une seule fois.",
    "one_day_required": "Une prise en main dure un seul jour.",
    "remote_prise_en_main": "Une prise en main se tient en présentiel.",
    "two_days_required": "Un module « intervenir » dure deux jours.",
    "consecutive_days": "Les deux jours d'un module « intervenir » se suivent.",
    "in_person_day_first": "Le premier jour d'un module « intervenir » se tient à distance.",
    "second_day_remote": "Le second jour d'un module « intervenir » se tient en présentiel.",
    "session_in_the_past": "La session ne peut pas commencer dans le passé.",
    "session_too_far": "La session est trop lointaine.",
    "invalid_capacity": "Le nombre de places n'est pas valide.",
    "session_cancelled": "La session est annulée.",
    "session_completed": "La session est terminée.",
    "registration_closed": "La session a commencé : les inscriptions sont closes.",
    "session_full": "La session est complète (liste d'attente non demandée).",
    "habilitation_missing": "Ce module demande d'abord l'habilitation de la structure.",
    "already_registered": "Ce conseiller est déjà inscrit à cette session.",
    "module_already_taken": "Ce conseiller a déjà suivi ce module, ou y est inscrit.",
    "registration_not_open": "Cette inscription est déjà annulée, terminée ou manquée.",
    "day_not_in_session": "Ce jour n'est pas un jour de la session.",
    "day_not_reached": "Ce jour n'est pas encore arrivé.",
    "not_registered": "Un conseiller présent n'a pas d'inscription acceptée.",
    "session_not_over": "La session n'est pas terminée.",
    "attendance_missing": "L'émargement d'un jour manque encore.",
    "session_not_completed": "La session doit d'abord être clôturée.",
    "already_evaluated": "L'enquête de satisfaction est déjà close.",
    "too_many_answers": "Plus de réponses que de participants.",
    "no_hub_for_region": "Aucun hub n'est connu pour cette région.",
    "no_answers": "Saisissez au moins une réponse.",
    # national
    "invalid_period": "Le début de la période suit sa fin.",
}

ROW_REASONS = {
    "invalid_conseiller_id": "La colonne conseiller_id n'est pas un identifiant de conseiller.",
    "invalid_kind": "La colonne kind doit valoir ccp1 ou pix.",
    "invalid_exam_session_id": (
        "La colonne exam_session_id ne convient pas (la session pour le CCP1, vide pour Pix)."
    ),
    "invalid_result": (
        "La colonne result ne convient pas (passed ou failed pour le CCP1, certified ou "
        "not_certified pour Pix)."
    ),
    "invalid_score": "La colonne score ne convient pas (vide pour le CCP1, de 0 à 1024 pour Pix).",
    "invalid_decided_on": "La colonne decided_on n'est pas une date (AAAA-MM-JJ).",
    "duplicate_in_file": "La ligne apparaît plusieurs fois dans le fichier : aucune n'est prise.",
}
"""The reasons of a results file's rejected rows (a column at fault), beside the refusals."""

FIELD_TYPES = {
    "missing": "obligatoire",
    "string_too_short": "trop court",
    "string_too_long": "trop long",
    "string_pattern_mismatch": "format non valide",
    "enum": "valeur non proposée",
    "literal_error": "valeur non proposée",
    "int_parsing": "nombre entier attendu",
    "less_than_equal": "trop grand",
    "greater_than_equal": "trop petit",
    "date_from_datetime_parsing": "date non valide",
    "date_parsing": "date non valide",
    "uuid_parsing": "identifiant non valide",
    "too_long": "trop d'éléments",
    "too_short": "pas assez d'éléments",
}


FIELD_LABELS = {
    "conseiller_id": "Identifiant du conseiller",
    "reason": "Motif",
    "detail": "Précision",
    "region": "Région",
}
"""Names of fields that many forms share; a form's own labels come first."""


@dataclass(frozen=True)
class Explained:
    title: str
    reason: str
    fields: tuple[str, ...]
    code: str
    detail: str


def explain(problem: ServiceProblem, labels: dict[str, str] | None = None) -> Explained:
    """The refusal in French; ``labels`` names the form's fields (``email`` → "Adresse…")."""
    reason = REASONS.get(problem.code) or REASONS.get(_generic(problem.status), "")
    if not reason:
        reason = f"Le service a refusé la demande (code {problem.code})."
    fields = tuple(_field(error, FIELD_LABELS | (labels or {})) for error in problem.errors)
    title = TITLES.get(problem.status, "Demande refusée")
    return Explained(title, reason, fields, problem.code, problem.detail)


def row_reason(code: str) -> str:
    """Why a row of an imported file was rejected, in French."""
    return ROW_REASONS.get(code) or REASONS.get(code) or f"Ligne refusée (code {code})."


def _generic(status: int) -> str:
    return {403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid_request"}.get(
        status, ""
    )


def _field(error: dict[str, str], labels: dict[str, str]) -> str:
    location = error.get("location", "")
    name = location.rsplit(".", 1)[-1]
    label = labels.get(name) or labels.get(location) or name
    kind = FIELD_TYPES.get(error.get("type", ""), "valeur non valide")
    return f"{label} : {kind}"
