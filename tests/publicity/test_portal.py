"""The public portal shows only published, masked records; withdrawn ones show the withdrawal, never the content."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.domain.masking import mask_person, mask_phone
from shuangsuiji.planning import services as planning
from shuangsuiji.publicity import services as publicity
from shuangsuiji.publicity.models import Publication
from shuangsuiji.tasks.services import ceremony, substitutions
from tests.conftest import client_for

WITNESS = "王建华"


def confirmed(task: Any, coordinator: Any, leader: Any) -> Any:
    draw = ceremony.commit_draw(actor=coordinator, draw=ceremony.prepare_draw(actor=coordinator, task=task))
    draw = ceremony.reveal_draw(
        actor=coordinator, draw=draw, seed_inputs={"dice": "9" * 20}, witnesses=[{"name": WITNESS, "role": "纪检监察"}]
    )
    ceremony.confirm_draw(actor=coordinator, draw=draw, as_role="coordinator")
    return ceremony.confirm_draw(actor=leader, draw=draw, as_role="leader")


@pytest.fixture
def public() -> Any:
    return client_for(None)


def test_masking_rules() -> None:
    assert mask_person("张三") == "张*" and mask_person("欧阳娜娜") == "欧阳**"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0356-4222315") == "0356-***2315"


def test_a_draft_plan_never_reaches_the_portal_and_a_published_one_does(
    world: Any, coordinator: Any, leader: Any, item: Any, public: Any
) -> None:
    version = planning.create_plan(
        actor=coordinator, bureau=world.county, year=2026, title="阳城县2026年度抽查计划草稿"
    )
    planning.add_line(actor=coordinator, version=version, item_version=item, ratio_percent=Decimal(3), frequency=1)
    listing = public.get(reverse("portal:list", args=["140522", "plans"])).content.decode()
    feed = public.get(reverse("portal:feed", args=["140522"])).content.decode()
    data = public.get(reverse("portal:data", args=["140522", "plans", "json"])).content.decode()
    for text in (listing, feed, data):
        assert "阳城县2026年度抽查计划草稿" not in text
    for step in (planning.submit, planning.approve, planning.publish):
        version = step(actor=leader if step is planning.approve else coordinator, version=version)
    assert "阳城县2026年度抽查计划草稿" in public.get(reverse("portal:list", args=["140522", "plans"])).content.decode()


def test_a_draw_is_announced_before_and_published_after_with_masked_witnesses(
    task: Any, coordinator: Any, leader: Any, public: Any
) -> None:
    draw = ceremony.commit_draw(actor=coordinator, draw=ceremony.prepare_draw(actor=coordinator, task=task))
    notice = Publication.objects.get(kind="draw_notice")
    page = public.get(reverse("portal:detail", args=[notice.pk])).content.decode()
    assert draw.frame_sha256 in page and "摇号承诺" in page
    assert not Publication.objects.filter(kind="draw_result").exists()
    confirmed_draw = confirmed_after_commit(draw, coordinator, leader)
    result = Publication.objects.get(kind="draw_result")
    page = public.get(reverse("portal:detail", args=[result.pk])).content.decode()
    assert confirmed_draw.seed_sha256 in page and mask_person(WITNESS) in page and WITNESS not in page
    kit = public.get(reverse("portal:file", args=[result.pk, "RESULT.json"]))
    assert json.loads(b"".join(kit.streaming_content))["result_sha256"] == confirmed_draw.result_sha256


def confirmed_after_commit(draw: Any, coordinator: Any, leader: Any) -> Any:
    draw = ceremony.reveal_draw(
        actor=coordinator, draw=draw, seed_inputs={"dice": "9" * 20}, witnesses=[{"name": WITNESS, "role": "纪检监察"}]
    )
    ceremony.confirm_draw(actor=coordinator, draw=draw, as_role="coordinator")
    return ceremony.confirm_draw(actor=leader, draw=draw, as_role="leader")


def test_the_self_check_box_answers_for_selected_not_selected_and_absent_codes(
    task: Any, coordinator: Any, leader: Any, units: list[Any], public: Any
) -> None:
    draw = confirmed(task, coordinator, leader)
    selected = draw.targets.filter(kind="random").first().frame_id
    chosen = set(draw.targets.values_list("frame_id", flat=True))
    other = next(u.uscc for u in units if u.uscc not in chosen and u.status == "OPERATING")
    url = reverse("portal:check", args=["140522"])
    assert "签号 ≤ 阈值：被抽中" in public.get(url, {"uscc": selected}).content.decode()
    page = public.get(url, {"uscc": other}).content.decode()
    assert "未被抽中" in page and "阈值：被抽中" not in page
    cancelled = next(u.uscc for u in units if u.status == "CANCELLED")
    assert "不在" in public.get(url, {"uscc": cancelled}).content.decode()


def test_a_withdrawn_record_shows_the_withdrawal_not_the_content(
    task: Any, coordinator: Any, leader: Any, public: Any
) -> None:
    draw = confirmed(task, coordinator, leader)
    result = Publication.objects.get(kind="draw_result")
    publicity.withdraw(actor=coordinator, publication=result, reason="公开内容有误，核实后重新公开")
    page = public.get(reverse("portal:detail", args=[result.pk])).content.decode()
    assert "已于" in page and "撤下" in page and draw.seed_sha256 not in page
    assert public.get(reverse("portal:file", args=[result.pk, "RESULT.json"])).status_code == 404
    assert "【已撤下】" in public.get(reverse("portal:feed", args=["140522"])).content.decode()
    csv_text = public.get(reverse("portal:data", args=["140522", "draws", "csv"])).content.decode("utf-8-sig")
    assert "已撤下" in csv_text and draw.seed_sha256 not in csv_text


def test_a_substitution_republishes_the_result_as_a_correction(
    task: Any, coordinator: Any, leader: Any, public: Any
) -> None:
    draw = confirmed(task, coordinator, leader)
    target = draw.targets.filter(kind="random").first()
    substitutions.report_out_of_scope(actor=coordinator, target=target, reason="已注销")
    substitutions.substitute_target(actor=leader, target=target, reason="已注销")
    live = Publication.objects.get(kind="draw_result", superseded_at__isnull=True)
    assert live.corrects_id and "已注销" in live.correction_note
    page = public.get(reverse("portal:detail", args=[live.pk])).content.decode()
    assert "更正" in page and "由本层备选" in page


def test_public_inspector_data_holds_only_the_public_fields(world: Any, inspectors: list[Any], public: Any) -> None:
    inspectors[0].phone, inspectors[0].home_region = "13912345678", "140522100001"
    inspectors[0].save()
    body = public.get(reverse("portal:data", args=["140522", "inspectors", "json"])).content.decode()
    assert inspectors[0].certificate_no in body and "13912345678" not in body and "140522100001" not in body


def test_every_portal_page_answers_without_a_login(task: Any, coordinator: Any, leader: Any, public: Any) -> None:
    confirmed(task, coordinator, leader)
    for name, args in [
        ("portal:index", []),
        ("portal:bureau", ["140522"]),
        ("portal:items", ["140522"]),
        ("portal:inspectors", ["140522"]),
        ("portal:credit", ["140522"]),
        ("portal:verify", []),
        ("portal:list", ["140522", "draws"]),
        ("portal:list", ["140500", "draws"]),
    ]:
        assert public.get(reverse(name, args=args)).status_code == 200
    assert public.get(reverse("portal:verifier")).status_code == 200
    assert public.get(reverse("portal:bureau", args=["999999"])).status_code == 404


def test_the_superior_bureau_page_lists_the_counties_publications(
    task: Any, coordinator: Any, leader: Any, public: Any
) -> None:
    confirmed(task, coordinator, leader)
    page = public.get(reverse("portal:list", args=["140500", "draws"])).content.decode()
    assert "摇号结果" in page and "阳城县统计局" in page


def test_only_the_bureau_withdraws_its_records(
    task: Any, coordinator: Any, leader: Any, other_county_user: Any
) -> None:
    confirmed(task, coordinator, leader)
    item = Publication.objects.get(kind="draw_result")
    assert (
        client_for(other_county_user).post(reverse("publicity:withdraw", args=[item.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert client_for(leader).post(reverse("publicity:withdraw", args=[item.pk]), {"reason": "x"}).status_code == 403
    assert (
        client_for(coordinator).post(reverse("publicity:withdraw", args=[item.pk]), {"reason": "错误"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.is_withdrawn and dt.date.today() >= item.withdrawn_at.date() - dt.timedelta(days=1)
