from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        post_migrate.connect(install_triggers, sender=self)


def install_triggers(using: str, **kwargs) -> None:
    """After every migrate: the facet tables' triggers declared in facet_tables.py."""
    from . import facet_tables

    facet_tables.install(using)
