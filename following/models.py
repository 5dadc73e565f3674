from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# A saved query string holds at most this many characters (a list's whole state fits).
MAX_QUERY = 2000


class SavedSearchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own saved searches and those shared with all staff."""
        return self.filter(Q(owner=user) | Q(shared=True))


class SavedSearch(models.Model):
    """A list's filters under a name: the list and its query string (page aside). Its
    owner's, or shared with all staff by an editor."""

    class List(models.TextChoices):
        PROJECTS = "projects", _("Projects")
        PARTNERS = "partners", _("Partners")
        QUOTES = "quotes", _("Quotes")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=100)
    list = models.CharField(_("list"), max_length=20, choices=List.choices)
    query = models.CharField(_("filters"), max_length=MAX_QUERY, blank=True)
    shared = models.BooleanField(_("shared with all staff"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = [Lower("name"), "pk"]
        permissions = [("share_savedsearch", "Can share a saved search with all staff")]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="following_saved_search_name_once",
                violation_error_message=_("You already have a saved search with this name."),
            ),
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="following_saved_search_named"),
        ]
        indexes = [
            # WHERE owner_id = %s OR shared (the owner's by the unique constraint): the menu
            models.Index(fields=["shared"], condition=Q(shared=True), name="following_saved_shared"),
        ]

    def __str__(self):
        return self.name


class Opened(models.Model):
    """When a user last opened a saved search, and the highest id of the list's records
    then: the records that match now with a higher id are new to them since, whatever
    added them (the admin, an import, a command, plain SQL)."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="openings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    seen_up_to = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "saved searches opened"
        constraints = [models.UniqueConstraint(fields=["search", "user"], name="following_opened_once")]

    def __str__(self):
        return f"{self.search} by {self.user} at {self.at:%Y-%m-%d %H:%M}"


class Delivery(models.TextChoices):
    """How a user hears of their notifications, besides the portal's page."""

    PORTAL = "portal", _("In the portal only")
    DAILY = "daily", _("Daily email digest")
    WEEKLY = "weekly", _("Weekly email digest")


class Subscriber(models.Model):
    """A user who follows something: how they hear of it overall, in which language,
    and when their last digests went out."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriber")
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    daily_sent = models.DateTimeField(_("last daily digest"), null=True, blank=True)
    weekly_sent = models.DateTimeField(_("last weekly digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return str(self.user)


class Follow(models.Model):
    """A user following a record (a partner, a project, the GMG) or a saved search.
    A record is named by its kind and id, not a foreign key: when it is deleted the
    follow stays until the notification that ends it is written."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        PROJECT = "project", _("Project")
        GMG = "gmg", _("Global Migration Group")
        SEARCH = "search", _("Saved search")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    record_id = models.BigIntegerField(_("record"), null=True, blank=True)  # a partner's or a project's id
    search = models.ForeignKey(SavedSearch, on_delete=models.SET_NULL, null=True, blank=True, related_name="follows")
    title = models.CharField(_("title"), max_length=300)  # what it was called when followed
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, blank=True)  # "": overall
    created = models.DateTimeField(_("since"), auto_now_add=True)
    # A followed search: the highest id of its list's records already heard of.
    seen_up_to = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["kind", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                "user", "kind", "record_id", "search", nulls_distinct=False, name="following_follow_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["partner", "project"], record_id__isnull=False, search__isnull=True)
                | Q(kind="gmg", record_id__isnull=True, search__isnull=True)
                | Q(kind="search", record_id__isnull=True),
                name="following_follow_target",
            ),
        ]
        indexes = [models.Index(fields=["kind", "record_id"], name="following_follow_record")]

    def __str__(self):
        return f"{self.user} follows {self.title}"


class Notification(models.Model):
    """Something a user hears of: a change to what they follow, a new match of a search
    they follow, or the end of a follow. `changes` holds the fields, old and new, where
    the history has them; `key` names the event, so that no event is told twice."""

    class Kind(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        MATCHED = "matched", _("newly matches")
        MATCHES = "matches", _("new matches")
        CHANGES = "changes", _("changes to matches")
        ENDED = "ended", _("follow ended")
        WELCOME = "welcome", _("welcome")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    follow = models.ForeignKey(Follow, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    key = models.CharField(max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    about = models.CharField(_("about"), max_length=300)  # the followed record or search, as it was called
    record = models.CharField(_("record"), max_length=300, blank=True)  # the record changed (of a search's list)
    subject_model = models.CharField(max_length=100, blank=True)  # "partnerships.participation": what changed
    subject = models.CharField(_("what changed"), max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)  # a path on the portal
    changes = models.JSONField(default=list, blank=True)  # [[field, old, new], ...]
    count = models.PositiveIntegerField(default=1)  # MATCHES: how many records
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("when"))
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    read = models.DateTimeField(null=True, blank=True)
    emailed = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="following_notification_once")]
        indexes = [
            models.Index(fields=["user", "-at", "-id"], name="following_notification_list"),
            models.Index(fields=["user"], condition=Q(read__isnull=True), name="following_notification_unread"),
            models.Index(
                fields=["user"],
                condition=Q(emailed__isnull=True) & ~Q(delivery="portal"),
                name="following_notification_unsent",
            ),
        ]

    def __str__(self):
        return f"{self.about}: {self.get_kind_display()}"


class Change(models.Model):
    """A history row not yet turned into notifications: written by a trigger on every
    history table, in the writer's transaction, and taken (deleted) by the collector. Only
    committed rows are seen, so a long import's rows are taken when it commits."""

    history_table = models.CharField(max_length=100)
    history_id = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "changes not yet told"

    def __str__(self):
        return f"{self.history_table} {self.history_id}"
