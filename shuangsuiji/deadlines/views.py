"""Pages: the deadline board, one deadline, the bureau's rules, and the working-day calendar with its editor."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.deadlines import selectors, services
from shuangsuiji.deadlines.forms import CompleteForm, HolidayScheduleForm, RuleForm
from shuangsuiji.deadlines.models import Deadline, count_makeup_workdays
from shuangsuiji.domain.deadline_rules import COUNTING_LABELS, DEFAULTS_BY_CODE, YEARLY_CODES, Counting
from shuangsuiji.domain.holiday_schedule import format_schedule, weekday_name
from shuangsuiji.domain.workdays import LIBRARY_YEARS, CalendarRangeError, DaySource, YearSchedule
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import bureau_for_user, bureaus_visible_to, can_write_bureau


def _chosen_bureau(request: HttpRequest) -> Bureau | None:
    code = request.GET.get("bureau", "")
    return bureau_for_user(request.user, code) if code else None


@login_required
def board(request: HttpRequest) -> HttpResponse:
    bureau = _chosen_bureau(request)
    bureaus = list(bureaus_visible_to(request.user))
    context = {
        "board": selectors.due_board(request.user, timezone.localdate(), bureau_id=bureau.pk if bureau else None),
        "bureaus": bureaus,
        "bureau": bureau,
        "show_bureau": len(bureaus) > 1 and bureau is None,
        "horizon_workdays": selectors.BOARD_HORIZON_WORKDAYS,
    }
    return render(request, "deadlines/board.html", context)


def _can_complete(request: HttpRequest, deadline: Deadline) -> bool:
    return (
        deadline.kind in YEARLY_CODES
        and not deadline.is_closed
        and has_perm(request.user, Perm.DEADLINES_MANAGE)
        and can_write_bureau(request.user, deadline.bureau_id)
    )


@login_required
def deadline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = selectors.deadline_detail(request.user, pk)
    context = {
        "deadline": deadline,
        "notes": selectors.deadline_notes(deadline),
        "period": deadline.as_rule().describe(),
        "counting_label": COUNTING_LABELS[Counting(deadline.counting)],
        "can_complete": _can_complete(request, deadline),
        "complete_form": CompleteForm(initial={"done_on": timezone.localdate()}),
    }
    return render(request, "deadlines/deadline_detail.html", context)


@require_POST
@require_perm(Perm.DEADLINES_MANAGE)
def deadline_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a yearly deadline (annual plan, annual report) done by hand; the others close through their own app."""
    deadline = selectors.deadline_detail(request.user, pk)
    if not _can_complete(request, deadline):
        raise PermissionDenied("只能由本局标记按年固定日期的期限（年度计划、执法统计年报）")
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的完成日期")
        return redirect("deadlines:deadline", pk)
    try:
        services.complete_deadline(
            actor=request.user,
            kind=deadline.kind,
            subject_type=deadline.subject_type,
            subject_id=deadline.subject_id,
            done_on=form.cleaned_data["done_on"],
        )
    except services.DeadlineError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已标记完成。")
    return redirect("deadlines:deadline", pk)


# --- rules ----------------------------------------------------------------------------------------------------------


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    bureau = _chosen_bureau(request) or request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise Http404("您的账号尚未分配到统计局")
    context = {
        "bureau": bureau,
        "rows": selectors.rules_for(bureau.pk),
        "bureaus": bureaus_visible_to(request.user),
        "can_edit": has_perm(request.user, Perm.DEADLINES_MANAGE) and can_write_bureau(request.user, bureau.pk),
    }
    return render(request, "deadlines/rules.html", context)


def _own_bureau(request: HttpRequest) -> Bureau:
    bureau = request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise PermissionDenied("您的账号尚未分配到统计局")
    return bureau


@require_perm(Perm.DEADLINES_MANAGE)
def rule_edit(request: HttpRequest, code: str) -> HttpResponse:
    if code not in DEFAULTS_BY_CODE:
        raise Http404("没有这种期限")
    bureau = _own_bureau(request)
    current = selectors.rule_for(bureau.pk, code)
    initial = {
        "counting": current.counting.value,
        "amount": current.amount or None,
        "fixed_month": current.fixed_month or None,
        "fixed_day": current.fixed_day or None,
        "legal_basis": current.legal_basis,
    }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_rule(
                actor=request.user,
                bureau=bureau,
                code=code,
                counting=data["counting"],
                amount=data["amount"] or 0,
                fixed_month=data["fixed_month"] or 0,
                fixed_day=data["fixed_day"] or 0,
                legal_basis=data["legal_basis"],
            )
        except services.RuleError as exc:
            for message in exc.errors:
                form.add_error(None, message)
        else:
            messages.success(request, "已保存。新规则适用于此后开启的期限，已开启的期限不变。")
            return redirect("deadlines:rules")
    context = {"form": form, "rule": current, "bureau": bureau}
    return render(request, "deadlines/rule_form.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm(Perm.DEADLINES_MANAGE)
def rule_reset(request: HttpRequest, code: str) -> HttpResponse:
    if code not in DEFAULTS_BY_CODE:
        raise Http404("没有这种期限")
    rule = services.reset_rule(actor=request.user, bureau=_own_bureau(request), code=code)
    messages.success(request, f"“{rule.label}”已恢复默认：{rule.describe()}")
    return redirect("deadlines:rules")


# --- the working-day calendar ---------------------------------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    if year.isdigit():
        return redirect("deadlines:calendar_year", int(year))
    today = timezone.localdate()
    context = {
        "years": selectors.calendar_years(today),
        "can_edit": has_perm(request.user, Perm.CALENDAR_EDIT),
        "version": selectors.current_calendar().version,
        "count_makeup": count_makeup_workdays(),
        "library_years": (LIBRARY_YEARS.start, LIBRARY_YEARS.stop - 1),
    }
    return render(request, "deadlines/calendar.html", context)


def _special_days(year: int) -> tuple[DaySource, list[tuple[dt.date, bool, str]]]:
    cal = selectors.current_calendar()
    try:
        return cal.source(year), cal.special_days(year)
    except CalendarRangeError:
        raise Http404("该年份不在工作日日历范围内") from None


def _initial_text(year: int, source: DaySource, special: list[tuple[dt.date, bool, str]]) -> str:
    """What the editor starts with: the entered text, or chinesecalendar's data of a covered year to correct."""
    schedule = selectors.holiday_schedule(year)
    if schedule is not None:
        return schedule.text
    if source is DaySource.LIBRARY:
        off = {d: name for d, is_makeup, name in special if not is_makeup}
        return format_schedule(YearSchedule(year, off, {d: name for d, is_makeup, name in special if is_makeup}))
    return ""


@login_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    source, special = _special_days(year)
    can_edit = has_perm(request.user, Perm.CALENDAR_EDIT)
    schedule = selectors.holiday_schedule(year)
    initial = {"text": _initial_text(year, source, special), "source_url": schedule.source_url if schedule else ""}
    form = HolidayScheduleForm(initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有系统管理员可以录入放假安排")
        form = HolidayScheduleForm(request.POST, request.FILES)
        changed = _enter(request, year, form)
        if changed is not None:
            messages.success(request, f"已保存{year}年放假安排，重新计算了 {changed} 项期限。")
            return redirect("deadlines:calendar_year", year)
    context = {
        "year": year,
        "source": source,
        "days": [{"on": d, "weekday": weekday_name(d), "is_makeup": m, "name": n} for d, m, n in special],
        "schedule": schedule,
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "deadlines/calendar_year.html", context, status=400 if form.errors else 200)


def _enter(request: HttpRequest, year: int, form: HolidayScheduleForm) -> int | None:
    """The number of deadlines recomputed, or None when the form or the schedule has errors (added to the form)."""
    if not form.is_valid():
        return None
    try:
        result = services.enter_holiday_schedule(
            actor=request.user, year=year, text=form.cleaned_data["text"], source_url=form.cleaned_data["source_url"]
        )
    except services.ScheduleError as exc:
        for error in exc.errors:
            form.add_error(None, str(error))
        return None
    return len(result.changed)
