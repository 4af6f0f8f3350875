"""Every step of a case is a service: keyword-only arguments, an explicit actor whose role and bureau are checked,
one transaction, the state checked first, one audit event. Pages, the REST API and the demo call these.

    steps         立案, 调查终结, 法制审核, 事先告知, 集体讨论
    hearing       听证申请, 听证通知, 听证笔录
    statements    陈述申辩笔录, 复核意见
    decision      决定, 送达, 缴纳, 结案, 不予处罚/移送, 撤销
    preservation  证据先行登记保存 and its decision within 7 working days
    interviews    询问笔录
    discretion    the bureau's 裁量基准; discretion_import: a table imported from a spreadsheet
    configuration the bureau's 案件设置
"""

from shuangsuiji.cases.services.common import (
    CaseError,
    CasePermissionError,
    _require_handler,
    _require_head,
    _workdays,
    settings_for,
)
from shuangsuiji.cases.services.configuration import EDITABLE as SETTINGS_FIELDS
from shuangsuiji.cases.services.configuration import change_case_settings
from shuangsuiji.cases.services.decision import (
    close,
    close_without_penalty,
    decide,
    decision_payload,
    record_payment,
    revoke_decision,
    serve,
)
from shuangsuiji.cases.services.discretion import (
    adopt_default_bands,
    bands_for,
    delete_band,
    reset_bands,
    save_band,
)
from shuangsuiji.cases.services.discretion_import import (
    DiscretionImport,
    export_discretion_bands,
    import_discretion_bands,
)
from shuangsuiji.cases.services.hearing import (
    missing_hearing_record,
    record_hearing,
    request_hearing,
    schedule_hearing,
)
from shuangsuiji.cases.services.interviews import record_interview
from shuangsuiji.cases.services.preservation import (
    approve_preservation,
    carry_out_preservation,
    decide_preservation,
    decision_due_on,
    pending_preservations,
    request_preservation,
)
from shuangsuiji.cases.services.statements import (
    answer_periods,
    record_statement,
    record_waiver,
    review_statement,
    statement_of,
)
from shuangsuiji.cases.services.steps import (
    REVIEW_CHECKLIST,
    approve_opening,
    awaits_hearing_review,
    candidate_bands,
    corrections_in_year,
    extend,
    finish_investigation,
    head_decides_disagreement,
    hearing_review_pending,
    notify,
    proposal_for,
    propose_case,
    record_collective_discussion,
    review,
)

__all__ = [
    "REVIEW_CHECKLIST",
    "SETTINGS_FIELDS",
    "CaseError",
    "CasePermissionError",
    "DiscretionImport",
    "_require_handler",
    "_require_head",
    "_workdays",
    "adopt_default_bands",
    "answer_periods",
    "approve_opening",
    "approve_preservation",
    "awaits_hearing_review",
    "bands_for",
    "candidate_bands",
    "carry_out_preservation",
    "change_case_settings",
    "close",
    "close_without_penalty",
    "corrections_in_year",
    "decide",
    "decide_preservation",
    "decision_due_on",
    "decision_payload",
    "delete_band",
    "export_discretion_bands",
    "extend",
    "finish_investigation",
    "head_decides_disagreement",
    "hearing_review_pending",
    "import_discretion_bands",
    "missing_hearing_record",
    "notify",
    "pending_preservations",
    "proposal_for",
    "propose_case",
    "record_collective_discussion",
    "record_hearing",
    "record_interview",
    "record_payment",
    "record_statement",
    "record_waiver",
    "request_hearing",
    "request_preservation",
    "reset_bands",
    "review",
    "review_statement",
    "revoke_decision",
    "save_band",
    "schedule_hearing",
    "serve",
    "settings_for",
    "statement_of",
]
