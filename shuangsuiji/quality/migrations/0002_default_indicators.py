"""Seed the default indicators: 营业收入, 工业总产值, 利润总额, 从业人员期末人数, 应付职工薪酬."""

from django.db import migrations

ALL = "IND,CON,WHS,RET,ACC,CAT,RE,SVC"
DEFAULTS = [
    # code, name, unit, cumulative, money, negative, categories
    ("revenue", "营业收入", "万元", True, True, False, ALL),
    ("output", "工业总产值", "万元", True, True, False, "IND"),
    ("profit", "利润总额", "万元", True, True, True, ALL),
    ("employees", "从业人员期末人数", "人", False, False, False, ALL),
    ("wages", "应付职工薪酬", "万元", True, True, False, ALL),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    indicator = apps.get_model("quality", "Indicator")
    for order, (code, name, unit, cumulative, money, negative, categories) in enumerate(DEFAULTS):
        indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "is_cumulative": cumulative,
                "is_money": money,
                "allows_negative": negative,
                "categories": categories,
                "department_name": "专业股",
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
