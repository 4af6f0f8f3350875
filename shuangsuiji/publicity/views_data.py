"""Open data: every portal list as CSV (UTF-8 with BOM, opens in Excel) and JSON, and an Atom feed of new
publications."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from shuangsuiji.publicity import selectors
from shuangsuiji.publicity.models import Publication
from shuangsuiji.publicity.views_portal import LISTS, portal_cached

MAX_ROWS = 20_000


def _items(bureau: Any) -> tuple[list[str], list[list[Any]]]:
    from shuangsuiji.catalog.selectors import published_items_for_bureau

    header = [
        "统计局",
        "编号",
        "抽查事项名称",
        "事项类别",
        "抽查依据",
        "抽查主体",
        "抽查对象",
        "抽查比例",
        "抽查频次",
        "抽查方式",
        "抽查内容及要求",
        "检查人员要求",
        "备注",
    ]
    rows = []
    for item in published_items_for_bureau(bureau).select_related("bureau", "current_version"):
        v = item.current_version
        if v is None:
            continue
        rows.append(
            [
                item.bureau.name,
                item.code,
                v.name,
                v.get_category_display(),
                v.legal_basis,
                v.inspecting_bodies,
                v.object_type,
                v.ratio_display,
                v.frequency_display,
                v.method,
                v.content,
                v.inspector_requirements,
                v.note,
            ]
        )
    return header, rows


def _inspectors(bureau: Any) -> tuple[list[str], list[list[Any]]]:
    header = ["统计局", "姓名", "性别", "执法证件编号", "执法岗位", "执法区域"]
    return header, [
        [name, r["name"], r["sex"], r["certificate_no"], r["post"], r["area"]]
        for name, rows in selectors.public_inspectors(bureau)
        for r in rows
    ]


def _publications(bureau: Any, kinds: tuple[str, ...]) -> tuple[list[str], list[list[Any]]]:
    header = ["编号", "类别", "标题", "统计局", "公开时间", "状态", "说明", "详细信息"]
    rows = []
    for item in selectors.publications(bureau, kinds)[:MAX_ROWS]:
        state = "已撤下" if item.is_withdrawn else ("更正" if item.corrects_id else "有效")
        note = item.withdraw_reason if item.is_withdrawn else item.correction_note
        rows.append(
            [
                item.pk,
                item.get_kind_display(),
                item.title,
                item.bureau.name,
                item.published_at.isoformat(),
                state,
                note,
                settings.PUBLIC_BASE_URL + reverse("portal:detail", args=[item.pk]),
            ]
        )
    return header, rows


def _table(bureau: Any, dataset: str) -> tuple[list[str], list[list[Any]]]:
    if dataset == "items":
        return _items(bureau)
    if dataset == "inspectors":
        return _inspectors(bureau)
    if dataset in LISTS:
        return _publications(bureau, LISTS[dataset][0])
    raise Http404("没有这个数据集")


@portal_cached
def dataset(request: HttpRequest, code: str, name: str, fmt: str) -> HttpResponse:
    bureau = selectors.public_bureau(code)
    header, rows = _table(bureau, name)
    if fmt == "json":
        body = json.dumps([dict(zip(header, row, strict=True)) for row in rows], ensure_ascii=False, default=str)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    if fmt != "csv":
        raise Http404
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{name}.csv"'
    return response


@portal_cached
def feed(request: HttpRequest, code: str) -> HttpResponse:
    bureau = selectors.public_bureau(code)
    base = settings.PUBLIC_BASE_URL
    items = list(selectors.publications(bureau, tuple(Publication.Kind.values))[:50])
    updated = items[0].published_at.isoformat() if items else "2026-01-01T00:00:00+00:00"
    entries = "".join(_entry(item, base) for item in items)
    body = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(bureau.name)} 执法信息公开</title><id>{base}/public/{code}/</id>"
        f'<link href="{base}/public/{code}/"/><updated>{updated}</updated>{entries}</feed>'
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def _entry(item: Publication, base: str) -> str:
    link = base + reverse("portal:detail", args=[item.pk])
    title = ("【已撤下】" if item.is_withdrawn else "【更正】" if item.corrects_id else "") + item.title
    summary = item.withdraw_reason if item.is_withdrawn else item.get_kind_display()
    stamp = (item.withdrawn_at or item.published_at).isoformat()
    return (
        f'<entry><title>{escape(title)}</title><id>{link}</id><link href="{link}"/><updated>{stamp}</updated>'
        f"<summary>{escape(summary)}</summary></entry>"
    )
