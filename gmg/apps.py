from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GmgConfig(AppConfig):
    name = "gmg"
    verbose_name = _("Global Migration Group")
