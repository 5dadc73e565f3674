from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        post_migrate.connect(install_triggers, sender=self)


def install_triggers(using: str, **kwargs) -> None:
    """After every migrate: the database triggers declared in code (versioned_cache.py,
    facet_tables.py)."""
    from . import facet_tables
    from .versioned_cache import install_version_triggers

    install_version_triggers(using)
    facet_tables.install(using)
