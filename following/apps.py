from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    """What staff follow: saved searches of the lists, followed records and searches,
    and the notifications and digests that tell of their changes. It uses partnerships
    and gmg; nothing uses it."""

    name = "following"
    verbose_name = _("Following")

    def ready(self):
        from .middleware import tell_followers

        post_migrate.connect(install_change_triggers, sender=self)
        request_finished.connect(tell_followers, dispatch_uid="following.tell_followers")


def install_change_triggers(using: str, **kwargs) -> None:
    """After every migrate: the triggers that queue history rows for followers (changes.py)."""
    from . import changes

    changes.install_change_triggers(using)
