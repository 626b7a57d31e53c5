"""Program staff grant program roles, and nothing else: they lose the general right to change
accounts (which let them make anyone, themselves included, a superuser)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def narrow_staff_permissions(apps, schema_editor):
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _created = Group.objects.get_or_create(name="staff")
    staff.permissions.remove(*Permission.objects.filter(content_type__app_label="accounts", codename="change_user"))
    staff.permissions.add(Permission.objects.get(content_type__app_label="accounts", codename="grant_program_roles"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": [("grant_program_roles", "Can grant program roles")],
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
        ),
        migrations.RunPython(narrow_staff_permissions, migrations.RunPython.noop),
    ]
