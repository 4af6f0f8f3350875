"""询问笔录 during 调查取证: a person questioned by two of the case's handlers, who showed their 执法证 and told
the person of their rights (统计法 Art 38 (三), 实施条例 Art 36); the 问/答 text as recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.cases.models import Case, Interview
from shuangsuiji.cases.services.common import CaseError, S, _event, _expect, _locked, _require_handler
from shuangsuiji.domain.transcripts import TranscriptError, parse_transcript


def _check(
    case: Case,
    *,
    person: str,
    person_role: str,
    asker: Any,
    recorder: Any,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    place: str,
    transcript: str,
    ids_shown: bool,
) -> dict[str, str]:
    errors = {}
    if not person.strip():
        errors["person"] = "请填写被询问人姓名"
    if not person_role.strip():
        errors["person_role"] = "请填写被询问人的工作单位及职务（与当事人的关系）"
    handlers = {h.pk for h in case.handlers.all()}
    if asker is None or asker.pk not in handlers:
        errors["asker"] = "询问人须为本案承办人"
    if recorder is None or recorder.pk not in handlers:
        errors["recorder"] = "记录人须为本案承办人"
    elif asker is not None and asker.pk == recorder.pk:
        errors["recorder"] = "询问须由两名执法人员进行：记录人不能与询问人为同一人"
    if started_at > timezone.now():
        errors["started_at"] = "询问开始时间不能晚于现在"
    elif case.opened_on and timezone.localtime(started_at).date() < case.opened_on:
        errors["started_at"] = f"询问开始时间不能早于立案日期（{case.opened_on}）"
    if ended_at <= started_at:
        errors["ended_at"] = "询问结束时间须晚于开始时间"
    if not place.strip():
        errors["place"] = "请填写询问地点"
    if not ids_shown:
        errors["ids_shown"] = "询问前须出示执法证件，并告知被询问人权利义务"
    try:
        parse_transcript(transcript)
    except TranscriptError as exc:
        errors["transcript"] = str(exc)
    return errors


def record_interview(
    *,
    actor: Any,
    case: Case,
    person: str,
    person_role: str,
    asker: Any,
    recorder: Any,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    place: str,
    transcript: str,
    ids_shown: bool,
) -> Interview:
    """One 询问笔录, recorded while the case is under investigation."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATING)
        errors = _check(
            case,
            person=person,
            person_role=person_role,
            asker=asker,
            recorder=recorder,
            started_at=started_at,
            ended_at=ended_at,
            place=place,
            transcript=transcript,
            ids_shown=ids_shown,
        )
        if errors:
            raise CaseError.of(errors)
        item = Interview(
            case=case,
            person=person.strip(),
            person_role=person_role.strip(),
            asker=asker,
            recorder=recorder,
            started_at=started_at,
            ended_at=ended_at,
            place=place.strip(),
            transcript=transcript.strip(),
            recorded_by=actor,
        )
        item.full_clean()
        item.save()
        _event(
            actor,
            case,
            "interviewed",
            f"询问笔录：{item.person}，询问人 {asker.name}、记录人 {recorder.name}",
            {"interview": item.pk},
        )
    return item
