"""Sources and citations (core) join the records of the Viewers (view) and the Editors
(add, change, delete, view): editors cite as they edit."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["source", "citation"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="core", content_type__model__in=MODELS)
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.add(*permissions.filter(codename__startswith="view_"))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="core", content_type__model__in=MODELS)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Viewers", "Editors"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0004_theme_names_in_french_and_spanish"),
        ("partnerships", "0003_roles"),
        ("core", "0002_sources_and_citations"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
