"""名录库比对: a register from 市场监管 proposes 入库 for new active units of the county, 退库 for units cancelled
there, 变更 for changed names; accepting goes through the directory services, so the history is kept."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.quality.models import RegisterProposal
from shuangsuiji.quality.services.registers import (
    ProposalError,
    RegisterError,
    accept_proposal,
    import_register,
    reject_proposal,
)
from tests.conftest import client_for
from tests.factories import UnitFactory, valid_uscc

HEADER = ["统一社会信用代码", "企业名称", "登记状态", "住所所在地区划", "行业代码", "住所"]


def _register(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def compared(world: Any, coordinator: Any, tmp_path: Path) -> dict[str, Any]:
    same = UnitFactory(bureau=world.county, name="阳城县不变煤业有限公司", address="")
    cancelled = UnitFactory(bureau=world.county, name="阳城县已注销商贸有限公司")
    renamed = UnitFactory(bureau=world.county, name="阳城县旧名称有限公司")
    new_code, elsewhere = valid_uscc("140522"), valid_uscc("140581")
    path = _register(
        tmp_path / "市场监管.csv",
        [
            [same.uscc, same.name, "存续", "140522100001", same.industry_code, ""],
            [cancelled.uscc, cancelled.name, "注销", "140522100001", cancelled.industry_code, ""],
            [renamed.uscc, "阳城县新名称有限公司", "存续", "140522100001", renamed.industry_code, ""],
            [new_code, "阳城县新开业机械有限公司", "存续", "140522100001", "3419", "凤城镇新街1号"],
            [elsewhere, "高平市某公司", "存续", "140581100000", "3419", ""],
            [valid_uscc("140522"), "阳城县新设又注销有限公司", "注销", "140522100001", "3419", ""],
        ],
    )
    register = import_register(actor=coordinator, bureau=world.county, path=path, source="market")
    by_action = {p.action: p for p in register.proposals.all()}
    return {
        "register": register,
        "by_action": by_action,
        "new_code": new_code,
        "cancelled": cancelled,
        "renamed": renamed,
    }


def test_the_comparison_proposes_exactly_the_right_actions(compared: dict[str, Any]) -> None:
    proposals = list(compared["register"].proposals.all())
    assert sorted(p.action for p in proposals) == ["change", "enter", "exit"]
    assert compared["by_action"]["enter"].uscc == compared["new_code"]
    assert compared["by_action"]["exit"].unit_id == compared["cancelled"].pk
    assert compared["by_action"]["change"].differences == {"单位名称": ["阳城县旧名称有限公司", "阳城县新名称有限公司"]}


def test_accepting_an_entry_enters_the_unit_with_its_history(compared: dict[str, Any], coordinator: Any) -> None:
    accept_proposal(actor=coordinator, proposal=compared["by_action"]["enter"])
    unit = Unit.objects.get(uscc=compared["new_code"])
    assert unit.is_in_directory and unit.name == "阳城县新开业机械有限公司"
    assert UnitChange.objects.get(unit=unit).reason.startswith("名录库比对：市场监管部门登记注册信息")


def test_accepting_an_exit_and_a_change_call_the_directory_services(compared: dict[str, Any], coordinator: Any) -> None:
    accept_proposal(actor=coordinator, proposal=compared["by_action"]["exit"])
    accept_proposal(actor=coordinator, proposal=compared["by_action"]["change"])
    assert not Unit.objects.get(pk=compared["cancelled"].pk).is_in_directory
    assert Unit.objects.get(pk=compared["renamed"].pk).name == "阳城县新名称有限公司"
    assert UnitChange.objects.filter(unit=compared["renamed"], kind="change").exists()
    with pytest.raises(ProposalError, match="已采纳"):
        accept_proposal(actor=coordinator, proposal=compared["by_action"]["exit"])


def test_a_rejection_needs_a_reason_and_changes_nothing(compared: dict[str, Any], coordinator: Any) -> None:
    proposal = compared["by_action"]["exit"]
    with pytest.raises(ProposalError, match="驳回理由"):
        reject_proposal(actor=coordinator, proposal=proposal, note=" ")
    reject_proposal(actor=coordinator, proposal=proposal, note="已恢复营业，待市场监管更新")
    assert RegisterProposal.objects.get(pk=proposal.pk).status == "rejected"
    assert Unit.objects.get(pk=compared["cancelled"].pk).is_in_directory


def test_a_register_with_bad_rows_is_refused_whole(world: Any, coordinator: Any, tmp_path: Path) -> None:
    path = _register(
        tmp_path / "bad.csv", [["123", "甲公司", "存续", "", "", ""], [valid_uscc(), "", "歇业中", "", "", ""]]
    )
    with pytest.raises(RegisterError) as refused:
        import_register(actor=coordinator, bureau=world.county, path=path, source="tax")
    texts = [e.as_text() for e in refused.value.errors]
    assert any(t.startswith("第2行") and "18位" in t for t in texts)
    assert any(t.startswith("第3行") and "单位名称不能为空" in t for t in texts)
    assert RegisterProposal.objects.count() == 0


def test_the_pages_accept_a_proposal(compared: dict[str, Any], coordinator: Any, other_county_user: Any) -> None:
    client = client_for(coordinator)
    register = compared["register"]
    page = client.get(reverse("quality:register", args=[register.pk]))
    assert page.status_code == 200 and "阳城县新开业机械有限公司" in page.content.decode()
    assert client_for(other_county_user).get(reverse("quality:register", args=[register.pk])).status_code == 404
    proposal = compared["by_action"]["enter"]
    assert client.post(reverse("quality:decide", args=[proposal.pk, "accept"])).status_code == 302
    assert Unit.objects.filter(uscc=compared["new_code"]).exists()
