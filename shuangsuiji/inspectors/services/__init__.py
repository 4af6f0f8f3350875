"""Writes to the 执法检查人员名录库: inspectors by hand, 回避 declarations, imports and exports."""

from shuangsuiji.inspectors.services.conflicts import declare_conflict, withdraw_conflict
from shuangsuiji.inspectors.services.exports import export_bureau_inspectors, export_inspectors
from shuangsuiji.inspectors.services.imports import InspectorImporter, import_inspectors
from shuangsuiji.inspectors.services.inspectors import (
    InspectorInputError,
    add_inspector,
    change_inspector,
    change_status,
    link_user,
    renew_certificate,
    text_values,
)

__all__ = [
    "InspectorImporter",
    "InspectorInputError",
    "add_inspector",
    "change_inspector",
    "change_status",
    "declare_conflict",
    "export_bureau_inspectors",
    "export_inspectors",
    "import_inspectors",
    "link_user",
    "renew_certificate",
    "text_values",
    "withdraw_conflict",
]
