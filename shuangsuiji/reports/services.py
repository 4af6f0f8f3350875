"""Writes of the reports app: the hand-entered part of a month's forms, and publishing the annual statistics
(on the portal, completing the 31 January deadline)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.reports import FORM1_OTHER_ROWS
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.reports.models import AnnualReport, MonthlyInput


class ReportInputError(ValueError):
    """Bad input for a report; errors are (field, message) pairs and nothing was saved."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("；".join(m for _, m in errors))
        self.errors = errors


TEXT_FIELDS = ("meetings", "documents", "trainings", "contact", "phone", "mobile")
OTHER_LABELS = dict(FORM1_OTHER_ROWS)


def save_monthly_input(*, actor: Any, bureau: Bureau, year: int, month: int, data: dict[str, Any]) -> MonthlyInput:
    """Store the hand-entered part of a month's forms; counts must be whole numbers ≥ 0 with
    发现问题户数 ≤ 户数."""
    errors: list[tuple[str, str]] = []
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ReportInputError([("month", "年月无效")])
    counts: dict[str, list[int]] = {}
    for key, label in FORM1_OTHER_ROWS:
        values = []
        for index, name in enumerate(("次数", "户数", "发现问题户数")):
            raw = str(data.get(f"{key}_{index}", "") or "0").strip()
            if not raw.isdigit():
                errors.append((f"{key}_{index}", f"“{label}”的{name}须为非负整数，“{raw}”不是"))
                values.append(0)
            else:
                values.append(int(raw))
        if values[2] > values[1]:
            errors.append((f"{key}_2", f"“{label}”的发现问题户数（{values[2]}）不能多于户数（{values[1]}）"))
        counts[key] = values
    for name in ("mobile",):
        value = str(data.get(name, "")).strip()
        if value and not (value.isdigit() and len(value) == 11):
            errors.append((name, f"手机号码“{value}”应为11位数字"))
    if errors:
        raise ReportInputError(errors)
    with transaction.atomic():
        entry, _ = MonthlyInput.objects.select_for_update().get_or_create(bureau=bureau, year=year, month=month)
        for name in TEXT_FIELDS:
            setattr(
                entry,
                name,
                str(data.get(name, "")).strip()[: 2000 if name in ("meetings", "documents", "trainings") else 50],
            )
        entry.other_counts = counts
        entry.updated_by = actor if getattr(actor, "pk", None) else None
        entry.save()
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="reports.monthly_input_saved",
            obj=entry,
            summary=f"填写{year}年{month}月双随机监管工作月报表",
            data={"other_counts": counts},
        )
    return entry


def publish_annual_report(*, actor: Any, bureau: Bureau, year: int, note: str = "") -> AnnualReport:
    """Publish the year's enforcement statistics as drafted now (figures frozen in the publication)."""
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.deadlines.services.common import DeadlineError
    from shuangsuiji.publicity.models import Publication
    from shuangsuiji.publicity.services.core import publish
    from shuangsuiji.reports.figures import ANNUAL_LABELS, annual_figures

    today = timezone.localdate()
    if year >= today.year:
        raise ReportInputError([("year", f"{year}年度尚未结束，年报须在次年公开")])
    with transaction.atomic():
        report, _ = AnnualReport.objects.select_for_update().get_or_create(bureau=bureau, year=year)
        if report.status == AnnualReport.Status.PUBLISHED:
            raise ReportInputError([("year", f"{year}年度执法统计已于 {report.published_at:%Y-%m-%d} 公开")])
        figures = annual_figures(bureau, year)
        fields = [[label, _shown(figures.get(key))] for key, label in ANNUAL_LABELS]
        if note.strip():
            fields.append(["说明", note.strip()])
        publication = publish(
            actor=actor,
            bureau=bureau,
            kind=Publication.Kind.ANNUAL_REPORT,
            subject_type="reports.annualreport",
            subject_id=str(report.pk),
            title=f"{bureau.name}{year}年度行政执法统计",
            payload={"fields": fields, "figures": figures},
        )
        report.figures, report.note, report.publication = figures, note.strip(), publication
        report.status, report.published_at = AnnualReport.Status.PUBLISHED, timezone.now()
        report.published_by = actor if getattr(actor, "pk", None) else None
        report.save()
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="reports.annual_published",
            obj=report,
            summary=f"公开{year}年度行政执法统计",
        )
        # No deadline when the platform started after the year began: then there is nothing to close.
        with contextlib.suppress(DeadlineError):
            deadlines.complete_yearly_deadline(
                actor=actor, bureau=bureau, kind="annual_report", year=year + 1, done_on=today
            )
    return report


def _shown(value: Any) -> str:
    if value is None:
        return "（本平台未办理案件）"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


__all__ = ["ReportInputError", "publish_annual_report", "save_monthly_input"]
