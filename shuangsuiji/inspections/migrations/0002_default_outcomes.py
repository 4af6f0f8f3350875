from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from shuangsuiji.domain.outcomes import OUTCOMES

    category = apps.get_model("inspections", "OutcomeCategory")
    for order, o in enumerate(OUTCOMES):
        category.objects.update_or_create(
            bureau=None,
            code=o.code,
            defaults={
                "label": o.label,
                "is_problem": o.is_problem,
                "needs_follow_up": o.needs_follow_up,
                "out_of_scope": o.out_of_scope,
                "credit_no_problem": o.credit_no_problem,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
