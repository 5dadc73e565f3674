"""The shared code's models: the data version, and the sources that records cite."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DataVersion(models.Model):
    """One slot of the data version, which database triggers raise on every write to the
    records that pages show (declared in versioned_cache.py). The version is the sum of
    the slots; each writing transaction raises one slot that no other transaction holds,
    so that writers never wait on each other (see versioned_cache.py for why a cached
    value is never older than the data)."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"data version slot {self.pk}: {self.version}"

    @classmethod
    def current(cls) -> int:
        """The data version: what the transactions committed so far have added."""
        return cls.objects.aggregate(version=models.Sum("version", default=0))["version"]


class Source(models.Model):
    """A document facts are taken from: a web page, a report, a letter. The portal keeps
    its text when it has it (the seed's partner pages), so that a cited passage can be
    shown highlighted in it; otherwise the URL or a file reference says where it is."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    reference = models.CharField(
        _("file reference"), max_length=300, blank=True, help_text=_("Where a copy is filed, when it has no URL.")
    )
    published = models.DateField(_("published"), null=True, blank=True)
    retrieved = models.DateField(_("retrieved"), null=True, blank=True, help_text=_("For a web page: as retrieved on."))
    text = models.TextField(_("text"), blank=True, help_text=_("The document's text, when the portal keeps it."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("source", args=[self.slug])


class CitationQuerySet(models.QuerySet):
    def of(self, record: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))


class Citation(models.Model):
    """A fact of a record (a project's dates, a contribution's amount, a quote...) and
    the passage of a source, verbatim, that supports it."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    passage = models.TextField(_("passage"), help_text=_("The words of the source, verbatim, that support the fact."))

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        indexes = [
            # WHERE content_type_id = %s AND object_id = %s: a record's citations
            models.Index(fields=["content_type", "object_id"], name="core_citation_record"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(passage=""),
                name="core_citation_has_passage",
                violation_error_message=_("Paste the passage of the source that supports the fact."),
            ),
        ]

    def __str__(self):
        return f"{self.source}: “{self.passage[:60]}”"


class PendingImport(models.Model):
    """A previewed import file waiting for its uploader to confirm it (import_admin.py):
    named only by a random token, and only to the user who uploaded it."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100)  # the admin it was uploaded to, as "app_label.model_name"
    binary = models.BooleanField()  # XLSX, else CSV
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.file_name


class RunningDownload(models.Model):
    """A download under way (downloads.py: one_at_a_time): one per person, so that a large
    export never holds the portal up for others. A row older than STALE_AFTER is left over
    from a worker that was stopped, and no longer counts."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    path = models.CharField(max_length=300)
    started = models.DateTimeField()

    def __str__(self):
        return f"{self.user_id}: {self.path}"
