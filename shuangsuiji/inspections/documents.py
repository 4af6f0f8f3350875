"""The inspection's 执法文书 (统计检查通知书, 统计检查查询书, 现场检查笔录, 责令改正通知书, 检查结果, 证据清单) and the
per-target 案卷, built from the committed tables. Registered with the documents app's registry."""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from shuangsuiji.documents.registry import DocumentError, DocumentKind, register_kind
from shuangsuiji.domain.outcomes import FOLLOW_UPS, METHODS, OUTCOME_BY_CODE
from shuangsuiji.inspections.models import Evidence, Inspection, OutcomeCategory, Signature
from shuangsuiji.tasks.models import GroupMember, Target

TARGET = "tasks.target"
INSPECTION = "inspections.inspection"


def _bureau(bureau: Any) -> dict[str, Any]:
    return {"issuer": bureau.name, "bureau": bureau, "show_seal": True, "dated": timezone.localdate()}


def _members(groups: Any) -> list[dict[str, str]]:
    members = []
    for group in groups:
        for m in group.members.all():
            if m.is_active:
                certificate = m.inspector.certificate_no if m.inspector else m.inspector_code
                members.append(
                    {"name": m.inspector_name or certificate, "certificate": certificate, "group": str(group)}
                )
    return members


def _items(task: Any) -> list[Any]:
    return list(task.items.select_related("item").prefetch_related("checkpoints").order_by("item__code"))


def _target(target: Target) -> dict[str, Any]:
    members = GroupMember.objects.select_related("inspector").order_by("position")
    groups = target.groups.prefetch_related(Prefetch("members", queryset=members)).order_by("department_code", "index")
    task = target.task
    return {
        **_bureau(task.bureau),
        "target": target,
        "unit": target.unit,
        "task": task,
        "items": _items(task),
        "members": _members(groups),
        "recipient": target.unit.name,
    }


def notice_context(target: Target) -> dict[str, Any]:
    """统计检查通知书: who will be inspected on what, by whom, when; the unit's rights (回避, 陈述申辩)."""
    return {**_target(target), "note": "本通知书一式两份，一份送达被检查单位，一份由统计机构存档。"}


def query_context(target: Target) -> dict[str, Any]:
    """统计检查查询书 (统计法第三十八条): the questions the unit must answer truthfully, in writing, by a date."""
    context = _target(target)
    questions = [cp for item in context["items"] for cp in item.checkpoints.all()]
    return {**context, "questions": questions, "answer_by": target.task.period_end}


def _data_uri(field: Any, content_type: str = "image/png") -> str:
    """A stored image as a data: URI (templates may not read files or URLs)."""
    try:
        with field.open("rb") as handle:
            raw = handle.read()
    except (OSError, ValueError):
        return ""
    return f"data:{content_type};base64," + base64.b64encode(raw).decode("ascii")


def _outcome_labels(inspection: Inspection) -> list[str]:
    custom = {
        c.code: c.label
        for c in OutcomeCategory.objects.filter(code__in=inspection.outcomes).order_by("bureau_id")
        if c.bureau_id in (None, inspection.bureau_id)
    }
    defaults = {code: o.label for code, o in OUTCOME_BY_CODE.items()}
    return [custom.get(code) or defaults.get(code) or code for code in inspection.outcomes]


def _answers(inspection: Inspection) -> list[dict[str, Any]]:
    rows = []
    for item in _items(inspection.task):
        for cp in item.checkpoints.all():
            given = inspection.answers.get(str(cp.pk)) or {}
            answer = given.get("answer", "") if isinstance(given, dict) else given
            label = {True: "是", False: "否", "yes": "是", "no": "否"}.get(answer, answer)
            rows.append(
                {
                    "item": item.name,
                    "order": cp.order,
                    "text": cp.text,
                    "answer": label,
                    "note": given.get("note", "") if isinstance(given, dict) else "",
                }
            )
    return rows


def _signatures(inspection: Inspection) -> list[dict[str, Any]]:
    signed = list(Signature.objects.filter(inspection=inspection).select_related("inspector").order_by("id"))
    rows = [
        {
            "role": s.get_role_display(),
            "name": s.signer_name,
            "detail": f"执法证号 {s.inspector.certificate_no}" if s.inspector else "",
            "image": _data_uri(s.image),
            "signed_at": s.signed_at,
        }
        for s in signed
    ]
    if not any(s.role == Signature.Role.UNIT for s in signed):
        refused = inspection.unit_response == Inspection.UnitResponse.REFUSED
        detail = f"拒绝签字：{inspection.unit_response_note}" if refused else ""
        rows.append(
            {"role": "被检查单位", "name": inspection.unit_signer, "detail": detail, "image": "", "signed_at": None}
        )
    return rows


def _inspection(inspection: Inspection) -> dict[str, Any]:
    target = inspection.target
    context = _target(target)
    return {
        **context,
        "inspection": inspection,
        "methods": [METHODS.get(m, m) for m in inspection.methods],
        "outcomes": _outcome_labels(inspection),
        "follow_up": FOLLOW_UPS.get(inspection.follow_up, ""),
        "signatures": _signatures(inspection),
        "dated": inspection.inspected_on or context["dated"],
        "recipient": "",
    }


def record_context(inspection: Inspection) -> dict[str, Any]:
    """现场检查笔录: methods, date, place, the checklist answers, findings, outcomes and the signatures."""
    return {**_inspection(inspection), "answers": _answers(inspection), "show_seal": False}


def rectification_context(inspection: Inspection) -> dict[str, Any]:
    """责令改正通知书: only for an inspection whose follow-up is 责令限期改正, with its due date."""
    if inspection.follow_up != "rectify" or inspection.rectification_due is None:
        raise DocumentError(f"检查 {inspection.pk} 未作出责令限期改正（或没有整改期限），不能制发责令改正通知书")
    context = _inspection(inspection)
    return {**context, "signatures": [], "dated": timezone.localdate(), "recipient": inspection.unit.name}


def result_context(inspection: Inspection) -> dict[str, Any]:
    """检查结果: what was found and decided, and who reviewed it."""
    return {**_inspection(inspection), "signatures": [], "dated": inspection.result_date or timezone.localdate()}


def evidence_context(inspection: Inspection) -> dict[str, Any]:
    """证据清单: every file with its type, size and SHA-256 (the hashes the audit chain covers)."""
    evidence = list(Evidence.objects.filter(inspection=inspection).select_related("uploaded_by").order_by("id"))
    return {**_inspection(inspection), "evidence": evidence, "signatures": [], "show_seal": False}


def _stored_or_rendered(kind: str, obj: Any) -> tuple[bytes, str]:
    """The current issued document of that kind for obj (its stored PDF, with its number), else a fresh render."""
    from shuangsuiji.documents.selectors import current_document, document_bytes
    from shuangsuiji.documents.services import render_pdf

    issued = current_document(kind, obj)
    if issued is not None:
        return document_bytes(issued), f"{issued.title} {issued.number}"
    title = {"inspection_notice": "统计检查通知书", "onsite_record": "现场检查笔录", "evidence_list": "证据清单"}[kind]
    return render_pdf(kind, obj), f"{title}（未编号）"


def case_file_parts(target: Target) -> tuple[list[bytes], list[str]]:
    """案卷 in filing order: the notice, then per inspection (the first, then re-checks) the record and the
    evidence list, then every other current document about the target or its inspections, oldest first."""
    from shuangsuiji.documents.selectors import current_documents_about, document_bytes

    parts, toc = [], []

    def add(pdf: bytes, label: str) -> None:
        parts.append(pdf)
        toc.append(label)

    add(*_stored_or_rendered("inspection_notice", target))
    inspections = list(Inspection.objects.filter(target=target).select_related("task__bureau", "target").order_by("id"))
    for inspection in inspections:
        add(*_stored_or_rendered("onsite_record", inspection))
        add(*_stored_or_rendered("evidence_list", inspection))
    refs = [(TARGET, str(target.pk))] + [(INSPECTION, str(i.pk)) for i in inspections]
    skip = {"inspection_notice", "onsite_record", "evidence_list", "case_file"}
    for document in current_documents_about(refs):
        if document.kind not in skip:
            add(document_bytes(document), f"{document.title} {document.number}")
    return parts, toc


def render_case_file(target: Target, number: str | None) -> bytes:
    """The printable 案卷 of one target (cover and contents, then the parts)."""
    from shuangsuiji.documents.services import bundle_pdf

    parts, toc = case_file_parts(target)
    title = f"{target.unit.name} 统计执法检查案卷" + (f"（{number}）" if number else "")
    return bundle_pdf(parts, title, toc)


def _no_context(obj: Any) -> dict[str, Any]:
    return {}


KINDS = (
    DocumentKind(
        "inspection_notice", "统计检查通知书", "检", "documents/kinds/inspection_notice.html", notice_context, TARGET
    ),
    DocumentKind(
        "inspection_query", "统计检查查询书", "查", "documents/kinds/inspection_query.html", query_context, TARGET
    ),
    DocumentKind(
        "onsite_record", "现场检查笔录", "录", "documents/kinds/onsite_record.html", record_context, INSPECTION
    ),
    DocumentKind(
        "rectification_notice",
        "责令改正通知书",
        "改",
        "documents/kinds/rectification_notice.html",
        rectification_context,
        INSPECTION,
    ),
    DocumentKind(
        "inspection_result", "检查结果", "结", "documents/kinds/inspection_result.html", result_context, INSPECTION
    ),
    DocumentKind("evidence_list", "证据清单", "证", "documents/kinds/evidence_list.html", evidence_context, INSPECTION),
    DocumentKind("case_file", "统计执法检查案卷", "卷", "", _no_context, TARGET, render=render_case_file),
)


def register() -> None:
    """Called from the documents app's ready() (the inspections app may call it from its own instead)."""
    for kind in KINDS:
        register_kind(kind)
