"""The three acts of 一公开 on any record: publish (with a masked snapshot), withdraw (撤下, with a reason and
a record of when) and correct (更正: a new publication pointing to the old one, shown as a correction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.publicity.models import PortalState, Publication


def bump_portal() -> None:
    """Invalidate every cached portal page (all processes read the counter)."""
    state, _ = PortalState.objects.get_or_create(pk=1)
    PortalState.objects.filter(pk=state.pk).update(version=models.F("version") + 1)


class PublicityError(Exception):
    """A publication act that is not allowed; the message is for the user."""


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _codes(codes: Iterable[str]) -> str:
    unique = sorted({c for c in codes if c})
    return "|" + "|".join(unique) + "|" if unique else ""


def publish(
    *,
    actor: Any,
    bureau: Any,
    kind: str,
    subject_type: str,
    subject_id: str,
    title: str,
    payload: dict[str, Any],
    unit_codes: Iterable[str] = (),
    expires_on: dt.date | None = None,
) -> Publication:
    """Publish one record (once per subject; a changed record is published as a correction)."""
    try:
        with transaction.atomic():
            publication = Publication(
                bureau=bureau,
                kind=kind,
                subject_type=subject_type,
                subject_id=subject_id,
                title=title[:300],
                payload=payload,
                unit_codes=_codes(unit_codes),
                published_at=timezone.now(),
                published_by=_user(actor),
                expires_on=expires_on,
            )
            publication.full_clean(validate_constraints=False)
            publication.save()
            bump_portal()
            record_event(
                actor=actor,
                bureau_id=bureau.pk,
                action="publicity.published",
                obj=publication,
                summary=f"公开：{publication.title}",
                data={"kind": kind, "subject": f"{subject_type}:{subject_id}"},
            )
    except IntegrityError:
        raise PublicityError(f"“{title}”已经公开；如内容有误请更正") from None
    return publication


def withdraw(*, actor: Any, publication: Publication, reason: str) -> Publication:
    """撤下: the portal shows that the record was withdrawn, when and why — not its content."""
    if not reason.strip():
        raise PublicityError("请填写撤下原因")
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.withdrawn_at is not None:
            raise PublicityError("该信息已撤下")
        publication.withdrawn_at, publication.withdrawn_by = timezone.now(), _user(actor)
        publication.withdraw_reason = reason
        publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        bump_portal()
        record_event(
            actor=actor,
            bureau_id=publication.bureau_id,
            action="publicity.withdrawn",
            obj=publication,
            summary=f"撤下：{publication.title}",
            data={"reason": reason},
        )
    return publication


def correct(
    *,
    actor: Any,
    publication: Publication,
    payload: dict[str, Any],
    note: str,
    title: str = "",
    unit_codes: Iterable[str] = (),
    expires_on: dt.date | None = None,
) -> Publication:
    """更正: a new publication that replaces the live one; both stay visible, the new one marked as a correction
    (with a new end of its publicity term when given, e.g. an extended credit listing)."""
    if not note.strip():
        raise PublicityError("请填写更正说明")
    with transaction.atomic():
        old = Publication.objects.select_for_update().get(pk=publication.pk)
        if not old.is_live:
            raise PublicityError("只能更正当前有效的公开信息")
        old.superseded_at = timezone.now()
        old.save(update_fields=["superseded_at"])
        new = Publication.objects.create(
            bureau_id=old.bureau_id,
            kind=old.kind,
            subject_type=old.subject_type,
            subject_id=old.subject_id,
            title=title or old.title,
            payload=payload,
            unit_codes=_codes(unit_codes) or old.unit_codes,
            published_at=timezone.now(),
            published_by=_user(actor),
            corrects=old,
            correction_note=note,
            expires_on=expires_on or old.expires_on,
        )
        bump_portal()
        record_event(
            actor=actor,
            bureau_id=old.bureau_id,
            action="publicity.corrected",
            obj=new,
            summary=f"更正：{new.title}",
            data={"note": note, "corrects": old.pk},
        )
    return new
