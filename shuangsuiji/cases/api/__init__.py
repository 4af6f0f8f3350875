"""Cases over REST: the bureau's 案件设置 and 裁量基准 (`configuration`) and the steps of a case (`steps`), under
one router mounted at /api/v1/cases/. The fixed paths (/settings, /discretion-bands) come before /{case_id}."""

from ninja import Router

from shuangsuiji.cases.api.configuration import router as configuration_router
from shuangsuiji.cases.api.steps import router as steps_router

router = Router()
router.add_router("", configuration_router)
router.add_router("", steps_router)

__all__ = ["router"]
