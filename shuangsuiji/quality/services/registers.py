"""名录库比对: import another department's register, propose 入库 / 变更 / 退库, and let staff accept (through the
directory services, so the unit's history is kept) or reject each proposal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.directory.models import Unit
from shuangsuiji.directory.services import UnitInputError, change_unit, enter_unit, exit_unit, reenter_unit
from shuangsuiji.domain.imports.columns import RowError, all_headers, map_headers
from shuangsuiji.domain.imports.units import UNIT_FIELDS
from shuangsuiji.domain.quality.register import (
    REGISTER_COLUMNS,
    DirectoryEntry,
    RegisterRow,
    RegisterRowValidator,
    compare,
)
from shuangsuiji.domain.tabular import TableError, open_table
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import subtree
from shuangsuiji.quality.models import RegisterImport, RegisterProposal


class RegisterError(ValueError):
    """A register file that was rejected: every bad row with its number, column and reason."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("；".join(e.as_text() for e in errors[:20]))
        self.errors = errors


def import_register(*, actor: Any, bureau: Bureau, path: Path, source: str, file_name: str = "") -> RegisterImport:
    """Read the register, compare it with the bureau's 名录库 and store the proposals (all or nothing)."""
    if source not in RegisterImport.Source.values:
        raise RegisterError([RowError(0, "来源部门", f"来源部门“{source}”无效")])
    rows = _read(path)
    directory = {
        u.uscc: DirectoryEntry(u.pk, u.name, u.address, u.industry_code, u.is_in_directory)
        for u in Unit.objects.filter(bureau__in=subtree(bureau)).order_by("is_in_directory")
    }
    proposals = compare(rows, directory, bureau.code.rstrip("0") or bureau.code)
    with transaction.atomic():
        register = RegisterImport.objects.create(
            bureau=bureau,
            source=source,
            file_name=(file_name or path.name)[:255],
            actor=actor if getattr(actor, "pk", None) else None,
            row_count=len(rows),
        )
        RegisterProposal.objects.bulk_create(
            [
                RegisterProposal(
                    register=register,
                    bureau=bureau,
                    action=p.action,
                    uscc=p.row.uscc,
                    name=p.row.name,
                    unit_id=p.unit_id,
                    values=_values(p.row),
                    differences=p.differences,
                    reason=p.reason[:300],
                )
                for p in proposals
            ]
        )
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="quality.register_compared",
            obj=register,
            summary=f"名录库比对（{register.get_source_display()}）：{len(rows)} 行，建议 {len(proposals)} 项",
            data={"file": register.file_name, "rows": len(rows), "proposals": len(proposals)},
        )
    return register


def _read(path: Path) -> list[RegisterRow]:
    try:
        table = open_table(path, all_headers(REGISTER_COLUMNS))
    except TableError as exc:
        raise RegisterError([RowError(0, "", str(exc))]) from None
    header = map_headers(table.headers, REGISTER_COLUMNS)
    if header.errors():
        raise RegisterError(header.errors())
    validator = RegisterRowValidator(header)
    rows: list[RegisterRow] = []
    errors: list[RowError] = []
    for number, cells in table.rows:
        if not any(cells):
            continue
        outcome = validator.validate(number, cells)
        if isinstance(outcome, list):
            errors.extend(outcome)
        else:
            rows.append(outcome)
    if errors:
        raise RegisterError(errors)
    return rows


def _values(row: RegisterRow) -> dict[str, str]:
    return {
        "uscc": row.uscc,
        "name": row.name,
        "status": row.status,
        "region_code": row.region_code,
        "industry_code": row.industry_code,
        "address": row.address,
        "legal_representative": row.legal_representative,
    }


class ProposalError(ValueError):
    """A proposal that cannot be accepted as it stands (e.g. the register lacks the 行业代码 a new unit needs)."""


def accept_proposal(*, actor: Any, proposal: RegisterProposal) -> RegisterProposal:
    """Carry out the proposed 入库 / 变更 / 退库 through the directory service, then mark it 已采纳."""
    with transaction.atomic():
        locked = (
            RegisterProposal.objects.select_for_update(of=("self",))
            .select_related("register", "bureau")
            .get(pk=proposal.pk)
        )
        if locked.status != RegisterProposal.Status.PENDING:
            raise ProposalError(f"该建议已{locked.get_status_display()}")
        reason = f"名录库比对：{locked.register.get_source_display()}（{locked.register.file_name}）"
        try:
            unit = _carry_out(actor, locked, reason)
        except UnitInputError as exc:
            raise ProposalError(f"无法{locked.get_action_display()}：{exc}") from None
        locked.unit = unit
        _decide(actor, locked, RegisterProposal.Status.ACCEPTED, "")
    return locked


def _carry_out(actor: Any, proposal: RegisterProposal, reason: str) -> Unit:
    values = proposal.values
    if proposal.action == RegisterProposal.Action.ENTER:
        existing = Unit.objects.filter(pk=proposal.unit_id).first() if proposal.unit_id else None
        if existing is not None:
            return reenter_unit(actor=actor, unit=existing, reason=reason)
        fields = {k: v for k, v in values.items() if k != "status"}
        return enter_unit(actor=actor, bureau=proposal.bureau, values=fields, reason=reason)
    if proposal.unit_id is None:
        raise ProposalError("该单位已不在名录库中")
    unit = Unit.objects.select_related("bureau").get(pk=proposal.unit_id)
    if proposal.action == RegisterProposal.Action.EXIT:
        return exit_unit(actor=actor, unit=unit, reason=reason)
    current = {key: "" if getattr(unit, key) is None else str(getattr(unit, key)) for key in UNIT_FIELDS}
    for key in ("name", "address", "industry_code"):
        if values.get(key):
            current[key] = values[key]
    return change_unit(actor=actor, unit=unit, values=current, reason=reason)


def reject_proposal(*, actor: Any, proposal: RegisterProposal, note: str) -> RegisterProposal:
    """驳回: the proposal is kept with the reason it was not followed."""
    if not note.strip():
        raise ProposalError("请填写驳回理由")
    with transaction.atomic():
        locked = RegisterProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != RegisterProposal.Status.PENDING:
            raise ProposalError(f"该建议已{locked.get_status_display()}")
        _decide(actor, locked, RegisterProposal.Status.REJECTED, note.strip())
    return locked


def _decide(actor: Any, proposal: RegisterProposal, status: str, note: str) -> None:
    proposal.status, proposal.note = status, note[:300]
    proposal.decided_by = actor if getattr(actor, "pk", None) else None
    proposal.decided_at = timezone.now()
    proposal.save()
    record_event(
        actor=actor,
        bureau_id=proposal.bureau_id,
        action=f"quality.proposal_{status}",
        obj=proposal,
        summary=f"名录库比对建议{proposal.get_action_display()}「{proposal.name}」：{proposal.get_status_display()}",
        data={"uscc": proposal.uscc, "note": note},
    )
