"""Demo inspections of the demo draw, through the services as the inspectors would do them on their phones:
most results published, some awaiting review or publication, one returned, one with a rectification order and
its re-check under way, one unit found deregistered (reserve substitution requested), and zhifa's own group
with work still to do."""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from shuangsuiji.accounts.models import User
from shuangsuiji.accounts.services import create_user
from shuangsuiji.core.roles import Role
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.inspections.selectors import checkpoints_for
from shuangsuiji.inspections.services.records import member_inspectors
from shuangsuiji.inspectors.services.inspectors import link_user
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.tasks.models import Draw, Target

Echo = Callable[[str], None]


def _png(text: str, seed: int) -> bytes:
    """A hand-drawn looking squiggle, as a phone signature pad would produce."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    x, y = 40, 120
    for _ in range(len(text) * 6):
        nx, ny = x + rng.randint(8, 22), max(40, min(170, y + rng.randint(-45, 45)))
        pen.line([(x, y), (nx, ny)], fill=(20, 20, 20, 255), width=4)
        x, y = nx, ny
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _photo(seed: int) -> ContentFile[bytes]:
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randint(150, 220), rng.randint(150, 220), rng.randint(150, 220)))
    pen = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        pen.rectangle([x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)], outline=(60, 60, 60), width=3)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return ContentFile(out.getvalue(), name="photo.jpg")


def _inspector_users(county: Bureau, draw: Draw) -> None:
    """Every drawn inspector gets a login (most bureaus give each 执法人员 one); zhifa is linked already."""
    for group in draw.groups.all():
        for member in group.members.select_related("inspector"):
            inspector = member.inspector
            if inspector is None or inspector.user_id:
                continue
            username = f"zf{inspector.certificate_no[-6:]}"
            user = User.objects.filter(username=username).first() or create_user(
                actor=None,
                username=username,
                password=secrets.token_urlsafe(24),  # they log in after an administrator resets it
                bureau=county,
                roles=[Role.INSPECTOR],
                display_name=inspector.name,
                check_password=False,
            )
            link_user(actor=None, inspector=inspector, user=user)


def _answers(inspection: Inspection, problem: bool) -> dict[str, dict[str, str]]:
    answers = {}
    for n, point in enumerate(checkpoints_for(inspection)):
        if point.answer_type == "yes_no":
            value = "否" if problem and n == 0 and point.problem_when_no else "是"
        elif point.answer_type == "choice":
            value = point.choices[0] if point.choices else ""
        elif point.answer_type == "number":
            value = str(10 + n)
        elif point.answer_type == "text":
            value = "已核对原始记录"
        else:
            continue
        answers[str(point.pk)] = {"answer": value, "note": ""}
    return answers


def _fill(inspection: Inspection, actor: Any, day: dt.date, outcomes: list[str], **extra: Any) -> Inspection:
    problem = any(o in ("corrected", "pending", "uncooperative") for o in outcomes)
    data = {
        "methods": ["onsite", "records"],
        "inspected_on": day.isoformat(),
        "place": inspection.unit.address or "企业办公场所",
        "answers": _answers(inspection, problem),
        "findings": "经查，该单位统计台账不完整，部分原始记录缺失。" if problem else "",
        "outcomes": outcomes,
        "unit_response": "acknowledged",
        "unit_signer": inspection.unit.contact_person or "企业负责人",
        **extra,
    }
    inspection = svc.save_record(actor=actor, inspection=inspection, data=data)
    svc.add_evidence(
        actor=actor, inspection=inspection, upload=_photo(inspection.pk), name="现场照片.jpg", note="统计台账"
    )
    for n, inspector in enumerate(member_inspectors(inspection)):
        svc.sign(
            actor=actor, inspection=inspection, image=_png(inspector.name, n), role="inspector", inspector=inspector
        )
    svc.sign(actor=actor, inspection=inspection, image=_png("unit", 9), role="unit", signer_name=data["unit_signer"])
    return inspection


def load_demo_inspections(county: Bureau, echo: Echo) -> None:
    draw = Draw.objects.filter(task__bureau=county, status=Draw.Status.CONFIRMED).order_by("pk").first()
    if draw is None or Inspection.objects.filter(task=draw.task).exists():
        return
    coordinator = User.objects.get(username="fazhi")
    _inspector_users(county, draw)
    today = timezone.localdate()
    targets = list(
        Target.objects.filter(draw=draw, state=Target.State.ACTIVE, kind=Target.Kind.RANDOM)
        .select_related("unit")
        .order_by("ticket_order")
    )
    zhifa = User.objects.get(username="zhifa")
    mine = [t for t in targets if any(zhifa.inspector.pk == i.pk for i in _members(t))]
    others = [t for t in targets if t not in mine]
    published, states = [], {"published": 0, "accepted": 0, "submitted": 0, "returned": 0}
    for n, target in enumerate(others[:24]):
        actor = _members(target)[0].user
        inspection = svc.open_inspection(actor=actor, target=target)
        day = today  # the draw was confirmed today: every visit is on or after it
        if n == 5:
            inspection = _fill(inspection, actor, day, ["deregistered"])
            svc.submit(actor=actor, inspection=inspection)
            continue
        if n == 7:
            due = today + dt.timedelta(days=20)
            extra = {"follow_up": "rectify", "rectification_due": due.isoformat(), "follow_up_note": "补齐统计台账"}
            inspection = _fill(inspection, actor, day, ["pending"], **extra)
        elif n % 6 == 3:
            inspection = _fill(inspection, actor, day, ["corrected"])
        else:
            inspection = _fill(inspection, actor, day, ["no_problem"])
        svc.submit(actor=actor, inspection=inspection)
        if n == 20:
            svc.review(
                actor=coordinator, inspection=inspection, accept=False, reason="检查发现记录不完整，请补充台账照片"
            )
            states["returned"] += 1
            continue
        if n >= 21:
            states["submitted"] += 1
            continue
        svc.review(actor=coordinator, inspection=inspection, accept=True)
        if n >= 18:
            states["accepted"] += 1
            continue
        svc.hand_over(actor=coordinator, inspection=inspection)
        published.append(inspection)
    states["published"] = svc.publish_results(actor=coordinator, inspections=published)
    rectified = Inspection.objects.filter(task=draw.task, follow_up="rectify").first()
    if rectified:
        svc.start_recheck(actor=_members(rectified.target)[0].user, inspection=rectified)
    if mine:
        first = svc.open_inspection(actor=zhifa, target=mine[0])
        svc.save_record(
            actor=zhifa,
            inspection=first,
            data={"methods": ["onsite"], "inspected_on": today.isoformat(), "place": first.unit.address},
        )
    echo(
        "inspections: {published} published, {accepted} accepted, {submitted} awaiting review, "
        "{returned} returned, 1 out of scope, 1 re-check; zhifa has {mine} targets".format(**states, mine=len(mine))
    )


def _members(target: Target) -> list[Any]:
    inspection = Inspection(target=target, group=target.assignments.first().group)  # type: ignore[union-attr]
    return member_inspectors(inspection)
