"""Creates one group per program role. Program staff may grant roles in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["applicant", "staff", "reviewer", "mentor", "partner", "council_member"]

STAFF_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("auth", "view_group"),
    ("companies", "view_company"),
    ("companies", "change_company"),
    ("companies", "add_company"),
    ("companies", "view_capabilityprofile"),
    ("companies", "change_capabilityprofile"),
    ("companies", "view_membership"),
    ("companies", "add_membership"),
    ("companies", "change_membership"),
    ("companies", "delete_membership"),
    ("companies", "view_invitation"),
    ("companies", "view_readinessanswer"),
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    staff = Group.objects.get(name="staff")
    for app_label, codename in STAFF_PERMISSIONS:
        staff.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("companies", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
