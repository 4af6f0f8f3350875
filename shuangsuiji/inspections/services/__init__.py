"""Every write to an inspection record: one transaction and one audit event each (全过程记录)."""

from shuangsuiji.inspections.services.evidence import EvidenceError, add_evidence, sign
from shuangsuiji.inspections.services.publication import hand_over, publish_results, result_payload
from shuangsuiji.inspections.services.records import (
    InspectionError,
    InspectionInputError,
    open_inspection,
    review,
    save_record,
    start_recheck,
    submit,
)

__all__ = [
    "EvidenceError",
    "InspectionError",
    "InspectionInputError",
    "add_evidence",
    "hand_over",
    "open_inspection",
    "publish_results",
    "result_payload",
    "review",
    "save_record",
    "sign",
    "start_recheck",
    "submit",
]
