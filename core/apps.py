from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What both apps use: partial dates, the versioned cache, the history admin,
    the seed's upsert, paginators. It imports neither app."""

    name = "core"

    def ready(self):
        post_migrate.connect(install_version_triggers, sender=self)
        post_migrate.connect(install_deletion_indexes, sender=self)


def install_version_triggers(using: str, **kwargs) -> None:
    """After every migrate: the data-version triggers declared in versioned_cache.py."""
    from . import versioned_cache

    versioned_cache.install_version_triggers(using)


def install_deletion_indexes(using: str, **kwargs) -> None:
    """After every migrate: the indexes of deleted records (history.py)."""
    from . import history

    history.install_deletion_indexes(using)
