"""Demo cases through the services: one decided, published and served (a complaint about false data), one under
investigation from a demo inspection (with a 询问笔录 and evidence under 登记保存, whose decision is due on the
board), one awaiting the head's approval to open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from shuangsuiji.accounts.models import User
from shuangsuiji.cases import credit
from shuangsuiji.cases import services as svc
from shuangsuiji.cases.models import Case, CaseSettings
from shuangsuiji.directory.models import Unit
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.inspectors.selectors import active_conflicts, eligible_inspectors
from shuangsuiji.organisations.models import Bureau

Echo = Callable[[str], None]


def _handlers(county: Bureau, unit: Unit) -> list[Any]:
    pool = list(eligible_inspectors(county, on=timezone.localdate()).order_by("certificate_no")[:8])
    conflicts = active_conflicts([i.pk for i in pool])
    return [i for i in pool if unit.uscc not in conflicts.get(i.pk, set())][:2]


def _band(case: Case, fine: int) -> str:
    return next(b.ref for b in svc.candidate_bands(case) if not b.severe and b.contains(fine))


def _gather_evidence(case: Case, fazhi: User, lingdao: User) -> None:
    """调查取证 in progress: the unit's statistician questioned, its ledgers preserved with the head's approval."""
    handlers = list(case.handlers.all())
    now = timezone.localtime()
    start = max(now - dt.timedelta(minutes=40), now.replace(hour=0, minute=0, second=0, microsecond=0))
    svc.record_interview(
        actor=fazhi,
        case=case,
        person="赵统计",
        person_role=f"{case.unit.name} 统计员",
        asker=handlers[0],
        recorder=handlers[1],
        started_at=start,
        ended_at=start + dt.timedelta(minutes=30),
        place=case.unit.address or "该单位办公室",
        transcript="问：你单位是否设置了统计台账？\n答：2026年以来没有按月登记，只有报表底稿。\n"
        "问：原始记录由谁保管？\n答：由财务室保管，部分已经丢失。",
        ids_shown=True,
    )
    item = svc.request_preservation(
        actor=fazhi,
        case=case,
        items=["2026年1—10月统计报表底稿 1册", "2026年销售台账（电子表格） 1份，已刻录光盘"],
        reason="原始记录已部分缺失，剩余资料可能被转移或篡改",
        place="就地封存，由该单位财务室保管",
    )
    item = svc.approve_preservation(actor=lingdao, preservation=item, approve=True, opinion="同意先行登记保存")
    svc.carry_out_preservation(actor=fazhi, preservation=item, preserved_on=timezone.localdate())


def load_demo_cases(county: Bureau, echo: Echo) -> None:
    if Case.objects.filter(bureau=county).exists():
        return
    fazhi, lingdao, shenhe = (User.objects.get(username=u) for u in ("fazhi", "lingdao", "shenhe"))
    today = timezone.localdate()
    units = list(Unit.objects.filter(bureau=county, status="OPERATING", uscc__startswith="91").order_by("-id")[:3])
    if len(units) < 3:
        return
    decided = svc.propose_case(
        actor=fazhi,
        unit=units[0],
        source="complaint",
        violations=["false_data"],
        violation_end=today - dt.timedelta(days=75),
        facts="群众举报该单位2026年二季度营业收入虚报；经核查统计台账与财务账簿，虚报营业收入约1,200万元。",
        handlers=_handlers(county, units[0]),
    )
    decided = svc.approve_opening(actor=lingdao, case=decided, approve=True)
    decided = svc.finish_investigation(
        actor=fazhi,
        case=decided,
        report="经调取财务账簿、询问统计人员，确认该单位虚报营业收入，违法事实清楚，证据确凿。",
        severe_reasons=[],
        proposed_fine=30_000,
        reasoning="虚报比例约15%，首次违法、积极配合调查，按裁量基准“一般”档",
        band=_band(decided, 30_000),
    )
    svc.review(
        actor=shenhe,
        case=decided,
        checklist=dict.fromkeys(svc.REVIEW_CHECKLIST, True),
        opinion="agree",
        reasons="执法主体、程序合法，事实清楚，证据充分，适用依据正确，裁量适当。",
    )
    decided = svc.notify(actor=fazhi, case=Case.objects.get(pk=decided.pk))
    decided = svc.record_waiver(
        actor=fazhi,
        case=decided,
        waived_on=today,
        person="王建国",
        person_role="法定代表人",
        waiver="收到事先告知书当日书面声明：对拟处罚的事实、理由和依据无异议，放弃陈述、申辩权利",
    )
    decided = svc.decide(actor=lingdao, case=decided, fine=30_000)
    svc.serve(actor=fazhi, case=decided, served_on=today)
    # The demo county's rule also lists decisions with fines of ¥30,000 or more (configurable per bureau).
    CaseSettings.objects.update_or_create(bureau=county, defaults={"credit_fine_threshold": 30_000})
    notice = credit.notify_listing(actor=fazhi, case=Case.objects.get(pk=decided.pk))
    credit.record_listing_answer(
        actor=fazhi,
        listing=notice,
        answered_on=today,
        kind="waiver",
        answer="企业书面表示对拟认定无异议，放弃陈述、申辩",
    )
    credit.list_unit(actor=lingdao, case=Case.objects.get(pk=decided.pk))

    source = Inspection.objects.filter(bureau=county, follow_up="rectify").first()
    unit = source.unit if source else units[1]
    investigating = svc.propose_case(
        actor=fazhi,
        unit=unit,
        source="inspection" if source else "directed",
        violations=["no_ledger"],
        violation_end=today - dt.timedelta(days=10),
        facts="“双随机”抽查发现该单位未按规定设置统计台账，部分原始记录缺失。",
        handlers=_handlers(county, unit),
        inspection=source,
    )
    investigating = svc.approve_opening(actor=lingdao, case=investigating, approve=True)
    _gather_evidence(investigating, fazhi, lingdao)
    svc.propose_case(
        actor=fazhi,
        unit=units[2],
        source="referral",
        violations=["late"],
        violation_end=today - dt.timedelta(days=20),
        facts="市局转办：该单位2026年10月月报经催报后仍未按时报送。",
        handlers=_handlers(county, units[2]),
    )
    echo(
        "cases: 1 decided, published, served and credit-listed; 1 under investigation (询问笔录, 登记保存 awaiting its "
        "decision); 1 awaiting approval to open"
    )
