"""The vocabulary of an inspection's result: methods (seed 000 五(三)), outcome categories for statistics
(platform-features §3) and follow-ups. Defaults; a bureau may rename or add categories (inspections.OutcomeCategory)."""

from __future__ import annotations

from dataclasses import dataclass

METHODS: dict[str, str] = {
    "onsite": "实地检查",
    "written": "书面检查",
    "online": "联网直报核查",
    "phone": "电话核实",
    "interview": "执法约谈",
    "visit": "座谈走访",
    "records": "调阅资料",
}


@dataclass(frozen=True)
class OutcomeDefault:
    code: str
    label: str
    is_problem: bool = False  # counts as 发现问题 in the monthly forms
    needs_follow_up: bool = False  # a follow-up (责令限期改正, 立案…) must be chosen
    out_of_scope: bool = False  # the unit is not inspectable: triggers reserve substitution in the draw
    credit_no_problem: bool = False  # listed under 诚信信息 (seed 000 六(一))


OUTCOMES: tuple[OutcomeDefault, ...] = (
    OutcomeDefault("no_problem", "未发现问题", credit_no_problem=True),
    OutcomeDefault("corrected", "发现问题已责令改正", is_problem=True),
    OutcomeDefault("pending", "发现问题待后续处理", is_problem=True, needs_follow_up=True),
    OutcomeDefault("no_activity", "未发现开展本次抽查涉及的经营活动"),
    OutcomeDefault("closed", "已关闭停业或正在组织清算"),
    OutcomeDefault("uncooperative", "不配合检查情节严重", is_problem=True),
    OutcomeDefault("not_found", "查无下落", out_of_scope=True),
    OutcomeDefault("deregistered", "已注销", out_of_scope=True),
    OutcomeDefault("revoked", "已吊销营业执照", out_of_scope=True),
    OutcomeDefault("moved_out", "已迁出", out_of_scope=True),
)
OUTCOME_BY_CODE = {o.code: o for o in OUTCOMES}

FOLLOW_UPS: dict[str, str] = {
    "rectify": "责令限期改正",
    "case": "立案调查",
    "transfer": "移送其他部门",
    "judicial": "移送司法机关",
}


class OutcomeError(ValueError):
    """An inconsistent choice of outcomes, with a message for the inspector."""


def check_outcomes(codes: list[str], follow_up: str, known: dict[str, OutcomeDefault] | None = None) -> None:
    """Several outcomes may apply, but not 未发现问题 with a problem, and a pending problem needs its follow-up."""
    known = known or OUTCOME_BY_CODE
    if not codes:
        raise OutcomeError("请至少选择一项检查结果。")
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise OutcomeError(f"未知的检查结果：{'、'.join(unknown)}")
    chosen = [known[c] for c in codes]
    if any(o.credit_no_problem for o in chosen) and any(o.is_problem or o.out_of_scope for o in chosen):
        raise OutcomeError("“未发现问题”不能与发现问题或不属于检查范围的结果同时选择。")
    if any(o.needs_follow_up for o in chosen) and follow_up not in FOLLOW_UPS:
        raise OutcomeError("“发现问题待后续处理”须选择后续处理方式（责令限期改正、立案调查、移送…）。")
    if follow_up and follow_up not in FOLLOW_UPS:
        raise OutcomeError(f"未知的后续处理方式：{follow_up}")
