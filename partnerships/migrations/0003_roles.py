"""The Viewers and Editors groups.

Viewers may log in and browse the portal; they get the view permissions but no admin
access (they are not staff). Editors are staff and may add, change and delete every
partnership and GMG record in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The records people keep; named, so that the groups are the same whatever other models
# (history, facet tables, pending imports) the migrations have made by now.
RECORDS = {
    "partnerships": [
        "award",
        "country",
        "crisis",
        "figure",
        "organisation",
        "participation",
        "person",
        "place",
        "project",
        "publication",
        "quote",
        "theme",
    ],
    "gmg": ["chairterm", "councilinteraction", "groupname", "membership", "workinggroup", "workinggrouplead"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for label in RECORDS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.none()
    for app_label, models in RECORDS.items():
        ours |= Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(ours.filter(codename__startswith="view_"))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(ours)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Viewers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_countries"),
        ("gmg", "0001_squashed_0004_translated_labels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
