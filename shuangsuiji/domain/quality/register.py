"""名录库比对: rows of another department's register (市场监管, 税务, 民政, 编制), matched to the 名录库 by
统一社会信用代码, become proposed 入库 / 变更 / 退库 actions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shuangsuiji.domain import units, uscc
from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError

REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "统一代码", "credit_code"), True),
    Column("name", "单位名称", ("单位详细名称", "企业名称", "名称", "机构名称", "市场主体名称"), True),
    Column("status", "登记状态", ("经营状态", "状态", "存续状态", "企业状态")),
    Column("region_code", "行政区划代码", ("区划代码", "所在地区划代码", "住所所在地区划")),
    Column("industry_code", "行业代码", ("国民经济行业代码", "行业小类代码")),
    Column("address", "详细地址", ("住所", "地址", "注册地址", "经营场所")),
    Column("legal_representative", "法定代表人", ("负责人", "法定代表人(负责人)")),
)
COMPARED = (("name", "单位名称"), ("address", "详细地址"), ("industry_code", "行业代码"))
ACTIVE, CLOSED = "active", "closed"


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """A valid register row; `status` is a 名录库 status code (OPERATING, CANCELLED, …)."""

    row: int
    uscc: str
    name: str
    status: str
    region_code: str
    industry_code: str
    address: str
    legal_representative: str


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """What the comparison needs of a unit in the 名录库."""

    unit_id: int
    name: str
    address: str
    industry_code: str
    is_in_directory: bool


@dataclass(frozen=True, slots=True)
class Proposal:
    """入库 (`enter`), 变更 (`change`) or 退库 (`exit`), with the differences and a Chinese reason."""

    action: str
    row: RegisterRow
    unit_id: int | None
    reason: str
    differences: dict[str, list[str]] = field(default_factory=dict)


class RegisterRowValidator:
    def __init__(self, header: HeaderMap) -> None:
        self.header = header
        self.seen: dict[str, int] = {}

    def _cell(self, cells: list[str], key: str) -> str:
        position = self.header.index.get(key)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    def validate(self, number: int, cells: list[str]) -> RegisterRow | list[RowError]:
        errors: list[RowError] = []
        names = self.header.names
        code = uscc.normalize(self._cell(cells, "uscc"))
        problem = uscc.check(code) if code else None
        if not code:
            errors.append(RowError(number, names.get("uscc", "统一社会信用代码"), "统一社会信用代码不能为空"))
        elif problem is not None and not problem.is_checksum_only:
            errors.append(RowError(number, names.get("uscc", "统一社会信用代码"), problem.message))
        elif code in self.seen:
            errors.append(RowError(number, names.get("uscc", ""), f"与第{self.seen[code]}行的统一社会信用代码重复"))
        name = self._cell(cells, "name")
        if not name:
            errors.append(RowError(number, names.get("name", "单位名称"), "单位名称不能为空"))
        status = "OPERATING"
        if self._cell(cells, "status"):
            try:
                status = units.parse_status(self._cell(cells, "status"))
            except units.VocabularyError as exc:
                errors.append(RowError(number, names.get("status", "登记状态"), str(exc)))
        if errors:
            return errors
        self.seen[code] = number
        return RegisterRow(
            number,
            code,
            name[:200],
            status,
            self._cell(cells, "region_code"),
            self._cell(cells, "industry_code"),
            self._cell(cells, "address")[:300],
            self._cell(cells, "legal_representative")[:60],
        )


def compare(rows: list[RegisterRow], directory: Mapping[str, DirectoryEntry], region_prefix: str) -> list[Proposal]:
    """Active units of the bureau's area missing from the 名录库 → 入库; units closed in the register but still in
    the 名录库 → 退库; units whose name, address or industry differ → 变更."""
    proposals = []
    for row in rows:
        entry = directory.get(row.uscc)
        closed = row.status in units.OUT_OF_SCOPE_STATUSES
        if entry is None or not entry.is_in_directory:
            in_area = row.region_code.startswith(region_prefix) or row.uscc[2:8].startswith(region_prefix)
            if not closed and in_area:
                reason = "外部名录中登记为" + units.STATUSES[row.status] + "，本局名录库中没有该单位（应统尽统）"
                proposals.append(Proposal("enter", row, entry.unit_id if entry else None, reason))
            continue
        if closed:
            reason = f"外部名录中已{units.STATUSES[row.status]}，名录库中仍在库"
            proposals.append(Proposal("exit", row, entry.unit_id, reason))
            continue
        differences = {
            label: [str(getattr(entry, key)), getattr(row, key)]
            for key, label in COMPARED
            if getattr(row, key) and getattr(row, key) != getattr(entry, key)
        }
        if differences:
            reason = "外部名录与名录库不一致：" + "、".join(differences)
            proposals.append(Proposal("change", row, entry.unit_id, reason, differences))
    return proposals
