"""Reference data: what it says of a department, and its reload."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, allow
from conum_runtime.http.fields import DepartmentCode
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router

from conum_enrolment import views
from conum_enrolment.api.routes import Uow
from conum_enrolment.api.schemas import DepartmentOut, ReferenceOut

router = new_router(tags=["reference"])


@router.get("/reference/departments/{code}", responses=problems(404))
async def get_department(code: DepartmentCode, _caller: CurrentCaller, uow: Uow) -> DepartmentOut:
    """A department, its region, and its reference training organisation per scheme."""
    return DepartmentOut.of(views.department_info(uow.reference.current, code))


@router.post(
    "/reference/reload",
    responses=problems(403, 422),
    dependencies=[allow(Role.OPERATOR, Role.NATIONAL_COORDINATOR)],
)
async def reload_reference(uow: Uow) -> ReferenceOut:
    """Reload the reference files (operators and national coordinators); invalid files are
    refused (422) and the data in use is kept."""
    data = uow.reference.reload()
    return ReferenceOut(
        training_organisations=len(data.organisations), schemes=sorted(data.routing)
    )
