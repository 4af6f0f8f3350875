"""The bureau's 案件设置 and 裁量基准 over REST, on the same services as the pages /cases/settings/ and
/cases/discretion/. Everyone who sees cases reads their bureau's (`?bureau=` for a bureau below); the 法制室 or the
administrator of the bureau changes it (403 otherwise, also for a bureau below); another county is a 404; a refused
value answers 422 {"detail", "errors": {field: message}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.responses import Status

from shuangsuiji.cases import services
from shuangsuiji.cases.models import DiscretionBand
from shuangsuiji.cases.schemas import BandIn, BandOut, BandPatchIn, BandsOut, ErrorOut, SettingsIn, SettingsOut
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.domain import penalties
from shuangsuiji.organisations.selectors import bureau_for_user, visible_bureau_ids

router = Router(tags=["案件设置与裁量基准"])
WRITE = {200: SettingsOut, 403: ErrorOut, 422: ErrorOut}


def _bureau(request: HttpRequest, code: str) -> Any:
    if not has_perm(request.user, Perm.CASE_VIEW):
        raise PermissionDenied("无权查看案件设置")
    if code:
        return bureau_for_user(request.user, code)
    bureau = getattr(request.user, "bureau", None)
    if bureau is None:
        raise PermissionDenied("您的账号未归属统计局，请用 bureau 参数指定统计局")
    return bureau


def _refused(exc: services.CaseError) -> Status[Any]:
    if isinstance(exc, services.CasePermissionError):
        return Status(403, {"detail": str(exc)})
    return Status(422, {"detail": str(exc), "errors": exc.errors})


def _settings(bureau: Any) -> SettingsOut:
    row = services.settings_for(bureau)
    values = {name: getattr(row, name) for name in services.SETTINGS_FIELDS}
    return SettingsOut(bureau_code=bureau.code, is_default=row.pk is None, **values)


@router.get("/settings", response=SettingsOut, summary="本局案件设置（听证标准、重大执法决定、集体讨论、信用规则）")
def read_settings(request: HttpRequest, bureau: str = "") -> SettingsOut:
    return _settings(_bureau(request, bureau))


@router.patch("/settings", response=WRITE, summary="修改本局案件设置（只改给出的项）")
def change_settings(request: HttpRequest, payload: SettingsIn, bureau: str = "") -> Any:
    target = _bureau(request, bureau)
    values = payload.dict(exclude_unset=True)
    if none := [name for name, value in values.items() if value is None]:
        message = "设置项不能为空"
        return Status(422, {"detail": message, "errors": dict.fromkeys(none, message)})
    try:
        services.change_case_settings(actor=request.user, bureau=target, values=values)
    except services.CaseError as exc:
        return _refused(exc)
    return _settings(target)


def _band(band: penalties.Band) -> BandOut:
    return BandOut(
        id=int(band.ref) if band.ref.isdigit() else None,
        ref=band.ref,
        violation=band.violation,
        party_type=band.party,
        law=band.law,
        is_severe=band.severe,
        label=band.label,
        circumstances=band.circumstances,
        minimum=band.minimum,
        maximum=band.maximum,
        includes_minimum=band.includes_minimum,
        includes_maximum=band.includes_maximum,
        is_default=band.is_default,
    )


def _bands(bureau: Any) -> BandsOut:
    own = DiscretionBand.objects.filter(bureau=bureau).exists()
    bands = [_band(b) for b in services.bands_for(bureau)]
    return BandsOut(bureau_code=bureau.code, uses_defaults=not own, bands=bands)


def _own_band(request: HttpRequest, band_id: int) -> DiscretionBand:
    """A band of a bureau the viewer sees; 404 otherwise."""
    if not has_perm(request.user, Perm.CASE_VIEW):
        raise PermissionDenied("无权查看裁量基准")
    row = (
        DiscretionBand.objects.filter(pk=band_id, bureau_id__in=visible_bureau_ids(request.user))
        .select_related("bureau")
        .first()
    )
    if row is None:
        raise Http404("没有这个裁量档次")
    return row


@router.get("/discretion-bands", response=BandsOut, summary="本局裁量基准（未制定的为平台默认基准）")
def list_bands(request: HttpRequest, bureau: str = "") -> BandsOut:
    return _bands(_bureau(request, bureau))


@router.post("/discretion-bands", response={201: BandsOut, 403: ErrorOut, 422: ErrorOut}, summary="新增裁量档次")
def add_band(request: HttpRequest, payload: BandIn, bureau: str = "") -> Any:
    target = _bureau(request, bureau)
    try:
        services.save_band(actor=request.user, bureau=target, values=payload.dict())
    except services.CaseError as exc:
        return _refused(exc)
    return Status(201, _bands(target))


@router.patch(
    "/discretion-bands/{int:band_id}", response={200: BandsOut, 403: ErrorOut, 422: ErrorOut}, summary="修改裁量档次"
)
def change_band(request: HttpRequest, band_id: int, payload: BandPatchIn) -> Any:
    row = _own_band(request, band_id)
    values = payload.dict(exclude_unset=True)
    if none := [name for name, value in values.items() if value is None]:
        message = "档次的字段不能为空"
        return Status(422, {"detail": message, "errors": dict.fromkeys(none, message)})
    try:
        services.save_band(actor=request.user, bureau=row.bureau, band_id=row.pk, values=values)
    except services.CaseError as exc:
        return _refused(exc)
    return _bands(row.bureau)


@router.delete(
    "/discretion-bands/{int:band_id}", response={200: BandsOut, 403: ErrorOut, 422: ErrorOut}, summary="删除裁量档次"
)
def remove_band(request: HttpRequest, band_id: int) -> Any:
    row = _own_band(request, band_id)
    try:
        services.delete_band(actor=request.user, bureau=row.bureau, band_id=row.pk)
    except services.CaseError as exc:
        return _refused(exc)
    return _bands(row.bureau)


@router.post(
    "/discretion-bands/reset",
    response={200: BandsOut, 403: ErrorOut, 422: ErrorOut},
    summary="删除本局裁量基准，恢复平台默认",
)
def reset(request: HttpRequest, bureau: str = "") -> Any:
    target = _bureau(request, bureau)
    try:
        services.reset_bands(actor=request.user, bureau=target)
    except services.CaseError as exc:
        return _refused(exc)
    return _bands(target)
