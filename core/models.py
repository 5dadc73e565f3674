"""The shared code's one model."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A counter that database triggers raise on every write to the records that pages
    show (declared in versioned_cache.py). Cached values are keyed by it, so a cached
    value is never older than the data: any committed change makes a new key."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        db_table = "partnerships_dataversion"  # where it was made, in the partnerships app
        constraints = [models.CheckConstraint(condition=Q(id=1), name="partnerships_dataversion_single_row")]

    def __str__(self):
        return f"data version {self.version}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.values_list("version", flat=True).get(pk=1)
