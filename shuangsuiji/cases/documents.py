"""The case's 执法文书 (domain-rules §2.4): 立案审批表, 调查终结报告, 法制审核意见书, 行政处罚事先告知书,
听证通知书, 行政处罚决定书, 送达回证, 结案报告, and the whole 案卷 as one PDF in filing order with a table of contents."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shuangsuiji.cases.models import Case
from shuangsuiji.documents.registry import DocumentError, DocumentKind, register_kind
from shuangsuiji.domain import penalties

CASE = "cases.case"


def _base(case: Case) -> dict[str, Any]:
    violations = [penalties.VIOLATION_BY_CODE[c] for c in case.violations if c in penalties.VIOLATION_BY_CODE]
    articles = [v.article_2009 if case.law == "2009" else v.article_2024 for v in violations]
    return {
        "issuer": case.bureau.name,
        "bureau": case.bureau,
        "show_seal": True,
        "dated": timezone.localdate(),
        "case": case,
        "unit": case.unit,
        "violations": violations,
        "articles": articles,
        "handlers": list(case.handlers.all()),
    }


def _needs(case: Case, *states: str, what: str) -> None:
    if case.status not in states:
        raise DocumentError(f"案件尚未{what}，不能制作此文书")


def opening_context(case: Case) -> dict[str, Any]:
    return _base(case)


def report_context(case: Case) -> dict[str, Any]:
    if not case.investigation_report:
        raise DocumentError("案件尚未调查终结，不能制作调查终结报告")
    return _base(case)


def review_context(case: Case) -> dict[str, Any]:
    review = case.reviews.order_by("-at").first()
    if review is None:
        raise DocumentError("案件尚未进行法制审核")
    return {**_base(case), "review": review}


def notice_context(case: Case) -> dict[str, Any]:
    if not case.notified_on:
        raise DocumentError("案件尚未事先告知")
    return {**_base(case), "recipient": case.unit.name, "dated": case.notified_on}


def hearing_context(case: Case) -> dict[str, Any]:
    if not case.hearing_on:
        raise DocumentError("案件尚未确定听证日期，不能制作听证通知书")
    return {**_base(case), "recipient": case.unit.name}


def decision_context(case: Case) -> dict[str, Any]:
    if not case.decided_on:
        raise DocumentError("案件尚未作出处罚决定")
    return {**_base(case), "recipient": case.unit.name, "dated": case.decided_on}


def service_context(case: Case) -> dict[str, Any]:
    if not case.decided_on:
        raise DocumentError("案件尚未作出处罚决定，没有需要送达的文书")
    return {**_base(case), "dated": case.served_on or timezone.localdate()}


def closing_context(case: Case) -> dict[str, Any]:
    if not case.closed_on:
        raise DocumentError("案件尚未结案")
    return {**_base(case), "dated": case.closed_on}


ORDER = (
    "case_opening",
    "case_report",
    "case_review",
    "case_notice",
    "case_hearing",
    "case_decision",
    "case_service",
    "case_closing",
)


def render_case_file(case: Case, number: str | None) -> bytes:
    """案卷: every document the case has reached, in filing order, behind a cover with the table of contents."""
    from shuangsuiji.documents.registry import document_kind
    from shuangsuiji.documents.services import bundle_pdf, render_pdf

    parts, toc = [], []
    for code in ORDER:
        try:
            parts.append(render_pdf(code, case))
        except DocumentError:
            continue
        toc.append(document_kind(code).title)
    if not parts:
        raise DocumentError("案件还没有可归档的文书")
    return bundle_pdf(parts, f"{case.code} 统计行政处罚案卷", toc)


KINDS = (
    DocumentKind("case_opening", "立案审批表", "立审", "cases/documents/opening.html", opening_context, CASE),
    DocumentKind("case_report", "案件调查终结报告", "调终", "cases/documents/report.html", report_context, CASE),
    DocumentKind("case_review", "法制审核意见书", "法审", "cases/documents/review.html", review_context, CASE),
    DocumentKind("case_notice", "行政处罚事先告知书", "罚告", "cases/documents/notice.html", notice_context, CASE),
    DocumentKind("case_hearing", "听证通知书", "听通", "cases/documents/hearing.html", hearing_context, CASE),
    DocumentKind("case_decision", "行政处罚决定书", "罚决", "cases/documents/decision.html", decision_context, CASE),
    DocumentKind("case_service", "送达回证", "送达", "cases/documents/service.html", service_context, CASE),
    DocumentKind("case_closing", "结案报告", "结案", "cases/documents/closing.html", closing_context, CASE),
    DocumentKind("case_dossier", "统计行政处罚案卷", "罚卷", "", opening_context, CASE, render=render_case_file),
)


def register() -> None:
    for kind in KINDS:
        register_kind(kind)
