"""HTTP routes of the enrolment service: translate, authorise, call a use case or a view.

Structures (:mod:`.structures`), enrolments (:mod:`.enrolments`), initial training
(:mod:`.training`: attendance, cohorts), reference data (:mod:`.reference`).
"""

from typing import Annotated

from conum_runtime.http.dependencies import unit_of_work
from fastapi import Depends

from conum_enrolment.store import EnrolmentUnitOfWork

Uow = Annotated[EnrolmentUnitOfWork, Depends(unit_of_work)]
