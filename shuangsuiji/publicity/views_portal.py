"""The public portal (no login): 事前公开, draw notices and results with their verification kit, inspection
results, 诚信信息, decisions, open data and an Atom feed — read only through the publicity selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.domain import uscc
from shuangsuiji.publicity import selectors
from shuangsuiji.publicity.models import Publication

VERIFIER = Path(__file__).resolve().parent.parent / "verifier" / "verify_draw.py"
LISTS = {
    "plans": ((Publication.Kind.PLAN,), "年度抽查计划"),
    "draws": ((Publication.Kind.DRAW_NOTICE, Publication.Kind.DRAW_RESULT), "摇号公告与结果"),
    "results": ((Publication.Kind.RESULT,), "抽查结果"),
    "decisions": ((Publication.Kind.DECISION,), "行政处罚决定"),
    "blacklist": ((Publication.Kind.CREDIT,), "统计严重失信企业"),
    "reports": ((Publication.Kind.ANNUAL_REPORT,), "行政执法统计年报"),
}


def portal_cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache whole portal pages; every publish, withdraw or correct changes the key (PortalState)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = f"portal:page:{selectors.portal_version()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached[0], content_type=cached[1])
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(response, "streaming", False):
            cache.set(key, (response.content, response["Content-Type"]), 300)
        return response

    return wrapper


@portal_cached
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "publicity/portal/index.html", {"bureaus": selectors.public_bureaus()})


@portal_cached
def bureau(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.public_bureau(code)
    latest = list(selectors.publications(current, tuple(Publication.Kind.values))[:12])
    return render(request, "publicity/portal/bureau.html", {"bureau": current, "latest": latest})


@portal_cached
def items(request: HttpRequest, code: str) -> HttpResponse:
    from shuangsuiji.catalog.selectors import published_items_for_bureau

    current = selectors.public_bureau(code)
    rows = published_items_for_bureau(current).select_related("bureau", "current_version")
    return render(request, "publicity/portal/items.html", {"bureau": current, "items": rows})


@portal_cached
def inspectors(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.public_bureau(code)
    return render(
        request, "publicity/portal/inspectors.html", {"bureau": current, "groups": selectors.public_inspectors(current)}
    )


@portal_cached
def listing(request: HttpRequest, code: str, name: str) -> HttpResponse:
    if name not in LISTS:
        raise Http404
    kinds, title = LISTS[name]
    current = selectors.public_bureau(code)
    page = selectors.publication_page(current, kinds, request.GET)
    return render(
        request, "publicity/portal/list.html", {"bureau": current, "page": page, "title": title, "name": name}
    )


@portal_cached
def credit(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.public_bureau(code)
    return render(
        request,
        "publicity/portal/credit.html",
        {"bureau": current, "page": selectors.credit_list(current, request.GET)},
    )


@portal_cached
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.publication(pk)
    payload = {} if item.is_withdrawn else selectors.payload_of(item)
    context = {"item": item, "bureau": item.bureau, "payload": payload, "history": selectors.history(item)}
    if item.kind == Publication.Kind.DRAW_RESULT and payload:
        context.update(_draw_pages(request, payload))
    return render(request, f"publicity/portal/detail_{item.kind}.html", context)


def _draw_pages(request: HttpRequest, payload: dict[str, Any]) -> dict[str, Any]:
    """The selected units of a big draw are shown 200 at a time (all of them are in RESULT.json)."""
    targets = payload.get("targets", [])
    where = {e["id"]: (code, e) for code, s in payload["strata"].items() for e in s["selected"]}
    wanted = request.GET.get("from", "0")
    start = int(wanted) if wanted.isdigit() else 0
    shown = [
        (start + i + 1, where[t][0], where[t][1]) for i, t in enumerate(targets[start : start + 200]) if t in where
    ]
    groups = {a["target"]: a["group"] for a in payload.get("assignment", [])}
    return {
        "selected_rows": shown,
        "next_from": start + 200 if start + 200 < len(targets) else None,
        "previous_from": max(0, start - 200) if start else None,
        "group_of": groups,
    }


def publication_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    item = selectors.publication(pk)
    if item.is_withdrawn or item.kind not in (Publication.Kind.DRAW_NOTICE, Publication.Kind.DRAW_RESULT):
        raise Http404
    stored = selectors.payload_of(item).get("files", {}).get(name, "")
    if not stored or not default_storage.exists(stored):
        raise Http404("文件不存在")
    prefix = selectors.payload_of(item).get("draw_id", "draw")
    return FileResponse(default_storage.open(stored, "rb"), as_attachment=True, filename=f"{prefix}-{name}")


def verifier_file(request: HttpRequest) -> FileResponse:
    """The verifier shown as text (links carry the `download` attribute, so a click saves the file)."""
    return FileResponse(VERIFIER.open("rb"), filename="verify_draw.py", content_type="text/plain; charset=utf-8")


@portal_cached
def verify_help(request: HttpRequest) -> HttpResponse:
    return render(request, "publicity/portal/verify.html", {})


def check(request: HttpRequest, code: str) -> HttpResponse:
    """企业自查: enter a 统一社会信用代码, see for each published draw whether it was in the frame and selected."""
    current = selectors.public_bureau(code)
    raw = (request.GET.get("uscc") or "").strip()
    context: dict[str, Any] = {"bureau": current, "raw": raw}
    if raw:
        value = uscc.normalize(raw)
        problem = uscc.check(value) if len(value) == 18 and not value.startswith("NR:") else None
        context.update(
            {"code": value, "problem": problem.message if problem else "", "rows": selectors.self_check(current, value)}
        )
    return render(request, "publicity/portal/check.html", context)
