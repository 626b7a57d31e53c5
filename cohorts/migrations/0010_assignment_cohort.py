import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_cohorts(apps, schema_editor):
    """Each assignment takes its application's cohort."""
    Application = apps.get_model("cohorts", "Application")
    ReviewAssignment = apps.get_model("cohorts", "ReviewAssignment")
    ReviewAssignment.objects.update(
        cohort_id=Subquery(Application.objects.filter(pk=OuterRef("application_id")).values("cohort_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0009_assignment_review_submitted"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewassignment",
            name="cohort",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cohorts.cohort",
                verbose_name="cohort",
            ),
        ),
        migrations.RunPython(copy_cohorts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reviewassignment",
            name="cohort",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cohorts.cohort",
                verbose_name="cohort",
            ),
        ),
    ]
