"""The end-of-session satisfaction survey, closed by the session's hub: ``session.evaluated``
and the regional figures it feeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conum_contracts.modules import SessionEvaluatedV2
from conum_kernel.access import Caller

from conum_modules import domain
from conum_modules.domain import Answer, Evaluation, RegistrationStatus
from conum_modules.handlers.commands.sessions import held_session
from conum_modules.store import ModulesUnitOfWork

PARTICIPATED = (RegistrationStatus.COMPLETED, RegistrationStatus.MISSED)


@dataclass(frozen=True)
class EvaluateSession:
    session_id: str
    answers: Sequence[Answer]


async def evaluate_session(
    command: EvaluateSession, uow: ModulesUnitOfWork, caller: Caller
) -> Evaluation:
    session = await held_session(uow, command.session_id, caller)
    registrations = await uow.registrations.of_session(session.session_id)
    evaluation = domain.evaluate(
        session,
        command.answers,
        participants=sum(1 for r in registrations if r.status in PARTICIPATED),
        already_evaluated=await uow.evaluations.get(session.session_id) is not None,
    )
    await uow.evaluations.add(evaluation)
    uow.emit(
        SessionEvaluatedV2.of(evaluation),
        region=evaluation.region,
    )
    await uow.commit()
    return evaluation
