from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What both apps use: partial dates, the versioned cache, the history admin,
    the seed's upsert, paginators. It imports neither app."""

    name = "core"

    def ready(self):
        post_migrate.connect(install_version_triggers, sender=self)
        post_migrate.connect(install_deletion_indexes, sender=self)
        name_links()


def name_links() -> None:
    """Django's own tables linking two records (a many-to-many field's) are named
    "Project_countries object (33)" in the admin's delete confirmations and history:
    name each link by its two records instead ("Lanterns for Somalia – Somalia")."""
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                ends = (field.m2m_field_name(), field.m2m_reverse_field_name())
                through.__str__ = lambda link, ends=ends: " – ".join(str(getattr(link, end)) for end in ends)


def install_version_triggers(using: str, **kwargs) -> None:
    """After every migrate: the data-version triggers declared in versioned_cache.py."""
    from . import versioned_cache

    versioned_cache.install_version_triggers(using)


def install_deletion_indexes(using: str, **kwargs) -> None:
    """After every migrate: the indexes of deleted records (history.py)."""
    from . import history

    history.install_deletion_indexes(using)
