"""全过程记录 / 实时调阅: everything that happened to a unit, an inspection, a draw or a document, read from the audit
chain — events on the object itself, on the objects that belong to it (a unit's targets and inspections, an
inspection's evidence, signatures and reviews, a draw's task and targets, documents about any of them), and events
whose data names it ("app_label.model:pk" anywhere in the data, or a "<model>_id" key). Scoped to the viewer's
bureaus."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Model, Q, TextField
from django.db.models.functions import Cast

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.documents.models import Document
from shuangsuiji.documents.selectors import owning_bureau_id
from shuangsuiji.inspections.models import Evidence, Inspection, Review, Signature
from shuangsuiji.organisations.selectors import visible_bureau_ids
from shuangsuiji.tasks.models import Target

Ref = tuple[str, str]
LIMIT = 1000


def _refs(model: type[Model], ids: Any) -> list[Ref]:
    label = model._meta.label_lower
    return [(label, str(pk)) for pk in ids]


def _inspection_refs(inspection_ids: Any) -> list[Ref]:
    return (
        _refs(Inspection, inspection_ids)
        + _refs(Evidence, Evidence.objects.filter(inspection_id__in=inspection_ids).values_list("pk", flat=True))
        + _refs(Signature, Signature.objects.filter(inspection_id__in=inspection_ids).values_list("pk", flat=True))
        + _refs(Review, Review.objects.filter(inspection_id__in=inspection_ids).values_list("pk", flat=True))
    )


def _belonging(obj: Model) -> list[Ref]:
    """The object and the objects whose history is part of its history."""
    label = obj._meta.label_lower
    if label == "directory.unit":
        targets = list(Target.objects.filter(unit_id=obj.pk).values_list("pk", flat=True))
        inspections = list(Inspection.objects.filter(unit_id=obj.pk).values_list("pk", flat=True))
        return [(label, str(obj.pk)), *_refs(Target, targets), *_inspection_refs(inspections)]
    if label == "inspections.inspection":
        chain = [obj.pk, *list(Inspection.objects.filter(recheck_of_id=obj.pk).values_list("pk", flat=True))]
        return _inspection_refs(chain)
    if label == "tasks.draw":
        draw: Any = obj
        drawn = Target.objects.filter(draw_id=draw.pk).values_list("pk", flat=True)
        return [(label, str(obj.pk)), ("tasks.task", str(draw.task_id)), *_refs(Target, drawn)]
    if label == "documents.document":
        return [(label, str(obj.pk)), *_refs(Document, _versions(obj))]
    return [(label, str(obj.pk))]


def _versions(document: Any) -> list[int]:
    """Every issue of the same document (the chain of re-issues)."""
    same = Document.objects.filter(
        bureau_id=document.bureau_id, kind=document.kind, object_type=document.object_type, object_id=document.object_id
    )
    return list(same.values_list("pk", flat=True))


def related_refs(obj: Model) -> list[Ref]:
    """What belongs to obj, plus the documents issued about any of it."""
    refs = _belonging(obj)
    if obj._meta.label_lower != "documents.document":
        grouped = _grouped(refs)
        about = Q()
        for object_type, ids in grouped.items():
            about |= Q(object_type=object_type, object_id__in=ids)
        refs += _refs(Document, Document.objects.filter(about).values_list("pk", flat=True))
    return refs


def _grouped(refs: list[Ref]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for object_type, object_id in refs:
        grouped[object_type].append(object_id)
    return grouped


def timeline_events(user: Any, obj: Model) -> list[AuditEvent]:
    """The events about obj the user may see, in the order they happened (at most LIMIT, newest kept)."""
    bureaus = visible_bureau_ids(user)
    if not bureaus:
        return []
    condition = Q()
    for object_type, ids in _grouped(related_refs(obj)).items():
        condition |= Q(object_type=object_type, object_id__in=ids)
    label = obj._meta.label_lower
    mentions = Q(data_text__contains=f'"{label}:{obj.pk}"') | Q(**{f"data__{obj._meta.model_name}_id": obj.pk})
    own_bureau = owning_bureau_id(obj)
    if own_bureau is not None:
        mentions &= Q(bureau_id=own_bureau)
    events = (
        AuditEvent.objects.filter(bureau_id__in=bureaus)
        .annotate(data_text=Cast("data", TextField()))
        .filter(condition | mentions)
        .select_related("bureau")
        .order_by("-at", "-id")[:LIMIT]
    )
    return list(reversed(list(events)))
