"""The review of findings by the 专业股室: 核实 → 数据正常 / 已更正 (with the corrected value) / 疑似违法.

疑似违法 makes the unit a directed-check candidate (selectors.directed_candidates) and, by the bureau's
`risk_raise` setting (default: one class), raises its 信用风险等级 through the directory service.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.directory.services import set_risk_class
from shuangsuiji.domain.quality.config import RULE_LABELS
from shuangsuiji.domain.units import RISK_CLASSES
from shuangsuiji.quality.models import Finding, ReportedValue
from shuangsuiji.quality.services.config import rule_config

OUTCOMES = (Finding.Status.NORMAL, Finding.Status.CORRECTED, Finding.Status.SUSPECTED)


class ReviewError(ValueError):
    """A review that cannot be recorded; the message says why in Chinese."""


def start_verification(*, actor: Any, finding: Finding) -> Finding:
    """核实: the 专业股室 takes the finding up (待核实 → 核实中)."""
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.status != Finding.Status.OPEN:
            raise ReviewError(f"该问题当前为“{locked.get_status_display()}”，不能再开始核实")
        locked.status = Finding.Status.VERIFYING
        locked.save(update_fields=["status"])
        _audit(actor, locked, "quality.finding_verifying", "开始核实")
    return locked


def review_finding(
    *, actor: Any, finding: Finding, outcome: str, note: str, corrected_value: str | Decimal | None = None
) -> Finding:
    """The result of 核实; 已更正 needs the corrected value (which replaces the stored 本月 figure)."""
    if outcome not in OUTCOMES:
        raise ReviewError("核实结果应为“数据正常”“已更正”或“疑似违法”")
    if not note.strip():
        raise ReviewError("请填写核实情况")
    value = _value(corrected_value) if outcome == Finding.Status.CORRECTED else None
    with transaction.atomic():
        locked = Finding.objects.select_for_update(of=("self",)).select_related("unit", "indicator").get(pk=finding.pk)
        if locked.is_reviewed:
            raise ReviewError(f"该问题已核实为“{locked.get_status_display()}”")
        locked.status, locked.review_note, locked.corrected_value = outcome, note.strip()[:500], value
        locked.reviewed_by = actor if getattr(actor, "pk", None) else None
        locked.reviewed_at = timezone.now()
        locked.full_clean()
        locked.save()
        if value is not None:
            _correct(locked, value)
        _audit(actor, locked, f"quality.finding_{outcome}", f"核实结果：{locked.get_status_display()}")
        if outcome == Finding.Status.SUSPECTED:
            _raise_risk(actor, locked)
    return locked


def _value(text: str | Decimal | None) -> Decimal:
    try:
        value = Decimal(str(text).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ReviewError("请填写更正后的数值（数字）") from None
    if not value.is_finite() or abs(value) >= Decimal("1e13"):
        raise ReviewError("更正后的数值超出范围")
    return value.quantize(Decimal("0.01"))


def _correct(finding: Finding, value: Decimal) -> None:
    if finding.indicator_id is None:
        return
    ReportedValue.objects.filter(unit=finding.unit, indicator_id=finding.indicator_id, period=finding.period).update(
        current_value=value
    )


def _raise_risk(actor: Any, finding: Finding) -> None:
    steps = int(rule_config(finding.bureau).value("risk_raise"))
    if steps <= 0:
        return
    classes = list(RISK_CLASSES)
    current = classes.index(finding.unit.risk_class) if finding.unit.risk_class in classes else 0
    wanted = classes[min(current + steps, len(classes) - 1)]
    if wanted != finding.unit.risk_class:
        set_risk_class(
            actor=actor,
            unit=finding.unit,
            risk_class=wanted,
            reason=f"数据质量监测疑似违法（{finding.period} {RULE_LABELS[finding.rule]}）",
        )


def _audit(actor: Any, finding: Finding, action: str, summary: str) -> None:
    record_event(
        actor=actor,
        bureau_id=finding.bureau_id,
        action=action,
        obj=finding,
        summary=f"{summary}：{finding.unit.name if hasattr(finding, 'unit') else finding.unit_id} {finding.period} "
        f"{RULE_LABELS.get(finding.rule, finding.rule)}",
        data={"finding": finding.pk, "status": finding.status, "note": finding.review_note},
    )
