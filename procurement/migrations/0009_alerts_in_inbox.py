"""Alerts sent before procurement alerts reached the shared inbox become inbox items too,
named by the same key the alert service uses, read if the alert was read."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

BATCH = 2000


def alerts_to_inbox(apps, schema_editor):
    Alert = apps.get_model("procurement", "Alert")
    InboxItem = apps.get_model("matchmaking", "InboxItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Alert.objects.exists():
        return
    opportunity_type, _created = ContentType.objects.get_or_create(app_label="procurement", model="opportunity")
    alerts = Alert.objects.select_related("saved_search").order_by("pk")
    items = []
    for alert in alerts.iterator(chunk_size=BATCH):
        items.append(
            InboxItem(
                user_id=alert.user_id,
                kind=alert.kind,
                subject_type=opportunity_type,
                subject_id=alert.opportunity_id,
                key=f"procurement:{alert.kind}:{alert.opportunity_id}",
                payload={"saved_search": alert.saved_search.name} if alert.saved_search else {},
                read_at=alert.read_at,
            )
        )
        if len(items) >= BATCH:
            InboxItem.objects.bulk_create(items, ignore_conflicts=True)
            items = []
    InboxItem.objects.bulk_create(items, ignore_conflicts=True)
    # Received when the alert was, not when this ran.
    alert_time = Alert.objects.filter(
        user_id=OuterRef("user_id"), opportunity_id=OuterRef("subject_id"), kind=OuterRef("kind")
    ).values("created_at")[:1]
    InboxItem.objects.filter(subject_type=opportunity_type, key__startswith="procurement:").update(
        created_at=Subquery(alert_time)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0008_search_vector"),
        ("matchmaking", "0005_inbox_subjects"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(alerts_to_inbox, migrations.RunPython.noop)]
