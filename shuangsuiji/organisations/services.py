"""Creating and changing bureaus, departments, agencies and region codes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain import regions
from shuangsuiji.organisations.models import Agency, Bureau, Department, Region

_LEVEL_BY_REGION = {"省": Bureau.Level.PROVINCE, "市": Bureau.Level.CITY, "县": Bureau.Level.COUNTY}


def ensure_bureau(*, code: str, name: str, parent: Bureau | None, short_name: str = "", **fields: Any) -> Bureau:
    """Create the bureau or update its name and details; idempotent (the demo loader runs twice)."""
    level = Bureau.Level.NATIONAL if code == "000000" else _LEVEL_BY_REGION[regions.level_of(code)]
    path = (parent.path if parent else "/") + code + "/"
    with transaction.atomic():
        bureau, created = Bureau.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "level": level,
                "parent": parent,
                "path": path,
                **fields,
            },
        )
        if not created:
            changed = {
                "name": name,
                "short_name": short_name or bureau.short_name,
                "parent": parent,
                "path": path,
            }
            changed.update(fields)
            for key, value in changed.items():
                setattr(bureau, key, value)
            bureau.full_clean()
            bureau.save()
        else:
            record_event(
                actor=None,
                bureau_id=bureau.pk,
                action="organisations.bureau_created",
                obj=bureau,
                summary=f"建立{name}",
            )
    return bureau


def ensure_department(*, bureau: Bureau, name: str, kind: str = Department.Kind.SECTION, **flags: bool) -> Department:
    department, _ = Department.objects.update_or_create(bureau=bureau, name=name, defaults={"kind": kind, **flags})
    return department


def ensure_agency(*, code: str, name: str, kind: str, region_code: str, contact: str = "") -> Agency:
    agency, _ = Agency.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, "region_code": region_code, "contact": contact}
    )
    return agency


def load_regions(rows: list[tuple[str, str]], vintage: int = 2023) -> int:
    """Insert or refresh region codes; returns how many were new."""
    existing = set(Region.objects.filter(code__in=[c for c, _ in rows]).values_list("code", flat=True))
    new = [
        Region(code=c, name=n, level=regions.level_of(c), parent_code=_parent(c), vintage=vintage)
        for c, n in rows
        if c not in existing
    ]
    Region.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _parent(code: str) -> str:
    if len(code) == 12:
        return code[:6] if code[9:] == "000" else code[:9] + "000"
    chain = regions.parents(code)
    return chain[-1] if chain else ""


def update_bureau_profile(*, actor: Any, bureau: Bureau, address: str, complaint_phone: str, functions: str) -> Bureau:
    """The public 事前公开 details of a bureau: address, complaint phone, enforcement functions."""
    with transaction.atomic():
        before = {
            "address": bureau.address,
            "complaint_phone": bureau.complaint_phone,
            "enforcement_functions": bureau.enforcement_functions,
        }
        bureau.address, bureau.complaint_phone, bureau.enforcement_functions = (
            address,
            complaint_phone,
            functions,
        )
        bureau.full_clean()
        bureau.save()
        after = {"address": address, "complaint_phone": complaint_phone, "enforcement_functions": functions}
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="organisations.bureau_profile_updated",
            obj=bureau,
            summary="修改本局公开信息",
            data={"before": before, "after": after},
        )
    return bureau
