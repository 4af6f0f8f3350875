"""Publishing, withdrawing and correcting what the portal shows (services write; the portal only reads)."""

from shuangsuiji.publicity.services.core import PublicityError, correct, publish, withdraw
from shuangsuiji.publicity.services.draws import publish_draw_notice, publish_draw_result, republish_draw_result
from shuangsuiji.publicity.services.objections import ObjectionError, answer_objection, submit_objection
from shuangsuiji.publicity.services.plans import publish_plan_version

__all__ = [
    "ObjectionError",
    "PublicityError",
    "answer_objection",
    "correct",
    "publish",
    "publish_draw_notice",
    "publish_draw_result",
    "publish_plan_version",
    "republish_draw_result",
    "submit_objection",
    "withdraw",
]
