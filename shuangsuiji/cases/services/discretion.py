"""A bureau's 裁量基准: its own table of bands once it has one, the platform's defaults (marked 默认) until then.
The 法制室 or the administrator changes it; the first change copies the defaults into the bureau's table, so a
bureau never silently loses them. Every change is audited; every band must fit the legal range."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import DiscretionBand
from shuangsuiji.cases.services.common import CaseError, CasePermissionError, _require_bureau
from shuangsuiji.core.audit import record_event
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.domain.discretion import band_errors, default_bands
from shuangsuiji.domain.penalties import Band

_FIELDS = {"party": "party_type", "severe": "is_severe"}  # domain names → model fields


def _as_band(row: DiscretionBand) -> Band:
    return Band(
        violation=row.violation,
        label=row.label,
        minimum=row.minimum,
        maximum=row.maximum,
        law=row.law,
        party=row.party_type,
        severe=row.is_severe,
        circumstances=row.circumstances,
        ref=str(row.pk),
        is_default=row.is_default,
        includes_minimum=row.includes_minimum,
        includes_maximum=row.includes_maximum,
    )


def bands_for(bureau: Any) -> list[Band]:
    """The bands the bureau's cases use: its own table, or the platform's defaults when it has none."""
    rows = list(DiscretionBand.objects.filter(bureau=bureau))
    return [_as_band(r) for r in rows] if rows else default_bands()


def _require_configure(actor: Any, bureau: Any) -> None:
    if not has_perm(actor, Perm.CASE_CONFIGURE):
        raise CasePermissionError("只有法制室或系统管理员可以修改裁量基准和案件设置")
    _require_bureau(actor, bureau.pk)


def _audit(actor: Any, bureau: Any, action: str, summary: str, obj: Any = None, data: Any = None) -> None:
    record_event(
        actor=actor,
        bureau_id=bureau.pk,
        action=f"cases.discretion_{action}",
        obj=obj or bureau,
        summary=f"裁量基准：{summary}",
        data=data or {},
    )


def _copy_defaults(actor: Any, bureau: Any) -> int:
    rows = [
        DiscretionBand(
            bureau=bureau,
            violation=b.violation,
            party_type=b.party,
            law=b.law,
            is_severe=b.severe,
            label=b.label,
            circumstances=b.circumstances,
            minimum=b.minimum,
            maximum=b.maximum,
            is_default=True,
            updated_by=actor,
        )
        for b in default_bands()
    ]
    DiscretionBand.objects.bulk_create(rows)
    _audit(actor, bureau, "defaults_adopted", f"以平台默认基准建立本局裁量基准（{len(rows)} 个档次）")
    return len(rows)


def adopt_default_bands(*, actor: Any, bureau: Any) -> int:
    """Copy the platform's defaults into the bureau's own table (which it may then change)."""
    _require_configure(actor, bureau)
    with transaction.atomic():
        if DiscretionBand.objects.select_for_update().filter(bureau=bureau).exists():
            raise CaseError("本局已有自己的裁量基准")
        return _copy_defaults(actor, bureau)


BAND_FIELDS = (
    "violation",
    "party_type",
    "law",
    "is_severe",
    "label",
    "circumstances",
    "minimum",
    "maximum",
    "includes_minimum",
    "includes_maximum",
)


def _values(band: DiscretionBand) -> dict[str, Any]:
    return {name: getattr(band, name) for name in BAND_FIELDS}


def save_band(*, actor: Any, bureau: Any, band_id: int | None = None, values: dict[str, Any]) -> DiscretionBand:
    """Add a band, or change one of the bureau's (band_id); each must lie inside the legal range."""
    _require_configure(actor, bureau)
    with transaction.atomic():
        if not DiscretionBand.objects.select_for_update().filter(bureau=bureau).exists():
            _copy_defaults(actor, bureau)
        row = DiscretionBand(bureau=bureau)
        if band_id is not None:
            found = DiscretionBand.objects.select_for_update().filter(bureau=bureau, pk=band_id).first()
            if found is None:
                raise CaseError("本局裁量基准中没有这个档次", "band")
            row = found
        before = _values(row) if row.pk else {}
        for name, value in values.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        domain = _as_band(row)
        if errors := band_errors(domain):
            raise CaseError.of({_FIELDS.get(k, k): v for k, v in errors.items()})
        clash = DiscretionBand.objects.filter(
            bureau=bureau,
            violation=row.violation,
            party_type=row.party_type,
            law=row.law,
            is_severe=row.is_severe,
            label=row.label,
        ).exclude(pk=row.pk)
        if clash.exists():
            raise CaseError(f"同一违法行为、当事人类型和法律下已有“{row.label}”档次", "label")
        row.is_default, row.updated_by = False, actor
        row.full_clean()
        row.save()
        after = _values(row)
        changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        verb = "修改" if before else "新增"
        _audit(actor, bureau, "band_saved", f"{verb}“{row}”（{_as_band(row).range_text}）", row, changed)
    return row


def delete_band(*, actor: Any, bureau: Any, band_id: int) -> None:
    """Remove one of the bureau's bands; the last one stays (reset to the defaults instead)."""
    _require_configure(actor, bureau)
    with transaction.atomic():
        rows = DiscretionBand.objects.select_for_update().filter(bureau=bureau)
        row = rows.filter(pk=band_id).first()
        if row is None:
            raise CaseError("本局裁量基准中没有这个档次", "band")
        if rows.count() == 1:
            raise CaseError("裁量基准至少保留一个档次；如需使用平台默认基准，请恢复默认")
        _audit(actor, bureau, "band_deleted", f"删除“{row}”（{_as_band(row).range_text}）", row, _values(row))
        row.delete()


def reset_bands(*, actor: Any, bureau: Any) -> int:
    """Drop the bureau's table: its cases use the platform's defaults again (cases already investigated keep the
    band they recorded)."""
    _require_configure(actor, bureau)
    with transaction.atomic():
        count, _ = DiscretionBand.objects.filter(bureau=bureau).delete()
        if not count:
            raise CaseError("本局正在使用平台默认基准")
        _audit(actor, bureau, "reset", f"删除本局裁量基准（{count} 个档次），恢复平台默认基准")
    return count
