"""Pages of inspection execution: the inspector's phone pages (my tasks, the record with checklist, evidence and
signatures) and the coordinator's review and publication queue."""

from __future__ import annotations

import base64
import binascii
import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.core.pagination import keyset_page
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.deadlines import selectors as deadline_selectors
from shuangsuiji.domain.evidence import ACCEPT
from shuangsuiji.domain.outcomes import FOLLOW_UPS, METHODS
from shuangsuiji.inspections import selectors
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Evidence, Inspection, Signature
from shuangsuiji.inspections.services.records import EDITABLE, is_member, joint_partners, member_inspectors


@require_perm(Perm.INSPECTION_VIEW)
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_targets(request.user)
    return render(request, "inspections/mine.html", {"rows": rows})


@require_POST
@require_perm(Perm.INSPECTION_RECORD)
def open_target(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_for_inspector(request.user, pk)
    try:
        inspection = svc.open_inspection(actor=request.user, target=target)
    except svc.InspectionError as exc:
        messages.error(request, str(exc))
        return redirect("inspections:mine")
    return redirect("inspections:record", inspection.pk)


def _form_data(post: Any) -> dict[str, Any]:
    answers: dict[str, dict[str, str]] = {}
    for key, value in post.items():
        if key.startswith("answer_"):
            answers.setdefault(key[7:], {})["answer"] = value
        elif key.startswith("note_"):
            answers.setdefault(key[5:], {})["note"] = value
    return {
        "methods": post.getlist("methods"),
        "inspected_on": post.get("inspected_on", ""),
        "place": post.get("place", ""),
        "answers": answers,
        "findings": post.get("findings", ""),
        "outcomes": post.getlist("outcomes"),
        "follow_up": post.get("follow_up", ""),
        "rectification_due": post.get("rectification_due", ""),
        "follow_up_note": post.get("follow_up_note", ""),
        "unit_response": post.get("unit_response", ""),
        "unit_signer": post.get("unit_signer", ""),
        "unit_response_note": post.get("unit_response_note", ""),
    }


def _stored_data(inspection: Inspection) -> dict[str, Any]:
    return {
        "methods": inspection.methods,
        "inspected_on": inspection.inspected_on.isoformat() if inspection.inspected_on else "",
        "place": inspection.place or inspection.unit.address,
        "answers": inspection.answers,
        "findings": inspection.findings,
        "outcomes": inspection.outcomes,
        "follow_up": inspection.follow_up,
        "rectification_due": inspection.rectification_due.isoformat() if inspection.rectification_due else "",
        "follow_up_note": inspection.follow_up_note,
        "unit_response": inspection.unit_response,
        "unit_signer": inspection.unit_signer or inspection.unit.contact_person,
        "unit_response_note": inspection.unit_response_note,
    }


def record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    editable = inspection.state in EDITABLE and (is_member(request.user, inspection) or request.user.is_superuser)
    errors: dict[str, str] = {}
    data = _stored_data(inspection)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("该检查记录不能由你修改")
        data = _form_data(request.POST)
        try:
            if request.POST.get("action") == "submit":
                svc.save_record(actor=request.user, inspection=inspection, data=data)
                svc.submit(actor=request.user, inspection=inspection)
                messages.success(request, "检查记录已提交法制室审核。")
            else:
                svc.save_record(actor=request.user, inspection=inspection, data=data)
                messages.success(request, "已保存。")
            return redirect("inspections:record", inspection.pk)
        except svc.InspectionInputError as exc:
            errors = dict(exc.errors)
            messages.error(request, "未能保存或提交，请按提示修改：" + str(exc))
        except svc.InspectionError as exc:
            messages.error(request, str(exc))
        inspection.refresh_from_db()
    return render(request, "inspections/record.html", _record_context(request, inspection, data, errors, editable))


def _record_context(
    request: HttpRequest, inspection: Inspection, data: dict[str, Any], errors: dict[str, str], editable: bool
) -> dict[str, Any]:
    points = selectors.checkpoints_for(inspection)
    evidence = list(inspection.evidence.all())
    by_point: dict[int | None, list[Evidence]] = {}
    for e in evidence:
        by_point.setdefault(e.checkpoint_id, []).append(e)
    rows = [
        (p, data["answers"].get(str(p.pk), {}), errors.get(f"answer_{p.pk}", ""), by_point.get(p.pk, []))
        for p in points
    ]
    signatures = {s.inspector_id: s for s in inspection.signatures.all() if s.inspector_id}
    members = [(i, signatures.get(i.pk)) for i in member_inspectors(inspection)]
    unit_signature = inspection.signatures.filter(role=Signature.Role.UNIT).first()
    outcomes = selectors.outcome_categories(inspection.bureau_id)
    partners = [
        (
            partner,
            data["answers"].get(f"partner:{partner.code}", {}).get("answer", ""),
            errors.get(f"answer_partner:{partner.code}", ""),
        )
        for partner in joint_partners(inspection)
    ]
    return {
        "can_propose_case": has_perm(request.user, Perm.CASE_EDIT),
        "partners": partners,
        "inspection": inspection,
        "task": inspection.task,
        "unit": inspection.unit,
        "items": inspection.task.items.all(),
        "data": data,
        "errors": errors,
        "editable": editable,
        "rows": rows,
        "general_evidence": by_point.get(None, []),
        "methods": METHODS.items(),
        "outcomes": outcomes,
        "follow_ups": FOLLOW_UPS.items(),
        "members": members,
        "unit_signature": unit_signature,
        "accept": ACCEPT,
        "reviews": inspection.reviews.select_related("by"),
        "deadlines": deadline_selectors.deadlines_for("inspections.inspection", str(inspection.pk)),
        "can_review": has_perm(request.user, Perm.INSPECTION_REVIEW)
        and inspection.bureau_id == getattr(request.user, "bureau_id", None),
        "recheck": getattr(inspection, "recheck", None) if hasattr(inspection, "recheck") else None,
        "can_recheck": inspection.follow_up == "rectify"
        and inspection.state
        in (Inspection.State.ACCEPTED, Inspection.State.FOR_PUBLICATION, Inspection.State.PUBLISHED)
        and (is_member(request.user, inspection) or has_perm(request.user, Perm.INSPECTION_REVIEW)),
    }


@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, "请选择要上传的文件。")
        return redirect("inspections:record", inspection.pk)
    checkpoint = request.POST.get("checkpoint") or None
    try:
        for upload in files:
            svc.add_evidence(
                actor=request.user,
                inspection=inspection,
                upload=upload,
                name=upload.name or "",
                checkpoint_id=int(checkpoint) if checkpoint else None,
                note=request.POST.get("note", ""),
            )
        messages.success(request, f"已上传 {len(files)} 个文件。")
    except (svc.InspectionError, ValueError) as exc:
        messages.error(request, f"上传失败：{exc}")
    return redirect(f"{request.build_absolute_uri(_record_url(inspection))}#evidence")


def _record_url(inspection: Inspection) -> str:
    from django.urls import reverse

    return reverse("inspections:record", args=[inspection.pk])


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    selectors.inspection_for(request.user, evidence.inspection_id)  # 404 unless visible
    content_type = mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    response = FileResponse(evidence.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def signature_image(request: HttpRequest, pk: int) -> FileResponse:
    signature = get_object_or_404(Signature, pk=pk)
    selectors.inspection_for(request.user, signature.inspection_id)
    return FileResponse(signature.image.open("rb"), content_type="image/png")


@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    raw = request.POST.get("image", "")
    prefix = "data:image/png;base64,"
    try:
        if not raw.startswith(prefix):
            raise svc.EvidenceError("请先在签字框内签字")
        try:
            image = base64.b64decode(raw[len(prefix) :], validate=True)
        except (binascii.Error, ValueError):
            raise svc.EvidenceError("签名图片无效，请重新签字") from None
        role = request.POST.get("role", "")
        inspector = None
        if role == Signature.Role.INSPECTOR:
            inspector = next(
                (i for i in member_inspectors(inspection) if str(i.pk) == request.POST.get("inspector")), None
            )
        svc.sign(
            actor=request.user,
            inspection=inspection,
            image=image,
            role=role,
            inspector=inspector,
            signer_name=request.POST.get("signer_name", ""),
        )
        messages.success(request, "签字已保存。")
    except svc.InspectionError as exc:
        messages.error(request, str(exc))
    return redirect(f"{_record_url(inspection)}#signatures")


@require_POST
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    try:
        second = svc.start_recheck(actor=request.user, inspection=inspection)
    except svc.InspectionError as exc:
        messages.error(request, str(exc))
        return redirect("inspections:record", inspection.pk)
    return redirect("inspections:record", second.pk)


@require_perm(Perm.INSPECTION_VIEW)
def inspection_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible_inspections(request.user)
    state = request.GET.get("state", "")
    if state in Inspection.State.values:
        qs = qs.filter(state=state)
    counts = dict(selectors.visible_inspections(request.user).order_by().values_list("state").annotate(n=Count("id")))
    page = keyset_page(qs, request.GET, per_page=50)
    states = [(value, label, counts.get(value, 0)) for value, label in Inspection.State.choices]
    return render(request, "inspections/list.html", {"page": page, "states": states, "state": state})


@require_perm(Perm.INSPECTION_REVIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/review_list.html",
        {"submitted": selectors.review_queue(request.user), "queue": selectors.publication_queue(request.user)},
    )


@require_POST
@require_perm(Perm.INSPECTION_REVIEW)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        svc.review(actor=request.user, inspection=inspection, accept=accept, reason=request.POST.get("reason", ""))
        messages.success(request, "已审核通过。" if accept else "已退回检查组修改。")
    except svc.InspectionError as exc:
        messages.error(request, str(exc))
    return redirect("inspections:record", inspection.pk)


@require_POST
@require_perm(Perm.INSPECTION_REVIEW)
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    try:
        svc.hand_over(actor=request.user, inspection=inspection)
        messages.success(request, "已移交公示。")
    except svc.InspectionError as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") or _record_url(inspection))


@require_POST
@require_perm(Perm.PUBLICATION_MANAGE)
def publish(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = list(selectors.publication_queue(request.user).filter(pk__in=ids))
    if not chosen:
        messages.error(request, "请选择要公示的检查结果。")
        return redirect("inspections:review_list")
    try:
        count = svc.publish_results(actor=request.user, inspections=chosen)
        messages.success(request, f"已在门户网站公示 {count} 条检查结果。")
    except svc.InspectionError as exc:
        messages.error(request, f"未公示（全部未发布）：{exc}")
    return redirect("inspections:review_list")
