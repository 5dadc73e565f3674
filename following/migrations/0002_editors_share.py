"""Editors (and admins, who have every permission) may share a saved search with all staff."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("following")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    share = Permission.objects.get(content_type__app_label="following", codename="share_savedsearch")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.add(share)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="following", codename="share_savedsearch").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("following", "0001_saved_searches"),
        ("partnerships", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
