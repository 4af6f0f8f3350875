"""Bureaus visible to the caller."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from shuangsuiji.organisations import selectors

router = Router(tags=["统计局"])


class BureauOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None


@router.get("/", response=list[BureauOut])
def list_bureaus(request: HttpRequest) -> list[BureauOut]:
    return [
        BureauOut(code=b.code, name=b.name, level=b.level, parent_code=b.parent.code if b.parent else None)
        for b in selectors.bureaus_visible_to(request.user)
    ]


@router.get("/{code}", response=BureauOut)
def get_bureau(request: HttpRequest, code: str) -> BureauOut:
    b = selectors.bureau_for_user(request.user, code)
    return BureauOut(code=b.code, name=b.name, level=b.level, parent_code=b.parent.code if b.parent else None)
