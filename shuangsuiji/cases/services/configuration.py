"""A bureau's 案件设置 (`CaseSettings`): hearing thresholds, the major-decision rule, the 集体讨论 amount and the
credit rules. Changed by the 法制室 or the administrator of the bureau, validated field by field (the model's
`clean()`), audited with the values before and after. They apply to the steps taken after the change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuangsuiji.cases.models import CaseSettings
from shuangsuiji.cases.services.common import CaseError, settings_for
from shuangsuiji.cases.services.discretion import _require_configure
from shuangsuiji.core.audit import record_event

EDITABLE = (
    "hearing_threshold_organisation",
    "hearing_threshold_individual",
    "review_every_decision",
    "review_after_hearing",
    "major_fine_threshold",
    "collective_fine_threshold",
    "credit_on_severe",
    "credit_notice_workdays",
    "credit_fine_threshold",
    "credit_publish_workdays",
    "credit_months",
    "credit_repair_after_months",
    "credit_extended_months",
    "credit_risk_class",
    "risk_problem_class",
    "risk_uncooperative_class",
    "risk_penalty_class",
    "risk_clean_run",
)


def _label(name: str) -> str:
    field = CaseSettings._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def change_case_settings(*, actor: Any, bureau: Any, values: dict[str, Any]) -> CaseSettings:
    """Store the bureau's settings; CaseError names every field at fault (“听证标准：单位（元）：…”)."""
    _require_configure(actor, bureau)
    if unknown := sorted(set(values) - set(EDITABLE)):
        raise CaseError(f"不能修改的设置项：{'、'.join(unknown)}", unknown[0])
    with transaction.atomic():
        current = CaseSettings.objects.select_for_update().filter(bureau=bureau).first()
        row = current or settings_for(bureau)
        before = {name: getattr(row, name) for name in EDITABLE}
        for name, value in values.items():
            setattr(row, name, value)
        try:
            row.full_clean(exclude=["bureau"])
        except ValidationError as exc:
            errors = {k: f"{_label(k)}：{'；'.join(v)}" for k, v in exc.message_dict.items() if k in EDITABLE}
            raise CaseError.of(errors or {"": "；".join(exc.messages)}) from None
        changed = {k: [before[k], getattr(row, k)] for k in EDITABLE if before[k] != getattr(row, k)}
        if not changed and current is not None:
            return row
        row.save()
        summary = "、".join(_label(k) for k in changed) or "建立本局案件设置"
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="cases.settings_changed",
            obj=row,
            summary=f"修改案件设置：{summary}",
            data={"changed": changed},
        )
    return row
