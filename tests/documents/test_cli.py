from __future__ import annotations

from pathlib import Path
from typing import Any

from shuangsuiji.documents.models import Document
from shuangsuiji.inspections.models import Inspection
from tests.cli.test_tables_cli import run_cli


def test_render_writes_the_pdf_without_numbering_it(inspection: Inspection, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "record.pdf"
    assert run_cli("documents", "render", "onsite_record", str(inspection.pk), str(out)) == 0
    assert out.read_bytes()[:5] == b"%PDF-" and "现场检查笔录" in capsys.readouterr().out
    assert not Document.objects.exists()


def test_an_unknown_kind_exits_1_with_a_plain_error(inspection: Inspection, tmp_path: Path, capsys: Any) -> None:
    assert run_cli("documents", "render", "nonsense", str(inspection.pk), str(tmp_path / "x.pdf")) == 1
    assert "未知的文书种类：nonsense" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_id_exits_1(inspection: Inspection, tmp_path: Path, capsys: Any) -> None:
    assert run_cli("documents", "render", "onsite_record", "999999", str(tmp_path / "x.pdf")) == 1
    assert "没有编号为 999999" in capsys.readouterr().err
    assert run_cli("documents", "render", "onsite_record", "abc", str(tmp_path / "x.pdf")) == 1


def test_a_document_that_does_not_apply_exits_1(inspection: Inspection, tmp_path: Path, capsys: Any) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(follow_up="")
    assert run_cli("documents", "render", "rectification_notice", str(inspection.pk), str(tmp_path / "x.pdf")) == 1
    assert "未作出责令限期改正" in capsys.readouterr().err


def test_kinds_lists_the_registered_kinds(db: Any, capsys: Any) -> None:
    assert run_cli("documents", "kinds") == 0
    out = capsys.readouterr().out
    for code in ["inspection_notice", "inspection_query", "onsite_record", "rectification_notice", "case_file"]:
        assert code in out


def test_orphans_lists_then_deletes_the_file_a_rolled_back_issue_left(
    target: Any, world: Any, capsys: Any, settings: Any
) -> None:
    from django.db import transaction

    from shuangsuiji.documents.services import issue_document

    kept = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
    try:
        with transaction.atomic():
            issue_document(actor=None, kind_code="inspection_query", obj=target, bureau=world.county)
            raise RuntimeError("the caller's transaction fails after the file was written")
    except RuntimeError:
        pass
    stored = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert len(stored) == 2 and kept.pdf.name in stored
    orphan = next(p for p in stored if p != kept.pdf.name)

    assert run_cli("documents", "orphans") == 0  # the default age: a file just written is not yet an orphan
    assert "0 orphan document file(s)" in capsys.readouterr().out
    assert run_cli("documents", "orphans", "--older-than", "0") == 0
    out = capsys.readouterr().out
    assert orphan in out and kept.pdf.name not in out and (Path(settings.MEDIA_ROOT) / orphan).exists()
    assert run_cli("documents", "orphans", "--older-than", "0", "--delete") == 0
    assert "1 orphan document file(s) deleted" in capsys.readouterr().out
    assert not (Path(settings.MEDIA_ROOT) / orphan).exists() and kept.pdf.storage.exists(kept.pdf.name)
    assert run_cli("documents", "orphans", "--older-than", "-1") == 2
    assert "--older-than must be 0 or more hours" in capsys.readouterr().err
