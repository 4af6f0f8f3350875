"""Reads for the public portal — only published rows and the public fields of the libraries — and for the
bureau's own publication management."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.core.home import Panel
from shuangsuiji.core.pagination import KeysetPage, keyset_page
from shuangsuiji.domain.draw import ticket
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import subtree, visible_bureau_ids
from shuangsuiji.publicity.frames import stratum_in_frame
from shuangsuiji.publicity.models import Objection, PortalState, Publication


def portal_version() -> int:
    state = PortalState.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(state or 0)


def public_bureau(code: str) -> Bureau:
    bureau = Bureau.objects.filter(code=code, is_active=True).select_related("parent").first()
    if bureau is None:
        raise Http404("没有这个统计局")
    return bureau


def public_bureaus() -> QuerySet[Bureau]:
    return Bureau.objects.filter(is_active=True).exclude(level=Bureau.Level.NATIONAL).order_by("path")


def _subtree_ids(bureau: Bureau) -> list[int]:
    key = f"portal:subtree:{bureau.pk}"
    ids = cache.get(key)
    if ids is None:
        ids = list(subtree(bureau).values_list("id", flat=True))
        cache.set(key, ids, 300)
    return list(ids)


# Shown for a limited time (penalty decisions 1 year, credit listings their term): gone from lists when it ends.
EXPIRING = (Publication.Kind.DECISION, Publication.Kind.CREDIT)


def publications(bureau: Bureau, kinds: tuple[str, ...]) -> QuerySet[Publication]:
    """Published records of the bureau and those below it (withdrawn ones included: the portal says so), except
    decisions and credit listings past their publicity term and credit listings removed early (信用修复)."""
    today = timezone.localdate()
    return (
        Publication.objects.filter(bureau_id__in=_subtree_ids(bureau), kind__in=kinds, superseded_at__isnull=True)
        .exclude(kind__in=EXPIRING, expires_on__lt=today)
        .exclude(kind=Publication.Kind.CREDIT, withdrawn_at__isnull=False)
        .select_related("bureau", "corrects")
        .defer("payload")
    )


def publication_page(
    bureau: Bureau, kinds: tuple[str, ...], params: Any, per_page: int = 30
) -> KeysetPage[Publication]:
    return keyset_page(publications(bureau, kinds), params, per_page=per_page, count=False)


def publication(pk: int) -> Publication:
    found = Publication.objects.select_related("bureau", "corrects").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这条公开信息")
    return found


def payload_of(item: Publication) -> dict[str, Any]:
    """The payload, cached per publication (published payloads never change; a correction is a new row)."""
    key = f"portal:payload:{item.pk}"
    payload = cache.get(key)
    if payload is None:
        payload = Publication.objects.values_list("payload", flat=True).get(pk=item.pk)
        cache.set(key, json.dumps(payload, ensure_ascii=False), 3600)
        return dict(payload)
    return dict(json.loads(payload))


def history(item: Publication) -> list[Publication]:
    """The corrections chain of a record, newest first."""
    return list(
        Publication.objects.filter(kind=item.kind, subject_type=item.subject_type, subject_id=item.subject_id)
        .order_by("-published_at")
        .defer("payload")
    )


@dataclass
class SelfCheck:
    """One published draw as an enterprise sees it: was it in the frame, and was it selected."""

    publication: Publication
    in_frame: bool
    stratum: str = ""
    ticket: str = ""
    threshold: str = ""
    selected: bool = False
    reserve_rank: int | None = None
    substituted: str = ""


def self_check(bureau: Bureau, code: str) -> list[SelfCheck]:
    """For each live published draw result of the bureau and those below it."""
    rows = []
    for item in publications(bureau, (Publication.Kind.DRAW_RESULT,)).filter(withdrawn_at__isnull=True)[:200]:
        payload = payload_of(item)
        stratum = stratum_in_frame(payload["files"].get("frame.csv", ""), code)
        if stratum is None:
            rows.append(SelfCheck(item, False))
            continue
        info = payload["strata"].get(stratum, {})
        mine = ticket(code, payload["seed_string"])
        threshold = info.get("threshold_ticket") or ""
        reserves = [e["id"] for e in info.get("reserve", [])]
        replaced = [s for s in payload.get("substitutions", []) if code in (s.get("replaced"), s.get("by"))]
        rows.append(
            SelfCheck(
                item,
                True,
                stratum,
                mine,
                threshold,
                bool(threshold) and mine <= threshold,
                reserves.index(code) + 1 if code in reserves else None,
                replaced[0]["reason"] if replaced else "",
            )
        )
    return rows


def public_inspectors(bureau: Bureau) -> list[tuple[str, list[dict[str, str]]]]:
    """事前公开 of the inspectors: only the five public fields, bureau by bureau down the subtree."""
    from shuangsuiji.inspectors.selectors import public_inspector_list

    return [(b.name, rows) for b in subtree(bureau) if (rows := public_inspector_list(b))]


def credit_list(bureau: Bureau, params: Any) -> KeysetPage[Publication]:
    """诚信信息: inspection results with no problem found (seed 000 六(一))."""
    qs = publications(bureau, (Publication.Kind.RESULT,)).filter(withdrawn_at__isnull=True, payload__no_problem=True)
    return keyset_page(qs, params, per_page=50, count=False)


def search_codes(bureau: Bureau, kinds: tuple[str, ...], code: str) -> QuerySet[Publication]:
    return publications(bureau, kinds).filter(unit_codes__contains=f"|{code}|")


def manageable(user: Any) -> QuerySet[Publication]:
    return Publication.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related("bureau").defer("payload")


def publication_panel(user: Any) -> Panel | None:
    if user.bureau_id is None:
        return None
    qs = Publication.objects.filter(bureau_id=user.bureau_id)
    panel = Panel(title="信息公开", order=60)
    panel.stats = [
        ("已公开", qs.filter(withdrawn_at__isnull=True, superseded_at__isnull=True).count()),
        ("已撤下", qs.filter(~Q(withdrawn_at=None)).count()),
        ("待答复异议", Objection.objects.filter(bureau_id=user.bureau_id, status=Objection.Status.RECEIVED).count()),
    ]
    panel.links = [
        ("管理公开信息", reverse("publicity:manage")),
        ("公示信息异议", reverse("publicity:objections")),
        ("查看门户", reverse("portal:bureau", args=[user.bureau.code])),
    ]
    return panel
