"""The life of an annual plan: draft → submitted → approved (局领导) → published; an adjustment after publication
is a new version with a reason, approved and re-published; every version stays on record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.scope import ScopeError, normalize_scope
from shuangsuiji.planning.models import DEFAULT_RISK_RATIOS, AnnualPlan, PlanLine, PlanVersion
from shuangsuiji.publicity.services import publish_plan_version

SCHEDULE_SLOTS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y")
Status = PlanVersion.Status


class PlanError(Exception):
    """A plan action that is not allowed now, or bad values; the message is for the user."""


def _event(actor: Any, version: PlanVersion, action: str, summary: str, data: dict[str, Any] | None = None) -> None:
    record_event(
        actor=actor,
        bureau_id=version.plan.bureau_id,
        action=f"planning.{action}",
        obj=version,
        summary=summary,
        data=data or {},
    )


def _locked(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)


def create_plan(*, actor: Any, bureau: Any, year: int, title: str = "", **values: Any) -> PlanVersion:
    """A bureau's plan for a year, with its first version as a draft (one plan per bureau and year)."""
    with transaction.atomic():
        if AnnualPlan.objects.filter(bureau=bureau, year=year).exists():
            raise PlanError(f"{bureau.name}已有{year}年度抽查计划；如需修改请“调整计划”")
        plan = AnnualPlan.objects.create(bureau=bureau, year=year)
        version = PlanVersion(
            plan=plan,
            number=1,
            title=title or f"{bureau.name}{year}年度“双随机、一公开”抽查工作计划",
            created_by=_user(actor),
            risk_ratios=dict(DEFAULT_RISK_RATIOS),
            category_targets={"four_above": "20", "four_below": "20"},
            township_target_percent=Decimal(30),
        )
        _apply_values(version, values)
        version.full_clean()
        version.save()
        _event(actor, version, "plan_created", f"新建{year}年度抽查计划")
    return version


def update_version(*, actor: Any, version: PlanVersion, **values: Any) -> PlanVersion:
    """Change the targets and settings of a draft version."""
    with transaction.atomic():
        version = _locked(version)
        _require(version, Status.DRAFT, "只有草稿可以修改")
        before = _settings_of(version)
        _apply_values(version, values)
        version.full_clean()
        version.save()
        _event(actor, version, "plan_updated", "修改计划草稿", {"before": before, "after": _settings_of(version)})
    return version


def _apply_values(version: PlanVersion, values: dict[str, Any]) -> None:
    allowed = {
        "title",
        "coverage_target_percent",
        "category_targets",
        "township_target_percent",
        "risk_ratios",
        "yearly_cap",
        "note",
    }
    for key, value in values.items():
        if key not in allowed:
            raise PlanError(f"不能修改字段 {key}")
        setattr(version, key, value)
    validate_risk_ratios(version.risk_ratios)


def validate_risk_ratios(ratios: Any) -> None:
    """Ratios by credit-risk class as integer pairs a/b with 0 ≤ a ≤ b (DSR-1 §5)."""
    if not isinstance(ratios, dict) or not ratios:
        raise PlanError("请设置各信用风险等级的抽查比例")
    for risk, pair in ratios.items():
        if risk not in ("A", "B", "C", "D"):
            raise PlanError(f"未知的信用风险等级 {risk}")
        ok = isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(v, int) for v in pair)
        if not ok or pair[1] <= 0 or not 0 <= pair[0] <= pair[1]:
            raise PlanError(f"{risk} 类的抽查比例应为整数对 [分子, 分母]，如 [3, 100] 表示 3%")


def _settings_of(version: PlanVersion) -> dict[str, Any]:
    return {
        "title": version.title,
        "coverage": str(version.coverage_target_percent),
        "categories": version.category_targets,
        "township": str(version.township_target_percent),
        "risk_ratios": version.risk_ratios,
        "yearly_cap": version.yearly_cap,
    }


def add_line(
    *,
    actor: Any,
    version: PlanVersion,
    item_version: Any,
    ratio_percent: Decimal,
    frequency: int,
    scope: dict[str, Any] | None = None,
    schedule: list[str] | None = None,
    department: Any = None,
    note: str = "",
) -> PlanLine:
    """A plan line: an item with its scope; ratio and frequency must lie inside the item list's ranges."""
    with transaction.atomic():
        version = _locked(version)
        _require(version, Status.DRAFT, "只有草稿可以增加事项")
        line = PlanLine(
            version=version,
            order=version.lines.count() + 1,
            item_version=item_version,
            note=note,
            department=department,
        )
        _fill_line(line, item_version, ratio_percent, frequency, scope or {}, schedule or [])
        line.full_clean()
        line.save()
        _event(
            actor,
            version,
            "plan_line_added",
            f"计划增加事项：{item_version.name}",
            {"ratio": str(ratio_percent), "frequency": frequency, "scope": line.scope},
        )
    return line


def _fill_line(
    line: PlanLine, item: Any, ratio: Decimal, frequency: int, scope: dict[str, Any], schedule: list[str]
) -> None:
    if item.published_at is None:
        raise PlanError("只能选用已发布的抽查事项")
    if not item.ratio_min_percent <= ratio <= item.ratio_max_percent:
        raise PlanError(f"抽查比例 {ratio}% 超出事项清单规定的范围 {item.ratio_display}")
    if not item.frequency_min <= frequency <= item.frequency_max:
        raise PlanError(f"抽查频次 {frequency} 次/年超出事项清单规定的范围 {item.frequency_display}")
    bad = [s for s in schedule if s not in SCHEDULE_SLOTS]
    if bad:
        raise PlanError(f"时间安排只能是 {'、'.join(SCHEDULE_SLOTS)}")
    try:
        line.scope = normalize_scope(scope)
    except ScopeError as exc:
        raise PlanError(str(exc)) from None
    line.ratio_percent, line.frequency, line.schedule = ratio, frequency, schedule


def remove_line(*, actor: Any, line: PlanLine) -> None:
    with transaction.atomic():
        version = _locked(line.version)
        _require(version, Status.DRAFT, "只有草稿可以删除事项")
        name = line.item_version.name
        line.delete()
        for order, remaining in enumerate(version.lines.order_by("order"), start=1):
            PlanLine.objects.filter(pk=remaining.pk).update(order=order)
        _event(actor, version, "plan_line_removed", f"计划删除事项：{name}")


def submit(*, actor: Any, version: PlanVersion) -> PlanVersion:
    """Send a draft to the 局领导 for approval."""
    with transaction.atomic():
        version = _locked(version)
        _require(version, Status.DRAFT, "只有草稿可以提交审批")
        if not version.lines.exists():
            raise PlanError("计划至少要包含一个抽查事项")
        if version.number > 1 and not version.adjustment_reason:
            raise PlanError("调整后的计划必须说明调整原因")
        version.status, version.submitted_at = Status.SUBMITTED, timezone.now()
        version.save(update_fields=["status", "submitted_at"])
        _event(actor, version, "plan_submitted", "提交计划审批")
    return version


def approve(*, actor: Any, version: PlanVersion, note: str = "") -> PlanVersion:
    """局领导 approves a submitted version."""
    with transaction.atomic():
        version = _locked(version)
        _require(version, Status.SUBMITTED, "只有待审批的计划可以批准")
        version.status, version.approved_by, version.approved_at = Status.APPROVED, _user(actor), timezone.now()
        version.approval_note = note
        version.save(update_fields=["status", "approved_by", "approved_at", "approval_note"])
        _event(actor, version, "plan_approved", "批准计划", {"note": note})
    return version


def return_for_changes(*, actor: Any, version: PlanVersion, reason: str) -> PlanVersion:
    """局领导 sends a submitted version back to draft with a reason."""
    if not reason.strip():
        raise PlanError("请填写退回原因")
    with transaction.atomic():
        version = _locked(version)
        _require(version, Status.SUBMITTED, "只有待审批的计划可以退回")
        version.status, version.approval_note = Status.DRAFT, f"退回：{reason}"
        version.save(update_fields=["status", "approval_note"])
        _event(actor, version, "plan_returned", "退回计划修改", {"reason": reason})
    return version


def publish(*, actor: Any, version: PlanVersion) -> PlanVersion:
    """Publish an approved version; the version it adjusts becomes superseded (and stays visible)."""
    with transaction.atomic():
        version = _locked(version)
        _require(version, Status.APPROVED, "只有已批准的计划可以发布")
        plan = AnnualPlan.objects.select_for_update().get(pk=version.plan_id)
        PlanVersion.objects.filter(plan=plan, status=Status.PUBLISHED).update(status=Status.SUPERSEDED)
        version.status, version.published_at = Status.PUBLISHED, timezone.now()
        version.save(update_fields=["status", "published_at"])
        plan.current_version = version
        plan.save(update_fields=["current_version"])
        _event(actor, version, "plan_published", f"发布第{version.number}版计划")
        publish_plan_version(actor=actor, version=version)
        if version.number == 1:
            _meet_plan_deadline(actor, plan, timezone.localdate())
    return version


def _meet_plan_deadline(actor: Any, plan: AnnualPlan, published_on: Any) -> None:
    """The first publication of the year's plan meets the annual_plan deadline (31 March) on the board."""
    from shuangsuiji.deadlines import services as deadlines

    if published_on.year != plan.year:
        return  # a plan published for another year is not that year's deadline event
    deadlines.open_yearly_deadline(actor=actor, bureau=plan.bureau, kind="annual_plan", year=plan.year)
    deadlines.complete_yearly_deadline(
        actor=actor, bureau=plan.bureau, kind="annual_plan", year=plan.year, done_on=published_on
    )


def adjust(*, actor: Any, plan: AnnualPlan, reason: str) -> PlanVersion:
    """调整: a new draft version copied from the published one, with the reason for the change."""
    if not reason.strip():
        raise PlanError("请填写调整原因")
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        current = plan.current_version
        if current is None:
            raise PlanError("计划尚未发布，直接修改草稿即可")
        if plan.versions.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED]).exists():
            raise PlanError("已有一个未发布的调整版本")
        copy = PlanVersion.objects.get(pk=current.pk)
        copy.pk, copy.number, copy.status, copy.adjustment_reason = (
            None,
            plan.versions.count() + 1,
            Status.DRAFT,
            reason,
        )
        copy.created_by, copy.submitted_at, copy.approved_by, copy.approved_at = _user(actor), None, None, None
        copy.approval_note, copy.published_at = "", None
        copy.save()
        for line in current.lines.all():
            line.pk, line.version = None, copy
            line.save()
        _event(actor, copy, "plan_adjustment_started", f"调整计划（第{copy.number}版）", {"reason": reason})
    return copy


def _require(version: PlanVersion, status: str, message: str) -> None:
    if version.status != status:
        raise PlanError(f"{message}（当前状态：{version.get_status_display()}）")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def clean_or_error(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise PlanError("；".join(exc.messages)) from None
