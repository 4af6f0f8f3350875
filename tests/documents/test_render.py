"""Each inspection document renders to a PDF with its Chinese text; the pages are converted to PNG for a look."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from shuangsuiji.documents.registry import DocumentError
from shuangsuiji.documents.services import render_pdf
from shuangsuiji.inspections.documents import record_context
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.tasks.models import Target


def text_of(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())  # letter-spaced titles and wrapped lines read as one string


def keep_png(pdf: bytes, name: str) -> None:
    """With DOCUMENTS_PNG_DIR set, write each page as PNG there (to look at the layout)."""
    folder = os.environ.get("DOCUMENTS_PNG_DIR")
    if folder and shutil.which("pdftoppm"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        source = Path(folder) / f"{name}.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(Path(folder) / name)], check=True)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("inspection_notice", ["统计检查通知书", "统计执法检查", "检查人员"]),
        ("inspection_query", ["统计检查查询书", "如实答复"]),
    ],
)
def test_target_documents_render_with_their_chinese_text(target: Target, kind: str, expected: list[str]) -> None:
    pdf = render_pdf(kind, target, number="阳统检〔2026〕7号")
    text = text_of(pdf)
    keep_png(pdf, kind)
    for word in [*expected, target.unit.name, "阳统检〔2026〕7号", "阳城县统计局"]:
        assert word in text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("onsite_record", ["现场检查笔录", "实地检查", "迟报3天", "是否依法设置原始记录", "发现问题待后续处理"]),
        ("rectification_notice", ["责令改正通知书", "2026年7月18日"]),
        ("inspection_result", ["检查结果", "责令限期改正", "2026年6月20日"]),
        ("evidence_list", ["证据清单", "现场照片1.jpg"]),
    ],
)
def test_inspection_documents_render_with_their_chinese_text(
    inspection: Inspection, kind: str, expected: list[str]
) -> None:
    pdf = render_pdf(kind, inspection)
    keep_png(pdf, kind)
    text = text_of(pdf)
    for word in [*expected, inspection.unit.name]:
        assert word in text
    assert "预览" in text  # no number yet


def test_the_record_shows_the_signature_images(inspection: Inspection) -> None:
    signatures = record_context(inspection)["signatures"]
    assert [s["role"] for s in signatures] == ["检查人员", "检查人员", "被检查单位"]
    assert all(s["image"].startswith("data:image/png;base64,") for s in signatures)
    pdf = render_pdf("onsite_record", inspection)
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) >= 3


def test_a_refusal_to_sign_is_written_where_the_unit_would_sign(inspection: Inspection) -> None:
    inspection.signatures.filter(role="unit").delete()
    Inspection.objects.filter(pk=inspection.pk).update(unit_response="refused", unit_response_note="负责人拒绝签字")
    inspection.refresh_from_db()
    assert "拒绝签字：负责人拒绝签字" in text_of(render_pdf("onsite_record", inspection))


def test_the_evidence_list_carries_each_file_hash(inspection: Inspection) -> None:
    evidence = inspection.evidence.get()
    assert evidence.sha256 in text_of(render_pdf("evidence_list", inspection))


def test_a_rectification_notice_is_refused_without_a_rectification(inspection: Inspection) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(follow_up="", rectification_due=None, outcomes=["no_problem"])
    inspection.refresh_from_db()
    with pytest.raises(DocumentError, match="未作出责令限期改正"):
        render_pdf("rectification_notice", inspection)


def test_an_unknown_kind_is_refused(target: Target) -> None:
    with pytest.raises(DocumentError, match="未知的文书种类"):
        render_pdf("no_such_kind", target)


def test_the_case_file_bundles_notice_record_and_evidence_list_with_contents(inspection: Inspection) -> None:
    pdf = render_pdf("case_file", inspection.target, number="阳统卷〔2026〕1号")
    keep_png(pdf, "case_file")
    reader = PdfReader(io.BytesIO(pdf))
    cover = "".join(reader.pages[0].extract_text().split())
    assert "卷内目录" in cover and "统计检查通知书" in cover and "现场检查笔录" in cover and "证据清单" in cover
    assert [item.title for item in reader.outline] == [
        "统计检查通知书（未编号）",
        "现场检查笔录（未编号）",
        "证据清单（未编号）",
    ]
    assert len(reader.pages) >= 4
