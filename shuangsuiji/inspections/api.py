"""Inspection execution over REST, for a future native mobile app: the same services, states and scope as the
phone pages. Errors answer {"detail": …} (422 with the field errors for bad input)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.inspections import selectors
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.inspections.services.records import member_inspectors

router = Router(tags=["检查实施"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


class AssignedOut(Schema):
    target_id: int
    inspection_id: int | None
    state: str
    unit_name: str
    uscc: str
    address: str
    task: str
    period_end: dt.date
    members: list[str]


class EvidenceOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    checkpoint_id: int | None


class InspectionOut(Schema):
    id: int
    target_id: int
    state: str
    unit_name: str
    uscc: str
    task: str
    methods: list[str]
    inspected_on: dt.date | None
    place: str
    answers: dict[str, Any]
    findings: str
    outcomes: list[str]
    follow_up: str
    rectification_due: dt.date | None
    unit_response: str
    unit_signer: str
    checkpoints: list[dict[str, Any]]
    evidence: list[EvidenceOut]
    signed_by: list[str]
    members: list[str]


class RecordIn(Schema):
    methods: list[str] = []
    inspected_on: dt.date | None = None
    place: str = ""
    answers: dict[str, dict[str, str]] = {}
    findings: str = ""
    outcomes: list[str] = []
    follow_up: str = ""
    rectification_due: dt.date | None = None
    follow_up_note: str = ""
    unit_response: str = ""
    unit_signer: str = ""
    unit_response_note: str = ""


class SignIn(Schema):
    role: str
    inspector_id: int | None = None
    signer_name: str = ""
    image_base64: str


class ReviewIn(Schema):
    accept: bool
    reason: str = ""


def _out(inspection: Inspection) -> InspectionOut:
    return InspectionOut(
        id=inspection.pk,
        target_id=inspection.target_id,
        state=inspection.state,
        unit_name=inspection.unit.name,
        uscc=inspection.unit.uscc,
        task=inspection.task.code,
        methods=inspection.methods,
        inspected_on=inspection.inspected_on,
        place=inspection.place,
        answers=inspection.answers,
        findings=inspection.findings,
        outcomes=inspection.outcomes,
        follow_up=inspection.follow_up,
        rectification_due=inspection.rectification_due,
        unit_response=inspection.unit_response,
        unit_signer=inspection.unit_signer,
        checkpoints=[
            {
                "id": p.pk,
                "order": p.order,
                "text": p.text,
                "answer_type": p.answer_type,
                "choices": p.choices,
                "required": p.is_required,
                "item": p.version.name,
            }
            for p in selectors.checkpoints_for(inspection)
        ],
        evidence=[
            EvidenceOut(
                id=e.pk, name=e.original_name, kind=e.kind, size=e.size, sha256=e.sha256, checkpoint_id=e.checkpoint_id
            )
            for e in inspection.evidence.all()
        ],
        signed_by=[s.signer_name for s in inspection.signatures.all()],
        members=[i.name for i in member_inspectors(inspection)],
    )


def _error(exc: svc.InspectionError) -> Status[Any]:
    errors = dict(exc.errors) if isinstance(exc, svc.InspectionInputError) else {}
    return Status(422, {"detail": str(exc), "errors": errors})


@router.get("/mine", response=list[AssignedOut], summary="我的检查任务")
def mine(request: HttpRequest) -> Any:
    return [
        AssignedOut(
            target_id=row.target.pk,
            inspection_id=row.inspection.pk if row.inspection else None,
            state=row.inspection.state if row.inspection else Inspection.State.PENDING,
            unit_name=row.target.unit.name,
            uscc=row.target.unit.uscc,
            address=row.target.unit.address,
            task=row.target.task.code,
            period_end=row.target.task.period_end,
            members=row.members,
        )
        for row in selectors.my_targets(request.user)
    ]


@router.post("/targets/{int:target_id}/open", response={201: InspectionOut, 422: ErrorOut}, summary="开始检查")
def open_target(request: HttpRequest, target_id: int) -> Any:
    if not has_perm(request.user, Perm.INSPECTION_RECORD):
        raise PermissionDenied("无权填写检查记录")
    target = selectors.target_for_inspector(request.user, target_id)
    try:
        return Status(201, _out(svc.open_inspection(actor=request.user, target=target)))
    except svc.InspectionError as exc:
        return _error(exc)


@router.get("/{int:pk}", response=InspectionOut, summary="检查记录")
def detail(request: HttpRequest, pk: int) -> Any:
    return _out(selectors.inspection_for(request.user, pk))


@router.put("/{int:pk}", response={200: InspectionOut, 422: ErrorOut}, summary="保存检查记录（草稿）")
def save(request: HttpRequest, pk: int, payload: RecordIn) -> Any:
    inspection = selectors.inspection_for(request.user, pk)
    try:
        return _out(svc.save_record(actor=request.user, inspection=inspection, data=payload.dict()))
    except svc.InspectionError as exc:
        return _error(exc)


@router.post("/{int:pk}/evidence", response={201: EvidenceOut, 422: ErrorOut}, summary="上传证据")
def upload(
    request: HttpRequest,
    pk: int,
    file: File[UploadedFile],
    checkpoint_id: Form[int | None] = None,
    note: Form[str] = "",
) -> Any:
    inspection = selectors.inspection_for(request.user, pk)
    try:
        e = svc.add_evidence(
            actor=request.user,
            inspection=inspection,
            upload=file,
            name=file.name or "",
            checkpoint_id=checkpoint_id,
            note=note,
        )
    except svc.InspectionError as exc:
        return _error(exc)
    return Status(
        201,
        EvidenceOut(
            id=e.pk, name=e.original_name, kind=e.kind, size=e.size, sha256=e.sha256, checkpoint_id=e.checkpoint_id
        ),
    )


@router.post("/{int:pk}/signatures", response={201: InspectionOut, 422: ErrorOut}, summary="签字确认")
def sign(request: HttpRequest, pk: int, payload: SignIn) -> Any:
    inspection = selectors.inspection_for(request.user, pk)
    try:
        try:
            image = base64.b64decode(payload.image_base64, validate=True)
        except (binascii.Error, ValueError):
            raise svc.EvidenceError("签名图片无效，请重新签字") from None
        inspector = next((i for i in member_inspectors(inspection) if i.pk == payload.inspector_id), None)
        svc.sign(
            actor=request.user,
            inspection=inspection,
            image=image,
            role=payload.role,
            inspector=inspector,
            signer_name=payload.signer_name,
        )
    except svc.InspectionError as exc:
        return _error(exc)
    return Status(201, _out(selectors.inspection_for(request.user, pk)))


@router.post("/{int:pk}/submit", response={200: InspectionOut, 422: ErrorOut}, summary="提交审核")
def submit(request: HttpRequest, pk: int) -> Any:
    inspection = selectors.inspection_for(request.user, pk)
    try:
        return _out(svc.submit(actor=request.user, inspection=inspection))
    except svc.InspectionError as exc:
        return _error(exc)


@router.post("/{int:pk}/review", response={200: InspectionOut, 422: ErrorOut}, summary="法制室审核")
def review(request: HttpRequest, pk: int, payload: ReviewIn) -> Any:
    if not has_perm(request.user, Perm.INSPECTION_REVIEW):
        raise PermissionDenied("只有法制室可以审核检查记录")
    inspection = selectors.inspection_for(request.user, pk)
    try:
        return _out(svc.review(actor=request.user, inspection=inspection, accept=payload.accept, reason=payload.reason))
    except svc.InspectionError as exc:
        return _error(exc)
