"""A case opened from an inspection files that inspection's 现场检查笔录 and 证据清单 in its 案卷 (domain-rules §2.4:
立案审批表, then 现场笔录 …)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from shuangsuiji.cases import services as cases
from shuangsuiji.cases.documents import file_note_context, filing_order
from shuangsuiji.documents.services import render_pdf
from shuangsuiji.inspectors.models import Inspector
from tests.inspections.test_risk_class import accepted

pytestmark = pytest.mark.django_db


def test_the_case_file_holds_the_onsite_record_of_its_inspection(
    world: Any, target: Any, members: list[Any], coordinator: Any, leader: Any
) -> None:
    inspection = accepted(target, members[0], coordinator, outcomes=["pending"], follow_up="case")
    handlers = list(Inspector.objects.filter(bureau=world.county).order_by("id")[:2])
    case = cases.propose_case(
        actor=coordinator,
        unit=inspection.unit,
        source="inspection",
        violations=["no_ledger"],
        violation_end=inspection.inspected_on,
        facts="抽查发现未设置统计台账",
        handlers=handlers,
        inspection=inspection,
    )
    kinds = [code for code, _ in filing_order(case)]
    assert kinds[:2] == ["case_opening", "onsite_record"] and "evidence_list" in kinds
    outline = [entry.title for entry in PdfReader(io.BytesIO(render_pdf("case_dossier", case))).outline]
    assert outline[:2] == ["立案审批表", "现场检查笔录"] and outline[-1] == "卷内备考表"
    assert any("另见统计执法检查案卷" in note for note in file_note_context(case, [])["notes"])
