"""The case's 执法文书 (domain-rules §2.4): 立案审批表, 询问笔录, 证据登记保存通知书 (with its 清单) and
登记保存处理决定书, 调查终结报告, 行政处罚事先告知书, 陈述申辩笔录及复核意见, 听证通知书, 听证笔录, 法制审核意见书,
案件集体讨论记录, 行政处罚决定审批表, 行政处罚决定书, 送达回证, 结案报告, and the whole 案卷 as one PDF in the
filing order of domain-rules §2.4 with a table of contents; for a 统计严重失信 listing its 认定决定书, 信用修复审核决定书
and 延长公示期决定书."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from shuangsuiji.cases.models import (
    Case,
    CollectiveDiscussion,
    CreditListing,
    EvidencePreservation,
    HearingRecord,
    Interview,
    PartyStatement,
)
from shuangsuiji.documents.registry import DocumentError, DocumentKind, register_kind
from shuangsuiji.domain import penalties
from shuangsuiji.domain.transcripts import TranscriptError, parse_transcript

CASE = "cases.case"
INTERVIEW = "cases.interview"
PRESERVATION = "cases.evidencepreservation"
DISCUSSION = "cases.collectivediscussion"
CREDIT = "cases.creditlisting"
CREDIT_BASIS = "《统计严重失信企业信用管理办法》（国家统计局令第35号）"


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
    """法制审核意见书: the latest review, after the earlier ones (a refused one, the review before the notice when
    the 听证笔录 was reviewed again)."""
    reviews = list(case.reviews.select_related("reviewer").order_by("at", "id"))
    if not reviews:
        raise DocumentError("案件尚未进行法制审核")
    record = HearingRecord.objects.filter(case=case).first()
    for item in reviews:
        item.after_hearing = record is not None and item.at >= record.recorded_at  # type: ignore[attr-defined]
    return {**_base(case), "review": reviews[-1], "earlier": reviews[:-1]}


def notice_context(case: Case) -> dict[str, Any]:
    if not case.notified_on:
        raise DocumentError("案件尚未事先告知")
    from shuangsuiji.cases.services import answer_periods

    periods = {period["code"]: period for period in answer_periods(case)}
    return {**_base(case), "recipient": case.unit.name, "dated": case.notified_on, "periods": periods}


def hearing_context(case: Case) -> dict[str, Any]:
    """听证通知书, dated the day it was served (stored by the hearing notice)."""
    if not case.hearing_on or not case.hearing_noticed_on:
        raise DocumentError("案件尚未通知听证日期，不能制作听证通知书")
    return {**_base(case), "recipient": case.unit.name, "dated": case.hearing_noticed_on}


def _hearing_record(case: Case) -> HearingRecord | None:
    return HearingRecord.objects.filter(case=case).first()


def hearing_record_context(case: Case) -> dict[str, Any]:
    """听证笔录, from the record of the hearing: signed by the participants, not sealed."""
    record = _hearing_record(case)
    if record is None:
        raise DocumentError("案件尚未举行听证，没有听证笔录")
    signatures = [
        {"role": role, "name": name} for role, name in (("主持人", case.hearing_chair), ("记录人", record.recorder))
    ]
    signatures.append({"role": "当事人或其代理人", "name": "" if record.party_attended else "（未出席）"})
    return {**_base(case), "record": record, "dated": record.held_on, "show_seal": False, "signatures": signatures}


def statement_context(case: Case) -> dict[str, Any]:
    """陈述申辩笔录 with the 复核意见 below it (“待复核” until the review is recorded)."""
    item = PartyStatement.objects.filter(case=case).select_related("reviewed_by").first()
    if item is None:
        raise DocumentError("当事人未陈述申辩（或尚未记录），没有陈述申辩笔录")
    signatures = [{"role": "陈述申辩人", "name": item.person}]
    if item.recorder:
        signatures.append({"role": "记录人", "name": item.recorder})
    return {**_base(case), "statement": item, "dated": item.stated_on, "show_seal": False, "signatures": signatures}


def waiver_context(case: Case) -> dict[str, Any]:
    """当事人放弃陈述申辩（及听证）权利记录: the party's express waiver after the notice (行政处罚法 Art 62)."""
    if not case.rights_waived_on:
        raise DocumentError("当事人未声明放弃陈述、申辩权利")
    signatures = [{"role": "声明人", "name": case.rights_waived_by}]
    return {**_base(case), "dated": case.rights_waived_on, "show_seal": False, "signatures": signatures}


def _credit_base(listing: CreditListing) -> dict[str, Any]:
    from shuangsuiji.cases.services.common import settings_for

    return {
        **_base(listing.case),
        "listing": listing,
        "rules": settings_for(listing.bureau),
        "basis": CREDIT_BASIS,
        "recipient": listing.unit.name,
    }


def credit_notice_context(listing: CreditListing) -> dict[str, Any]:
    """统计严重失信企业拟认定告知书: the intended listing, its facts and basis, and the period to state a case."""
    from shuangsuiji.cases.credit import notice_ends

    if listing.notified_on is None:
        raise DocumentError("未送达拟认定告知书（本局规则为不经告知直接认定，或告知前的记录）")
    return {**_credit_base(listing), "dated": listing.notified_on, "ends": notice_ends(listing)}


def credit_listing_context(listing: CreditListing) -> dict[str, Any]:
    """统计严重失信企业认定决定书: the decision it follows, the term of the publication and the right to repair."""
    from shuangsuiji.domain.penalties import add_months

    if listing.listed_on is None:
        raise DocumentError("尚未认定为统计严重失信企业")
    base = _credit_base(listing)
    repair_from = add_months(listing.listed_on, base["rules"].credit_repair_after_months)
    return {**base, "dated": listing.listed_on, "repair_from": repair_from}


def credit_repair_context(listing: CreditListing) -> dict[str, Any]:
    """信用修复审核决定书: the repair applied for, and the head's decision — removed early, or (found false) the
    publication extended."""
    if not listing.repair_applied_on:
        raise DocumentError("该企业未申请信用修复")
    if listing.status == CreditListing.Status.REMOVED and listing.removed_on:
        return {**_credit_base(listing), "dated": listing.removed_on, "accepted": True}
    if listing.extended and listing.extended_on and listing.reason.startswith("信用修复不实"):
        return {**_credit_base(listing), "dated": listing.extended_on, "accepted": False}
    raise DocumentError("信用修复申请尚未审核")


def credit_extension_context(listing: CreditListing) -> dict[str, Any]:
    """延长公示期决定书: why the term became the longer one, and until when."""
    if not listing.extended:
        raise DocumentError("公示期未延长")
    if not listing.extended_on:
        raise DocumentError("延长公示期的决定日期未记录（平台记录该日期之前的延长），请按纸质决定书归档")
    return {**_credit_base(listing), "dated": listing.extended_on}


def discussion_context(discussion: CollectiveDiscussion) -> dict[str, Any]:
    """案件集体讨论记录 of one discussion by the bureau's leaders (行政处罚法 Art 57)."""
    case = discussion.case
    review = case.reviews.order_by("-at").first()
    context = {**_base(case), "discussion": discussion, "review": review, "dated": discussion.held_on}
    return {**context, "show_seal": False}


def _decided_by(case: Case) -> str:
    """The head who made the decision, as the audit chain recorded the step."""
    from shuangsuiji.core.models import AuditEvent

    event = (
        AuditEvent.objects.filter(object_type=CASE, object_id=str(case.pk), action="cases.decided")
        .order_by("-at")
        .first()
    )
    if event is None:
        return ""
    actor = event.actor
    return str(getattr(actor, "display_name", "") or event.actor_name) if actor else event.actor_name


def decision_approval_context(case: Case) -> dict[str, Any]:
    """行政处罚决定审批表: the proposal as it went through review, discussion, notice and defence, and the head's
    approval of the decided penalty."""
    if not case.decided_on:
        raise DocumentError("案件尚未作出处罚决定，没有处罚决定审批表")
    return {
        **_base(case),
        "dated": case.decided_on,
        "review": case.reviews.select_related("reviewer").order_by("-at").first(),
        "discussions": list(case.discussions.all()),
        "statement": PartyStatement.objects.filter(case=case).first(),
        "hearing_record": _hearing_record(case),
        "approved_by": _decided_by(case),
    }


def decision_context(case: Case) -> dict[str, Any]:
    if not case.decided_on:
        raise DocumentError("案件尚未作出处罚决定")
    return {
        **_base(case),
        "recipient": case.unit.name,
        "dated": case.decided_on,
        "hearing_record": _hearing_record(case),
    }


def interview_context(interview: Interview) -> dict[str, Any]:
    """询问笔录, from the recorded interview: the 问/答 turns, signed by the person and the two handlers."""
    try:
        turns = parse_transcript(interview.transcript)
    except TranscriptError as exc:
        raise DocumentError(f"询问内容无法成文：{exc}") from None
    signatures = [
        {"role": "被询问人", "name": interview.person},
        {"role": "询问人", "name": interview.asker.name},
        {"role": "记录人", "name": interview.recorder.name},
    ]
    dated = timezone.localtime(interview.started_at).date()
    context = {**_base(interview.case), "interview": interview, "turns": turns, "signatures": signatures}
    return {**context, "dated": dated, "show_seal": False}


def _due_on(preservation: EvidencePreservation) -> Any:
    from shuangsuiji.cases.services import decision_due_on

    return decision_due_on(preservation)


def preservation_notice_context(preservation: EvidencePreservation) -> dict[str, Any]:
    """证据登记保存通知书 with the 登记保存清单, once the approved preservation has been carried out."""
    if preservation.preserved_on is None:
        raise DocumentError("登记保存尚未经批准实施，不能制作登记保存通知书")
    base = _base(preservation.case)
    return {
        **base,
        "preservation": preservation,
        "recipient": preservation.case.unit.name,
        "dated": preservation.preserved_on,
        "due_on": _due_on(preservation),
    }


def preservation_decision_context(preservation: EvidencePreservation) -> dict[str, Any]:
    """登记保存处理决定书, once the decision on the preserved evidence is recorded."""
    if preservation.decided_on is None:
        raise DocumentError("尚未对登记保存的证据作出处理决定")
    due = _due_on(preservation)
    return {
        **_base(preservation.case),
        "preservation": preservation,
        "recipient": preservation.case.unit.name,
        "dated": preservation.decided_on,
        "due_on": due,
        "late": due is not None and preservation.decided_on > due,
    }


def service_context(case: Case) -> dict[str, Any]:
    if not case.decided_on:
        raise DocumentError("案件尚未作出处罚决定，没有需要送达的文书")
    return {**_base(case), "dated": case.served_on or timezone.localdate()}


def _outcome_context(case: Case, outcome: str, what: str) -> dict[str, Any]:
    if case.outcome != outcome or not case.closed_on:
        raise DocumentError(f"本案未作出{what}")
    return {**_base(case), "dated": case.closed_on, "recipient": case.transferred_to or case.unit.name}


def no_penalty_context(case: Case) -> dict[str, Any]:
    """不予行政处罚决定书 (行政处罚法 Art 33): the facts, why no penalty is imposed, and the remedies."""
    return _outcome_context(case, Case.Outcome.NO_PENALTY, "不予行政处罚决定")


def transfer_context(case: Case) -> dict[str, Any]:
    """案件移送书: a case outside the bureau's powers, sent to the body that has them."""
    return _outcome_context(case, Case.Outcome.TRANSFER, "移送其他机关的决定")


def judicial_transfer_context(case: Case) -> dict[str, Any]:
    """涉嫌犯罪案件移送书 (行政处罚法 Art 27; 国务院《行政执法机关移送涉嫌犯罪案件的规定》): to the 公安机关, with
    the papers that go with it."""
    context = _outcome_context(case, Case.Outcome.JUDICIAL, "移送司法机关的决定")
    attachments = [
        "涉嫌犯罪案件移送书",
        "涉嫌犯罪案件调查报告",
        "涉案物品清单",
        "有关检验报告或者鉴定结论",
        "其他有关涉嫌犯罪的材料",
    ]
    return {**context, "attachments": attachments, "interviews": list(case.interviews.all())}


def closing_context(case: Case) -> dict[str, Any]:
    if not case.closed_on:
        raise DocumentError("案件尚未结案")
    return {**_base(case), "dated": case.closed_on}


def filing_order(case: Case) -> list[tuple[str, Any]]:
    """(kind, object) in the order of the case-file checklist of domain-rules §2.4: 立案审批表, the 现场检查笔录 of
    the inspection the case came from, 询问笔录, the evidence (that inspection's 证据清单, the 登记保存通知书 and 处理决定
    of each preservation), 调查终结报告, 事先告知书 with the party's answer to
    it (its waiver, 陈述申辩笔录及复核意见, or the hearing papers: 听证通知书, 听证笔录), 法制审核意见表, 集体讨论记录 (each),
    处罚决定审批表, 决定书, 送达回证, 结案报告."""
    parts: list[tuple[str, Any]] = [("case_opening", case)]
    if case.inspection_id:  # a case from an inspection files its 现场笔录 (item 2) and its evidence list
        parts.append(("onsite_record", case.inspection))
    parts += [
        ("case_interview", i) for i in case.interviews.select_related("asker", "recorder").order_by("started_at", "id")
    ]
    if case.inspection_id:
        parts.append(("evidence_list", case.inspection))
    for preservation in case.preservations.order_by("id"):
        parts += [("case_preservation_notice", preservation), ("case_preservation_decision", preservation)]
    answer = ("case_notice", "case_waiver", "case_statement", "case_hearing", "case_hearing_record")
    parts += [(code, case) for code in ("case_report", *answer, "case_review")]
    parts += [("case_discussion", d) for d in case.discussions.order_by("held_on", "id")]
    closing = (
        "case_decision_approval",
        "case_decision",
        "case_no_penalty",
        "case_transfer",
        "case_judicial_transfer",
        "case_service",
        "case_closing",
    )
    parts += [(code, case) for code in closing]
    return parts


def render_case_file(case: Case, number: str | None) -> bytes:
    """案卷: every document the case has reached, in filing order, behind a cover with the table of contents."""
    from shuangsuiji.documents.registry import document_kind
    from shuangsuiji.documents.services import bundle_pdf, html_to_pdf, render_pdf

    parts, toc = [], []
    for code, obj in filing_order(case):
        try:
            parts.append(render_pdf(code, obj))
        except DocumentError:
            continue
        title = document_kind(code).title
        if isinstance(obj, Interview):
            title = f"{title}（{obj.person}）"
        elif isinstance(obj, CollectiveDiscussion):
            title = f"{title}（{obj.held_on:%Y-%m-%d}）"
        toc.append(title)
    if not parts:
        raise DocumentError("案件还没有可归档的文书")
    note = {**file_note_context(case, parts), "number": number or ""}
    parts.append(html_to_pdf(render_to_string("cases/documents/file_note.html", note)))
    toc.append("卷内备考表")
    return bundle_pdf(parts, f"{case.code} 统计行政处罚案卷", toc)


def file_note_context(case: Case, parts: list[bytes]) -> dict[str, Any]:
    """卷内备考表, the last page of the 案卷: how many documents and pages it holds, what is kept only on paper or
    elsewhere (the preserved evidence, a hearing record not entered), who filed it and who checked it."""
    from shuangsuiji.cases.services.hearing import missing_hearing_record
    from shuangsuiji.documents.services import page_count

    notes = []
    for preservation in case.preservations.exclude(preserved_on=None).order_by("id"):
        kept = "、".join(str(item) for item in preservation.items)
        notes.append(f"先行登记保存的证据（{kept}）原物不入卷，保存地点与方式：{preservation.place}")
    if missing := missing_hearing_record(case):
        notes.append(f"听证笔录未在平台录入：{missing}")
    if case.inspection_id:
        notes.append("案件来源于“双随机”抽查，该次检查的照片、录音录像等证据另见统计执法检查案卷")
    review = case.reviews.select_related("reviewer").order_by("-at").first()
    reviewer = review.reviewer if review else None
    return {
        **_base(case),
        "title": "卷内备考表",
        "dated": case.closed_on or timezone.localdate(),
        "show_seal": False,
        "documents": len(parts),
        "pages": sum(page_count(part) for part in parts),
        "notes": notes,
        "filed_by": "、".join(h.name for h in case.handlers.all()),
        "checked_by": getattr(reviewer, "display_name", "") or getattr(reviewer, "username", ""),
    }


KINDS = (
    DocumentKind("case_opening", "立案审批表", "立审", "cases/documents/opening.html", opening_context, CASE),
    DocumentKind("case_report", "案件调查终结报告", "调终", "cases/documents/report.html", report_context, CASE),
    DocumentKind("case_review", "法制审核意见书", "法审", "cases/documents/review.html", review_context, CASE),
    DocumentKind("case_notice", "行政处罚事先告知书", "罚告", "cases/documents/notice.html", notice_context, CASE),
    DocumentKind("case_hearing", "听证通知书", "听通", "cases/documents/hearing.html", hearing_context, CASE),
    DocumentKind(
        "case_hearing_record", "听证笔录", "听录", "cases/documents/hearing_record.html", hearing_record_context, CASE
    ),
    DocumentKind("case_interview", "询问笔录", "询", "cases/documents/interview.html", interview_context, INTERVIEW),
    DocumentKind(
        "case_preservation_notice",
        "证据登记保存通知书",
        "登保",
        "cases/documents/preservation_notice.html",
        preservation_notice_context,
        PRESERVATION,
    ),
    DocumentKind(
        "case_preservation_decision",
        "登记保存处理决定书",
        "登处",
        "cases/documents/preservation_decision.html",
        preservation_decision_context,
        PRESERVATION,
    ),
    DocumentKind(
        "case_statement", "陈述申辩笔录及复核意见", "申辩", "cases/documents/statement.html", statement_context, CASE
    ),
    DocumentKind(
        "case_waiver", "当事人放弃陈述申辩权利记录", "弃权", "cases/documents/waiver.html", waiver_context, CASE
    ),
    DocumentKind(
        "case_discussion", "案件集体讨论记录", "集讨", "cases/documents/discussion.html", discussion_context, DISCUSSION
    ),
    DocumentKind(
        "case_decision_approval",
        "行政处罚决定审批表",
        "罚批",
        "cases/documents/decision_approval.html",
        decision_approval_context,
        CASE,
    ),
    DocumentKind("case_decision", "行政处罚决定书", "罚决", "cases/documents/decision.html", decision_context, CASE),
    DocumentKind(
        "case_no_penalty", "不予行政处罚决定书", "不罚", "cases/documents/no_penalty.html", no_penalty_context, CASE
    ),
    DocumentKind("case_transfer", "案件移送书", "移送", "cases/documents/transfer.html", transfer_context, CASE),
    DocumentKind(
        "case_judicial_transfer",
        "涉嫌犯罪案件移送书",
        "刑移",
        "cases/documents/judicial_transfer.html",
        judicial_transfer_context,
        CASE,
    ),
    DocumentKind("case_service", "送达回证", "送达", "cases/documents/service.html", service_context, CASE),
    DocumentKind("case_closing", "结案报告", "结案", "cases/documents/closing.html", closing_context, CASE),
    DocumentKind(
        "credit_notice",
        "统计严重失信企业拟认定告知书",
        "失信告",
        "cases/documents/credit_notice.html",
        credit_notice_context,
        CREDIT,
    ),
    DocumentKind(
        "credit_listing",
        "统计严重失信企业认定决定书",
        "失信认",
        "cases/documents/credit_listing.html",
        credit_listing_context,
        CREDIT,
    ),
    DocumentKind(
        "credit_repair",
        "信用修复审核决定书",
        "信修",
        "cases/documents/credit_repair.html",
        credit_repair_context,
        CREDIT,
    ),
    DocumentKind(
        "credit_extension",
        "延长公示期决定书",
        "失信延",
        "cases/documents/credit_extension.html",
        credit_extension_context,
        CREDIT,
    ),
    DocumentKind("case_dossier", "统计行政处罚案卷", "罚卷", "", opening_context, CASE, render=render_case_file),
)


def register() -> None:
    for kind in KINDS:
        register_kind(kind)
