"""Task and draw pages, the API and the CLI: wiring, permissions and scope (another county gets 404)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.accounts.services import issue_token
from shuangsuiji.tasks.models import Draw, Task
from shuangsuiji.tasks.services import ceremony
from tests.cli.test_tables_cli import run_cli
from tests.conftest import client_for


def test_the_task_page_previews_the_frame_and_the_pool(task: Task, coordinator: Any) -> None:
    client = client_for(coordinator)
    assert client.get(reverse("tasks:task", args=[task.pk])).status_code == 200
    preview = client.get(reverse("tasks:frame_preview", args=[task.pk])).content.decode()
    assert "进入抽样框" in preview and "112" in preview and "经营状态不在营" in preview
    assert "可抽取检查人员" in preview


def test_the_whole_ceremony_through_the_pages(task: Task, coordinator: Any, leader: Any) -> None:
    client = client_for(coordinator)
    response = client.post(reverse("tasks:prepare", args=[task.pk]), {"ceremony_place": "会议室"})
    draw = Draw.objects.get(task=task)
    assert response.status_code == 302
    client.post(reverse("tasks:draw_step", args=[draw.pk, "commit"]))
    page = client.get(reverse("tasks:presentation", args=[draw.pk])).content.decode()
    assert "公开随机数" in page and draw.draw_id in page
    bad = client.post(reverse("tasks:presentation", args=[draw.pk]), {"dice": "12", "witness_1": "王某，纪检"})
    assert bad.status_code == 400 and "20 位" in bad.content.decode()
    client.post(reverse("tasks:presentation", args=[draw.pk]), {"dice": "3" * 20, "witness_1": "王某，纪检"})
    client.post(reverse("tasks:draw_step", args=[draw.pk, "confirm_coordinator"]))
    client_for(leader).post(reverse("tasks:draw_step", args=[draw.pk, "confirm_leader"]))
    draw.refresh_from_db()
    assert draw.status == "confirmed"
    detail = client.get(reverse("tasks:draw", args=[draw.pk])).content.decode()
    assert "分配表" in detail and "检查组" in detail and draw.seed_sha256 in detail
    kit = client.get(reverse("tasks:draw_file", args=[draw.pk, "RESULT.json"]))
    assert json.loads(b"".join(kit.streaming_content))["result_sha256"] == draw.result_sha256


def test_only_the_coordinator_runs_the_ceremony(task: Task, inspector_user: Any, leader: Any) -> None:
    for user in (inspector_user, leader):
        assert client_for(user).post(reverse("tasks:prepare", args=[task.pk])).status_code == 403
    assert not Draw.objects.exists()


def test_another_county_gets_404_everywhere(task: Task, coordinator: Any, other_county_user: Any) -> None:
    draw = ceremony.prepare_draw(actor=coordinator, task=task)
    client = client_for(other_county_user)
    for url in (
        reverse("tasks:task", args=[task.pk]),
        reverse("tasks:draw", args=[draw.pk]),
        reverse("tasks:frame_preview", args=[task.pk]),
        reverse("tasks:presentation", args=[draw.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("tasks:draw_step", args=[draw.pk, "commit"])).status_code == 404
    _, token = issue_token(actor=other_county_user, user=other_county_user, name="t")
    api = client_for(None)
    assert api.get(f"/api/v1/tasks/{task.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    assert api.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {token}").json() == []


def test_the_superior_bureau_reads_but_cannot_draw(task: Task, city_coordinator: Any) -> None:
    client = client_for(city_coordinator)
    assert client.get(reverse("tasks:task", args=[task.pk])).status_code == 200
    assert client.post(reverse("tasks:prepare", args=[task.pk])).status_code == 403


def test_the_api_runs_the_ceremony(task: Task, coordinator: Any, leader: Any) -> None:
    _, token = issue_token(actor=coordinator, user=coordinator, name="t")
    _, leader_token = issue_token(actor=leader, user=leader, name="t")
    api = client_for(None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    draw = api.post(f"/api/v1/tasks/{task.pk}/draw", {}, content_type="application/json", **auth).json()
    early = api.post(
        f"/api/v1/tasks/draws/{draw['id']}/reveal",
        {"dice": "1" * 20, "witnesses": [{"name": "甲"}]},
        content_type="application/json",
        **auth,
    )
    assert early.status_code == 409 and "尚未公告承诺" in early.json()["detail"]
    assert api.post(f"/api/v1/tasks/draws/{draw['id']}/commit", **auth).json()["status"] == "committed"
    body = {"dice": "1" * 20, "witnesses": [{"name": "甲", "role": "公证"}]}
    assert (
        api.post(f"/api/v1/tasks/draws/{draw['id']}/reveal", body, content_type="application/json", **auth).json()[
            "status"
        ]
        == "revealed"
    )
    api.post(f"/api/v1/tasks/draws/{draw['id']}/confirm?role=coordinator", **auth)
    done = api.post(
        f"/api/v1/tasks/draws/{draw['id']}/confirm?role=leader", HTTP_AUTHORIZATION=f"Bearer {leader_token}"
    ).json()
    assert done["status"] == "confirmed"
    targets = api.get(f"/api/v1/tasks/{task.pk}/targets", **auth).json()
    assert targets and all(t["groups"] for t in targets if t["kind"] == "random")


def test_the_cli_lists_tasks_as_json(task: Task, capsys: Any) -> None:
    assert run_cli("task", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == task.pk and {"id", "name", "status", "draw_status"} <= set(rows[0])
    assert run_cli("task", "show", str(task.pk)) == 0
    assert task.name in capsys.readouterr().out
    assert run_cli("task", "show", "99999") == 1
    assert run_cli("draw", "export", str(task.pk), "/tmp/nowhere-kit") == 1


@pytest.mark.parametrize("persona", ["coordinator", "leader", "inspector_user", "city_coordinator"])
def test_the_task_list_and_coverage_pages_render(request: Any, persona: str, task: Task) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("tasks:tasks")).status_code == 200
    assert client.get(reverse("tasks:coverage")).status_code == 200
