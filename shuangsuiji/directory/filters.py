"""One filter definition for the unit list page, the API and exports."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet

from shuangsuiji.directory.models import Unit
from shuangsuiji.domain import units as vocab


@dataclass
class UnitFilter:
    q: str = ""
    bureau: str = ""
    scale_category: str = ""
    risk_class: str = ""
    size_class: str = ""
    status: str = ""
    section: str = ""
    region: str = ""
    tag: str = ""
    growth_band: str = ""
    in_directory: str = "1"

    @classmethod
    def from_params(cls, params: Any) -> UnitFilter:
        values = {f.name: str(params.get(f.name, "") or "").strip()[:100] for f in fields(cls)}
        if "in_directory" not in params:
            values["in_directory"] = "1"
        return cls(**values)

    def apply(self, queryset: QuerySet[Unit], bureau_ids_by_code: dict[str, int]) -> QuerySet[Unit]:
        qs = queryset
        if self.bureau and self.bureau in bureau_ids_by_code:
            qs = qs.filter(bureau_id=bureau_ids_by_code[self.bureau])
        elif self.bureau:
            qs = qs.none()
        if self.q:
            text = self.q
            if text.isalnum() and text.isascii():
                qs = qs.filter(Q(uscc__startswith=text.upper()) | Q(name__contains=text))
            else:
                qs = qs.filter(name__contains=text)
        if self.scale_category:
            qs = qs.filter(scale_category="" if self.scale_category == "NONE" else self.scale_category)
        for name in ("risk_class", "size_class", "status", "growth_band"):
            value = getattr(self, name)
            if value:
                qs = qs.filter(**{name: value})
        if self.section:
            qs = qs.filter(industry_section=self.section.upper()[:1])
        if self.region and self.region.isdigit():
            qs = qs.filter(region_code__startswith=self.region)
            if self.region.isascii():
                # region codes are digits: the same rows as a range, which an index serves in any collation
                qs = qs.filter(region_code__gte=self.region)
                upper = str(int(self.region) + 1).zfill(len(self.region))
                if len(upper) == len(self.region):
                    qs = qs.filter(region_code__lt=upper)
        if self.tag:
            qs = qs.filter(tags__contains=f"|{self.tag}|")
        if self.in_directory in ("1", "0"):
            qs = qs.filter(is_in_directory=self.in_directory == "1")
        return qs

    @property
    def is_active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "in_directory")


CHOICES = {
    "scale_category": [("NONE" if k == "" else k, v) for k, v in vocab.SCALE_CATEGORIES.items()],
    "risk_class": list(vocab.RISK_CLASSES.items()),
    "size_class": list(vocab.SIZE_CLASSES.items()),
    "status": list(vocab.STATUSES.items()),
    "growth_band": list(vocab.GROWTH_BANDS.items()),
}
