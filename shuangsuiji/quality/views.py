"""Pages of data-quality monitoring: the quality page per bureau and period, a finding with its review, a unit's
trend chart, the rule settings and the 名录库比对."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.domain.quality.config import PARAMETERS, RULE_LABELS, RULES
from shuangsuiji.domain.quality.indicators import THRESHOLD_GROUPS
from shuangsuiji.domain.quality.periods import PeriodError
from shuangsuiji.organisations.selectors import can_write_bureau
from shuangsuiji.quality import selectors
from shuangsuiji.quality.forms import (
    DecisionForm,
    ExpressionForm,
    IndicatorForm,
    RegisterForm,
    ReviewForm,
    RunForm,
    SettingForm,
    SwitchForm,
)
from shuangsuiji.quality.models import Finding, RuleSetting
from shuangsuiji.quality.services import config as config_services
from shuangsuiji.quality.services import registers as register_services
from shuangsuiji.quality.services import reviews
from shuangsuiji.quality.services.runs import run_quality

PAGE_SIZE = 100


def _require(request: HttpRequest, perm: Perm, bureau_id: int | None = None) -> None:
    user: Any = request.user
    bureau_id = bureau_id if bureau_id is not None else user.bureau_id
    if not has_perm(user, perm) or bureau_id is None or not can_write_bureau(user, bureau_id):
        raise PermissionDenied


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not has_perm(user, Perm.QUALITY_VIEW) or user.bureau_id is None:
        raise PermissionDenied
    period = request.GET.get("period") or selectors.latest_period(user.bureau_id)
    findings = selectors.findings_in_scope(user).filter(bureau_id=user.bureau_id, period=period)
    filters = {k: request.GET.get(k, "") for k in ("rule", "status", "department")}
    if filters["rule"]:
        findings = findings.filter(rule=filters["rule"])
    if filters["status"]:
        findings = findings.filter(status=filters["status"])
    if filters["department"]:
        findings = findings.filter(department__name=filters["department"])
    context = {
        "period": period,
        "periods": selectors.periods_with_runs(user.bureau_id),
        "summary": selectors.summary(user.bureau_id, period) if period else None,
        "findings": findings.order_by("-score", "id")[:PAGE_SIZE],
        "filters": filters,
        "rules": list(RULE_LABELS.items()),
        "statuses": Finding.Status.choices,
        "run_form": RunForm(initial={"period": period}),
        "can_run": has_perm(user, Perm.QUALITY_IMPORT),
        "can_configure": has_perm(user, Perm.QUALITY_CONFIGURE),
    }
    return render(request, "quality/overview.html", context)


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.QUALITY_IMPORT)
    user: Any = request.user
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写报告期")
        return redirect("quality:overview")
    try:
        result = run_quality(actor=user, bureau=user.bureau, period=form.cleaned_data["period"])
    except PeriodError as exc:
        messages.error(request, str(exc))
        return redirect("quality:overview")
    messages.success(
        request, f"审核完成：{result.period} 发现 {result.finding_count} 个问题，用时 {result.seconds:.1f} 秒"
    )
    return redirect(f"{_url('quality:overview')}?period={result.period}")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
def finding(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.finding_detail(request.user, pk)
    context = {
        "finding": item,
        "rule_family": RULES.get(item.rule, ("", "", 0))[1],
        "trend": selectors.unit_trend(item.unit),
        "form": ReviewForm(),
        "can_review": has_perm(request.user, Perm.QUALITY_REVIEW) and can_write_bureau(request.user, item.bureau_id),
    }
    return render(request, "quality/finding.html", context)


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.finding_detail(request.user, pk)
    _require(request, Perm.QUALITY_REVIEW, item.bureau_id)
    try:
        reviews.start_verification(actor=request.user, finding=item)
    except reviews.ReviewError as exc:
        messages.error(request, str(exc))
    return redirect("quality:finding", pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.finding_detail(request.user, pk)
    _require(request, Perm.QUALITY_REVIEW, item.bureau_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            reviews.review_finding(
                actor=request.user,
                finding=item,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                corrected_value=form.cleaned_data["corrected_value"] or None,
            )
        except reviews.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "核实结果已记录")
            return redirect("quality:finding", pk)
    context = {
        "finding": item,
        "trend": selectors.unit_trend(item.unit),
        "form": form,
        "can_review": True,
    }
    return render(request, "quality/finding.html", context, status=400)


@login_required
def unit_trend(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_in_scope(request.user, pk)
    findings = Finding.objects.filter(unit=unit).select_related("indicator").order_by("-period", "-score")[:100]
    return render(
        request, "quality/unit.html", {"unit": unit, "trend": selectors.unit_trend(unit), "findings": findings}
    )


@login_required
def rule_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not has_perm(user, Perm.QUALITY_VIEW) or user.bureau_id is None:
        raise PermissionDenied
    forms_by_name = {
        "value": SettingForm,
        "switch": SwitchForm,
        "expression": ExpressionForm,
        "indicator": IndicatorForm,
    }
    status = 200
    if request.method == "POST":
        _require(request, Perm.QUALITY_CONFIGURE)
        kind = request.POST.get("form", "value")
        form = forms_by_name.get(kind, SettingForm)(request.POST)
        if form.is_valid():
            try:
                _save_setting(user, kind, form.cleaned_data)
            except config_services.SettingError as exc:
                messages.error(request, str(exc))
                status = 400
            else:
                messages.success(request, "设置已保存")
                return redirect("quality:settings")
        else:
            messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
            status = 400
    config = config_services.rule_config(user.bureau)
    own = RuleSetting.objects.filter(bureau_id=user.bureau_id).order_by("rule", "indicator_code", "size_class")
    context = {
        "parameters": [(key, p.label, p.default, config.value(key)) for key, p in PARAMETERS.items()],
        "thresholds": [(g, config.thresholds.get(g.key)) for g in THRESHOLD_GROUPS],
        "rules": [(code, label, family, config.is_enabled(code)) for code, (label, family, _) in RULES.items()],
        "own": own,
        "indicators": config.indicators,
        "value_form": SettingForm(),
        "switch_form": SwitchForm(),
        "expression_form": ExpressionForm(),
        "indicator_form": IndicatorForm(),
        "can_configure": has_perm(user, Perm.QUALITY_CONFIGURE),
    }
    return render(request, "quality/settings.html", context, status=status)


def _save_setting(user: Any, kind: str, data: dict[str, Any]) -> None:
    if kind == "indicator":
        config_services.save_indicator(actor=user, bureau=user.bureau, **data)
    elif kind == "switch":
        config_services.set_rule_setting(
            actor=user, bureau=user.bureau, rule=data["rule"], is_enabled=data["is_enabled"]
        )
    elif kind == "expression":
        config_services.set_rule_setting(
            actor=user, bureau=user.bureau, rule="expression", indicator_code=data["label"], text=data["text"]
        )
    else:
        config_services.set_rule_setting(
            actor=user,
            bureau=user.bureau,
            rule=data["rule"],
            value=data["value"],
            indicator_code=data["indicator_code"].strip(),
            size_class=data["size_class"] or "",
        )


@login_required
def registers(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not has_perm(user, Perm.QUALITY_VIEW):
        raise PermissionDenied
    form = RegisterForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST":
        _require(request, Perm.DIRECTORY_EDIT)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"register{suffix}"
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    result = register_services.import_register(
                        actor=user,
                        bureau=user.bureau,
                        path=path,
                        source=form.cleaned_data["source"],
                        file_name=upload.name,
                    )
                except register_services.RegisterError as exc:
                    errors = exc.errors
                else:
                    messages.success(request, f"比对完成：{result.row_count} 行，建议 {result.proposals.count()} 项")
                    return redirect("quality:register", result.pk)
    context = {"registers": selectors.registers_in_scope(user)[:50], "form": form, "errors": errors[:200]}
    return render(request, "quality/registers.html", context, status=400 if errors or form.errors else 200)


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.register_detail(request.user, pk)
    proposals = item.proposals.select_related("unit", "decided_by")
    context = {
        "register": item,
        "proposals": proposals,
        "form": DecisionForm(),
        "can_decide": has_perm(request.user, Perm.DIRECTORY_EDIT) and can_write_bureau(request.user, item.bureau_id),
    }
    return render(request, "quality/register.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    proposal = selectors.proposal_in_scope(request.user, pk)
    _require(request, Perm.DIRECTORY_EDIT, proposal.bureau_id)
    try:
        if decision == "accept":
            register_services.accept_proposal(actor=request.user, proposal=proposal)
            messages.success(request, f"已{proposal.get_action_display()}：{proposal.name}")
        elif decision == "reject":
            register_services.reject_proposal(actor=request.user, proposal=proposal, note=request.POST.get("note", ""))
            messages.success(request, f"已驳回：{proposal.name}")
        else:
            raise PermissionDenied
    except register_services.ProposalError as exc:
        messages.error(request, str(exc))
    return redirect("quality:register", proposal.register_id)
