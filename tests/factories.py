"""factory_boy factories for the models tests need most."""

from __future__ import annotations

import datetime as dt
import random

import factory

from shuangsuiji.demo.generator import make_uscc
from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.imports.units import UNIT_FIELDS, fingerprint
from shuangsuiji.inspectors.models import Inspector

_rng = random.Random(7)


def valid_uscc(county: str = "140522", individual: bool = False) -> str:
    return make_uscc(_rng, county, individual)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    bureau = None
    uscc = factory.LazyAttribute(lambda o: valid_uscc(o.bureau.code if o.bureau.level == "county" else "140522"))
    name = factory.Sequence(lambda n: f"阳城测试{n}有限公司")
    region_code = factory.LazyAttribute(lambda o: f"{o.bureau.code}100001")
    industry_code = "1311"
    industry_section = "C"
    industry_division = "13"
    size_class = "S"
    scale_category = "IND"
    risk_class = "B"
    status = "OPERATING"
    entered_on = factory.LazyFunction(dt.date.today)

    @factory.post_generation
    def set_hash(obj: Unit, create: bool, extracted: object, **kwargs: object) -> None:
        obj.row_hash = fingerprint(obj.bureau_id, tuple(getattr(obj, k) for k in UNIT_FIELDS))
        if create:
            obj.save(update_fields=["row_hash"])


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    bureau = None
    name = factory.Sequence(lambda n: f"检查员{n}")
    sex = "M"
    certificate_no = factory.Sequence(lambda n: f"1405220{n:05d}")
    certificate_valid_until = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=365))
    status = Inspector.Status.ON_DUTY


def published_item(bureau: object, code: str = "1", name: str = "统计调查对象执行统计法情况") -> object:
    """A published item with a 3% ratio and 1–2 checks a year (the province list's first item)."""
    import datetime as dt
    from decimal import Decimal

    from shuangsuiji.catalog.models import InspectionItem, ItemVersion

    base = InspectionItem.objects.create(bureau=bureau, code=code, status="published")
    version = ItemVersion.objects.create(
        item=base,
        number=1,
        name=name,
        legal_basis="《统计法》",
        inspecting_bodies="统计局",
        object_type="统计调查对象",
        ratio_min_percent=Decimal(3),
        ratio_max_percent=Decimal(3),
        frequency_min=1,
        frequency_max=2,
        method="现场检查",
        content="1.依法提供统计资料情况",
        published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    base.current_version = version
    base.save()
    return version


def county_units(bureau: object, count: int = 120) -> list[object]:
    """Units over four risk classes and two 四上 categories; every 15th is cancelled (excluded from frames)."""
    return [
        UnitFactory(
            bureau=bureau,
            risk_class="ABCD"[i % 4],
            scale_category=["IND", "RET"][i % 2],
            status="OPERATING" if i % 15 else "CANCELLED",
        )
        for i in range(count)
    ]


def county_inspectors(bureau: object, count: int = 7) -> list[object]:
    return [InspectorFactory(bureau=bureau, certificate_no=f"14052200{i:03d}", name=f"检查员{i}") for i in range(count)]
