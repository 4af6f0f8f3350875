"""The draw ceremony, one service per state change (states are enforced here, never in views):

prepared → committed (frame, params, pools frozen and hashed; the notice is ready) → revealed (public random
inputs entered in front of witnesses; the engine runs with its acceptance checks) → confirmed (法制室 and 局领导).
A draw is never re-rolled: a failed ceremony is cancelled and a new draw committed; both stay on record.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji import __version__
from shuangsuiji.core.audit import record_event
from shuangsuiji.directory.selectors import unit_ids_by_code
from shuangsuiji.publicity import services as publicity
from shuangsuiji.tasks import engine, storage
from shuangsuiji.tasks.models import Draw, Task
from shuangsuiji.tasks.services import materialize
from shuangsuiji.tasks.services.frame_sql import commit_frame
from shuangsuiji.tasks.services.frames import Excluded
from shuangsuiji.tasks.services.pools import conflicts_for, eligible_pool

DEFAULT_SEED_FIELDS = ["draw_id", "frame_sha256", "params_sha256", "dice"]
DEFAULT_RECIPE = "现场由见证人掷十面骰子 20 次，按顺序记录 20 位数字（dice）；随后依次拼接摇号编号、抽样框哈希、参数哈希与骰子数字形成种子。"
SEED_FORMATS = {"dice": (re.compile(r"^\d{20}$"), "骰子数字应为 20 位 0–9 的数字")}


class DrawError(Exception):
    """A ceremony step that is not allowed now, or bad input; the message is for the user."""


def _event(actor: Any, draw: Draw, action: str, summary: str, data: dict[str, Any] | None = None) -> None:
    record_event(
        actor=actor, bureau_id=draw.task.bureau_id, action=f"draws.{action}", obj=draw, summary=summary, data=data or {}
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked(draw: Draw) -> Draw:
    return Draw.objects.select_for_update().select_related("task__bureau").get(pk=draw.pk)


def prepare_draw(
    *, actor: Any, task: Task, ceremony_at: dt.datetime | None = None, ceremony_place: str = "", seed_recipe: str = ""
) -> Draw:
    """准备: a draw record for the task (one live draw per task) with its public id and ceremony details."""
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("bureau").get(pk=task.pk)
        if task.status != Task.Status.DRAFT:
            raise DrawError(f"任务{task.get_status_display()}，不能再准备摇号")
        if task.kind == Task.Kind.JOINT and task.partners.filter(status="invited").exists():
            raise DrawError("还有联合部门未答复邀请，不能准备摇号")
        if task.draws.exclude(status=Draw.Status.CANCELLED).exists():
            raise DrawError("本任务已有一个进行中的摇号")
        attempt = task.draws.count() + 1
        draw = Draw(
            task=task,
            draw_id=f"{task.bureau.code}-{task.year}-{task.number:03d}-{attempt}",
            ceremony_at=ceremony_at,
            ceremony_place=ceremony_place,
            seed_recipe=seed_recipe or DEFAULT_RECIPE,
            prepared_by=_user(actor),
            software_version=__version__,
        )
        draw.full_clean()
        draw.save()
        _event(actor, draw, "draw_prepared", f"准备摇号 {draw.draw_id}")
    return draw


def build_params(task: Task) -> dict[str, Any]:
    """The DSR-1 params object of the task (keys beyond the spec's are kept and hashed as given)."""
    params: dict[str, Any] = {
        "algorithm": "DSR-1",
        "minimum_per_stratum": task.minimum_per_stratum,
        "reserve_per_stratum": task.reserve_per_stratum,
        "group_size": task.group_size,
        "seed_fields": list(DEFAULT_SEED_FIELDS),
        "strata_components": list(task.strata_components),
        "task": f"{task.code} {task.name}",
    }
    if task.allocation == Task.Allocation.RATIOS:
        params["ratios"] = {k: list(v) for k, v in sorted(task.risk_ratios.items())}
    else:
        params["n"] = int(task.total_n or 0)
    return params


def commit_draw(*, actor: Any, draw: Draw) -> Draw:
    """承诺: freeze the frame, params, inspector pool and 回避 list and record their hashes; nothing about the
    frame can change afterwards."""
    with transaction.atomic():
        draw = _locked(draw)
        if draw.status != Draw.Status.PREPARED:
            raise DrawError(f"摇号{draw.get_status_display()}，不能再次承诺")
        task = draw.task
        try:
            frame, excluded, frame_units = commit_frame(task)
        except engine.EngineError as exc:
            raise DrawError(f"抽样框有误：{exc}") from None
        if not len(frame):
            raise DrawError("抽样框为空：范围内没有可抽取的单位")
        frame_sha = frame.sha256
        params = build_params(task)
        on = (draw.ceremony_at or timezone.now()).date()
        partners = {p.code: sorted(p.pool) for p in task.partners.filter(status="accepted")}
        if partners:
            params["department_pools"] = partners
        taken = {code for pool in partners.values() for code in pool}
        pool = [i for i in eligible_pool(task, on) if i.certificate_no not in taken]
        if len(pool) < task.group_size:
            raise DrawError(f"符合条件的检查人员只有 {len(pool)} 人，少于每组 {task.group_size} 人")
        conflicts = conflicts_for(task, pool, frame_units)
        draw.params, draw.params_sha256 = params, engine.params_sha256(params)
        draw.frame_file = storage.save_text(draw, "frame.csv", frame.data)
        draw.frame_sha256, draw.frame_count = frame_sha, len(frame)
        draw.strata_counts = dict(sorted(frame.counts().items()))
        _store_excluded(draw, excluded)
        _store_pools(draw, task, pool, conflicts)
        draw.status, draw.committed_at, draw.committed_by = Draw.Status.COMMITTED, timezone.now(), _user(actor)
        draw.save()
        publicity.publish_draw_notice(actor=actor, draw=draw)
        _event(
            actor,
            draw,
            "draw_committed",
            f"公告承诺：抽样框 {draw.frame_count} 户，哈希 {frame_sha[:16]}…",
            {
                "frame_sha256": frame_sha,
                "params_sha256": draw.params_sha256,
                "strata": draw.strata_counts,
                "excluded": draw.excluded_summary,
                "inspector_pool_sha256": draw.inspector_pool_sha256,
                "conflicts_sha256": draw.conflicts_sha256,
            },
        )
    return draw


def _store_excluded(draw: Draw, excluded: list[Excluded]) -> None:
    lines = ["id,reason,detail"] + [
        f"{e.frame_id},{e.reason},{e.detail.replace(',', '，')}" for e in sorted(excluded, key=lambda e: e.frame_id)
    ]
    draw.excluded_file = storage.save_text(draw, "excluded.csv", "\n".join(lines) + "\n")
    draw.excluded_count = len(excluded)
    summary: dict[str, int] = {}
    for entry in excluded:
        summary[entry.reason] = summary.get(entry.reason, 0) + 1
    draw.excluded_summary = summary


def _store_pools(draw: Draw, task: Task, pool: list[Any], conflicts: set[tuple[str, str]]) -> None:
    draw.inspector_pool = [i.certificate_no for i in pool]
    draw.inspector_pool_sha256 = engine.list_sha256(draw.inspector_pool)
    storage.save_text(draw, "inspectors.csv", engine.inspectors_text(draw.inspector_pool))
    draw.partner_pools = dict(draw.params.get("department_pools", {}))
    conflict_text = engine.conflicts_text(conflicts)
    draw.conflicts_file = storage.save_text(draw, "conflicts.csv", conflict_text)
    draw.conflicts_count, draw.conflicts_sha256 = len(conflicts), engine.text_sha256(conflict_text)


def reveal_draw(*, actor: Any, draw: Draw, seed_inputs: dict[str, str], witnesses: list[dict[str, str]]) -> Draw:
    """揭晓: enter the public random inputs; the engine runs once, with its acceptance checks. A second reveal,
    or a reveal before the commitment, is refused; the row lock makes two simultaneous reveals produce one result."""
    inputs = _clean_seed_inputs(seed_inputs)
    people = [w for w in witnesses if (w.get("name") or "").strip()]
    if not people:
        raise DrawError("请至少登记一名见证人（纪检监察、公证、企业代表等）")
    with transaction.atomic():
        draw = _locked(draw)
        if draw.status == Draw.Status.PREPARED:
            raise DrawError("尚未公告承诺，不能揭晓：请先完成承诺（冻结抽样框与参数）")
        if draw.status != Draw.Status.COMMITTED:
            raise DrawError(f"摇号已{draw.get_status_display()}，不能再次揭晓（摇号结果不得重摇）")
        result, chunks = engine.run(draw, inputs)
        draw.seed_inputs, draw.witnesses = inputs, people
        draw.seed_string, draw.seed_sha256 = result["seed_string"], result["seed_sha256"]
        draw.checks = result.get("checks", {})
        draw.result_file = storage.save_text(draw, "result.json", "".join(chunks) + "\n")
        draw.result_sha256 = result["result_sha256"]
        draw.status, draw.revealed_at, draw.revealed_by = Draw.Status.REVEALED, timezone.now(), _user(actor)
        draw.save()
        materialize.targets_and_groups(draw, result)
        _event(
            actor,
            draw,
            "draw_revealed",
            f"揭晓：种子哈希 {draw.seed_sha256[:16]}…，抽中 {len(result['targets'])} 户",
            {
                "seed_inputs": inputs,
                "witnesses": people,
                "seed_sha256": draw.seed_sha256,
                "result_sha256": draw.result_sha256,
            },
        )
    return draw


def _clean_seed_inputs(seed_inputs: dict[str, str]) -> dict[str, str]:
    inputs = {}
    for field in DEFAULT_SEED_FIELDS[3:]:
        value = re.sub(r"\s+", "", str(seed_inputs.get(field, "")))
        pattern, message = SEED_FORMATS.get(field, (re.compile(r"^\S+$"), f"{field} 不能为空"))
        if not pattern.match(value):
            raise DrawError(message)
        inputs[field] = value
    return inputs


def confirm_draw(*, actor: Any, draw: Draw, as_role: str) -> Draw:
    """确认: the 法制室 coordinator and a 局领导 confirm (two different people); then the result is final."""
    if as_role not in ("coordinator", "leader"):
        raise DrawError("确认身份应为法制室或局领导")
    with transaction.atomic():
        draw = _locked(draw)
        if draw.status != Draw.Status.REVEALED:
            raise DrawError(f"摇号{draw.get_status_display()}，不能确认")
        other = draw.leader_confirmed_by_id if as_role == "coordinator" else draw.coordinator_confirmed_by_id
        if other is not None and other == getattr(actor, "pk", None):
            raise DrawError("法制室确认与局领导确认须由不同人员完成")
        now = timezone.now()
        if as_role == "coordinator":
            draw.coordinator_confirmed_by, draw.coordinator_confirmed_at = _user(actor), now
        else:
            draw.leader_confirmed_by, draw.leader_confirmed_at = _user(actor), now
        if draw.coordinator_confirmed_at and draw.leader_confirmed_at:
            draw.status, draw.confirmed_at = Draw.Status.CONFIRMED, now
            Task.objects.filter(pk=draw.task_id).update(status=Task.Status.DRAWN)
            materialize.assign_directed(draw)
        draw.save()
        if draw.status == Draw.Status.CONFIRMED:
            publicity.publish_draw_result(actor=actor, draw=draw, result=engine.current_result(draw))
        _event(
            actor,
            draw,
            "draw_confirmed",
            "确认摇号结果（" + ("法制室" if as_role == "coordinator" else "局领导") + "）",
            {"final": draw.status == Draw.Status.CONFIRMED},
        )
    return draw


def cancel_draw(*, actor: Any, draw: Draw, reason: str) -> Draw:
    """作废: a draw that failed before confirmation stays on record; the task can commit a new draw."""
    if not reason.strip():
        raise DrawError("请填写作废原因")
    with transaction.atomic():
        draw = _locked(draw)
        if draw.status in (Draw.Status.CONFIRMED, Draw.Status.CANCELLED):
            raise DrawError(f"摇号已{draw.get_status_display()}，不能作废")
        draw.status, draw.cancelled_at, draw.cancelled_by, draw.cancel_reason = (
            Draw.Status.CANCELLED,
            timezone.now(),
            _user(actor),
            reason,
        )
        draw.save()
        materialize.clear(draw)
        _event(actor, draw, "draw_cancelled", f"作废摇号 {draw.draw_id}", {"reason": reason})
    return draw


def frame_units(draw: Draw) -> dict[str, int]:
    """Frame id → unit id of the units in a committed frame (lowest id wins, as when the frame was built)."""
    return unit_ids_by_code(draw.task.bureau_id, engine.committed_frame(draw).ids())
