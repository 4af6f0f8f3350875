"""One filter definition for the inspector list page, the API and the page export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet

from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.inspectors.models import Inspector

EXPIRY_WARNING_DAYS = 30
ELIGIBILITY_CHOICES = [
    ("eligible", "可参与抽取"),
    ("ineligible", "不可参与抽取"),
    ("expiring", f"执法证{EXPIRY_WARNING_DAYS}天内到期"),
    ("expired", "执法证已过期"),
]


def eligible_q(on: dt.date) -> Q:
    """The eligibility rule of domain.inspectors as a query: 在岗 and the certificate valid on `on`."""
    return Q(status=Inspector.Status.ON_DUTY, certificate_valid_until__gte=on)


@dataclass
class InspectorFilter:
    q: str = ""
    bureau: str = ""
    status: str = ""
    department: str = ""
    eligibility: str = ""
    expertise: str = ""

    @classmethod
    def from_params(cls, params: Any) -> InspectorFilter:
        return cls(**{f.name: str(params.get(f.name, "") or "").strip()[:100] for f in fields(cls)})

    def apply(
        self, queryset: QuerySet[Inspector], bureau_ids_by_code: dict[str, int], on: dt.date
    ) -> QuerySet[Inspector]:
        qs = queryset
        if self.bureau:
            qs = qs.filter(bureau_id=bureau_ids_by_code.get(self.bureau, 0))
        if self.q:
            qs = qs.filter(Q(name__contains=self.q) | Q(certificate_no__startswith=self.q.upper()) | Q(staff_no=self.q))
        if self.status:
            qs = qs.filter(status=self.status) if self.status in vocab.STATUSES else qs.none()
        if self.department:
            qs = qs.filter(department_id=int(self.department)) if self.department.isdigit() else qs.none()
        if self.expertise:
            qs = qs.filter(expertise__contains=f"|{self.expertise}|")
        return self._eligibility(qs, on)

    def _eligibility(self, qs: QuerySet[Inspector], on: dt.date) -> QuerySet[Inspector]:
        soon = on + dt.timedelta(days=EXPIRY_WARNING_DAYS)
        if self.eligibility == "eligible":
            return qs.filter(eligible_q(on))
        if self.eligibility == "ineligible":
            return qs.exclude(eligible_q(on))
        if self.eligibility == "expiring":
            return qs.filter(certificate_valid_until__gte=on, certificate_valid_until__lte=soon)
        if self.eligibility == "expired":
            return qs.filter(certificate_valid_until__lt=on)
        return qs

    @property
    def is_active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))
