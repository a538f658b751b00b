"""HTTP routes of the modules service: translate, authorise, call a use case or a view.

The catalogue (:mod:`.catalogue`), sessions and what the hub records of them
(:mod:`.sessions`), registrations (:mod:`.registrations`), a conseiller's record and a
region's figures (:mod:`.records`).
"""

from typing import Annotated

from conum_runtime.http.dependencies import unit_of_work
from fastapi import Depends

from conum_modules.store import ModulesUnitOfWork

Uow = Annotated[ModulesUnitOfWork, Depends(unit_of_work)]
