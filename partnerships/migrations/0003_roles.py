"""The Viewers and Editors groups.

Viewers may log in and browse the portal; they get the view permissions but no admin
access (they are not staff). Editors are staff and may add, change and delete every
partnership and GMG record in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["partnerships", "gmg"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for label in APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(ours.filter(codename__startswith="view_"))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(ours)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Viewers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_countries"),
        ("gmg", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
