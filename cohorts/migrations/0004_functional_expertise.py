"""Loads the functional expertise mentors declare, and the capability needs each answers."""

from django.db import migrations

# code, English, Japanese, capability needs it answers
FUNCTIONAL_EXPERTISE = [
    ("export-control", "Export control (ITAR/EAR)", "輸出管理（ITAR/EAR）", ("export-compliance",)),
    (
        "us-federal-procurement",
        "U.S. federal procurement (FAR/DFARS)",
        "米国連邦政府調達（FAR/DFARS）",
        ("us-market-access",),
    ),
    (
        "japan-government-procurement",
        "Japanese government procurement (全省庁統一資格)",
        "日本の政府調達（全省庁統一資格）",
        ("japan-market-access",),
    ),
    ("fundraising", "Fundraising", "資金調達", ("investment",)),
    (
        "manufacturing-scale-up",
        "Manufacturing scale-up and mass production",
        "製造スケールアップ・量産",
        ("precision-manufacturing", "smallsat-bus"),
    ),
    ("japan-space-activities-act", "Space regulation: Japan's Space Activities Act", "宇宙規制：宇宙活動法", ()),
    ("fcc-itu-licensing", "Space regulation: FCC/ITU licensing", "宇宙規制：FCC/ITU の周波数免許", ("rf-payloads",)),
    (
        "business-development-japan",
        "Business development in Japan",
        "日本での事業開発",
        ("japan-market-access", "sales-distribution"),
    ),
    (
        "business-development-us",
        "Business development in the U.S.",
        "米国での事業開発",
        ("us-market-access", "sales-distribution"),
    ),
]


def load(apps, schema_editor):
    FunctionalExpertise = apps.get_model("cohorts", "FunctionalExpertise")
    CapabilityTag = apps.get_model("companies", "CapabilityTag")
    for position, (code, name_en, name_ja, covers) in enumerate(FUNCTIONAL_EXPERTISE):
        term, _created = FunctionalExpertise.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_ja": name_ja, "position": position}
        )
        term.covers.set(CapabilityTag.objects.filter(code__in=covers))


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0003_mentoring"),
        ("companies", "0002_taxonomies"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
