"""The monthly report forms of seed 002 (附件1, 附件2) and the annual enforcement statistics, counted from plain
records so that the rules can be read and tested without a database.

Counting rules (the forms do not define them; these are the platform's, stated on the report pages):
- a check (一次抽查) is one inspection task (抽查任务); 次数 is the number of tasks with at least one accepted
  result in the period;
- 户数 is the number of distinct units with an accepted random-check result in the period (a re-check is not a
  new 户; directed checks are not random checks and are not counted);
- 发现问题户数 is the number of those units whose result has an outcome counted as a problem;
- 部门内部 = the bureau's own, shared and superior-assigned tasks; 部门联合 = joint tasks; 省派 = assigned by a
  superior bureau; 涉及企业 = units whose 统一社会信用代码 starts with 91 (enterprises); 信用风险分级分类 = tasks
  whose ratios differ by credit-risk class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """One accepted random-check result."""

    task_id: int
    task_kind: str  # own, share, assigned, joint
    risk_based: bool
    unit_id: int
    enterprise: bool
    problem: bool
    lead: bool = True  # for joint tasks: this bureau leads (牵头)
    month: int = 0  # the month of the result date


@dataclass
class Count:
    """次数 / 户数 / 发现问题户数 of one row."""

    times: int = 0
    units: int = 0
    problem_units: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(self.times + other.times, self.units + other.units, self.problem_units + other.problem_units)

    def as_list(self) -> list[int]:
        return [self.times, self.units, self.problem_units]


@dataclass
class _Tally:
    tasks: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)
    problems: set[int] = field(default_factory=set)

    def add(self, check: Check) -> None:
        self.tasks.add(check.task_id)
        self.units.add(check.unit_id)
        if check.problem:
            self.problems.add(check.unit_id)

    def count(self) -> Count:
        return Count(len(self.tasks), len(self.units), len(self.problems))


INTERNAL_KINDS = frozenset({"own", "share", "assigned"})

# 附件1, rows through this platform, in the printed order.
FORM1_PLATFORM_ROWS: tuple[tuple[str, str], ...] = (
    ("all", "本地区开展随机抽查次数、户数及发现问题户数（包含部门内部和部门联合）"),
    ("market", "本地区市场监管系统开展随机抽查次数、户数及发现问题户数（包含部门内部和部门联合，分别标注）"),
    ("internal", "本地区开展部门内部随机抽查次数、户数及发现问题户数"),
    ("joint", "本地区开展部门联合随机抽查次数、户数及发现问题户数"),
    ("enterprise", "本地区涉及企业的随机抽查的次数、户数及发现问题户数（抽查对象为企业）"),
    ("risk", "本地区利用企业信用风险分级分类开展随机抽查的次数、户数及发现问题户数"),
)
FORM1_OTHER_ROWS: tuple[tuple[str, str], ...] = (
    ("other_all", "本地区开展抽查次数、户数及发现问题户数"),
    ("other_enterprise", "本地区涉及企业的随机抽查次数、户数及发现问题户数（抽查对象为企业）"),
    ("other_risk", "本地区利用企业信用风险分级分类开展随机抽查的次数、户数及发现问题户数"),
)
# 附件2 section 三 (cumulative for the year up to the month's end).
FORM2_CUMULATIVE_ROWS: tuple[tuple[str, str], ...] = (
    ("internal", "本部门累计完成部门内部抽查次数、总户数及发现问题总户数"),
    ("joint_lead", "本部门累计牵头完成跨部门抽查次数、户数及发现问题户数"),
    ("assigned", "本部门累计完成省派抽查次数、户数及发现问题户数"),
    ("enterprise", "本部门完成涉及企业的随机抽查次数、户数及发现问题户数（抽查对象为企业）"),
    ("risk", "本部门利用企业信用风险分级分类完成随机抽查的次数、户数及发现问题户数"),
)


def _selectors() -> dict[str, object]:
    return {
        "all": lambda c: True,
        "market": lambda c: False,  # a statistics bureau is not part of the 市场监管 system
        "internal": lambda c: c.task_kind in INTERNAL_KINDS,
        "joint": lambda c: c.task_kind == "joint",
        "joint_lead": lambda c: c.task_kind == "joint" and c.lead,
        "assigned": lambda c: c.task_kind == "assigned",
        "enterprise": lambda c: c.enterprise,
        "risk": lambda c: c.risk_based,
    }


def tally(checks: Iterable[Check], keys: Iterable[str]) -> dict[str, Count]:
    """Counts per row key over the checks."""
    wanted = list(keys)
    chooser = _selectors()
    tallies = {key: _Tally() for key in wanted}
    for check in checks:
        for key in wanted:
            if chooser[key](check):  # type: ignore[operator]
                tallies[key].add(check)
    return {key: t.count() for key, t in tallies.items()}


def is_enterprise(uscc: str) -> bool:
    """统一社会信用代码 登记管理部门码 9 (工商) + 机构类别 1 (企业); 92 is 个体工商户, 93 农民专业合作社."""
    return uscc.startswith("91")
