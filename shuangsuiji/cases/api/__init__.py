"""Cases over REST: the steps of a case (`steps`) and the bureau's 案件设置 and 裁量基准 (`configuration`), under one
router mounted at /api/v1/cases/."""

from shuangsuiji.cases.api.configuration import router as configuration_router
from shuangsuiji.cases.api.steps import router

router.add_router("", configuration_router)

__all__ = ["router"]
