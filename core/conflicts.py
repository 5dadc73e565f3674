"""When a save meets a record that another transaction is still changing.

Writers never wait on each other's unrelated writes (versioned_cache.py), but two
changes of the same record do: PostgreSQL holds the second until the first commits, and
gives up after the role's lock timeout (3 s). The admin then says so in words and keeps
what the person typed, instead of an error page.

Long writes (imports, bulk deletions, a rebuild of the facet tables) and admin saves
name themselves to PostgreSQL (`announce`) in the session's application name, which any
session of the portal's role reads back from pg_stat_activity, so that the message can
say what holds the record: "an import of 1,000 projects by edgar, since 14:02". The name
holds codes and ids only (PostgreSQL keeps 63 ASCII characters), put in words by the
reader, in the reader's language.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOCK_NOT_AVAILABLE = "55P03"
DEADLOCK_DETECTED = "40P01"
PREFIX = "portal:"


def is_conflict(error: BaseException) -> bool:
    """Whether a database error is a lock that another transaction held too long."""
    return isinstance(error, OperationalError) and getattr(error.__cause__, "pgcode", None) in {
        LOCK_NOT_AVAILABLE,
        DEADLOCK_DETECTED,
    }


@dataclass(frozen=True)
class Write:
    """A write under way: what it does (SAVE, DELETE, IMPORT, REBUILD), to which model,
    how many records (or, for a save, which one), and whose it is."""

    SAVE, DELETE, IMPORT, REBUILD = "save", "delete", "import", "rebuild"

    kind: str
    model: str = ""  # "app_label.model_name"
    number: int = 0  # records deleted or imported; the key of the record saved
    user: int = 0

    def encoded(self) -> str:
        return f"{PREFIX}{self.kind}:{self.model}:{self.number}:{self.user}"

    @classmethod
    def decoded(cls, name: str) -> "Write | None":
        parts = name.removeprefix(PREFIX).split(":")
        if len(parts) != 4 or not all(part.isascii() for part in parts):
            return None
        kind, model, number, user = parts
        return cls(kind, model, int(number) if number.isdigit() else 0, int(user) if user.isdigit() else 0)

    def __str__(self):
        user = get_user_model().objects.filter(pk=self.user).first()
        who = user.get_username() if user else _("someone")
        try:
            opts = apps.get_model(self.model)._meta
        except (LookupError, ValueError):
            return _("a rebuild of the lists' tables") if self.kind == self.REBUILD else _("another change")
        if self.kind == self.SAVE:
            record = opts.model._default_manager.filter(pk=self.number).first()
            return _("%(user)s saving “%(record)s”") % {"user": who, "record": record or opts.verbose_name}
        records = opts.verbose_name if self.number == 1 else opts.verbose_name_plural
        values = {"n": formats.number_format(self.number, force_grouping=True), "records": records, "user": who}
        if self.kind == self.IMPORT:
            return (
                ngettext(
                    "an import of %(n)s %(records)s by %(user)s",
                    "an import of %(n)s %(records)s by %(user)s",
                    self.number,
                )
                % values
            )
        return (
            ngettext(
                "a deletion of %(n)s %(records)s by %(user)s",
                "a deletion of %(n)s %(records)s by %(user)s",
                self.number,
            )
            % values
        )


def announce(write: Write, using: str = DEFAULT_DB_ALIAS) -> None:
    """Name the write under way to the editors it may hold up, until its transaction ends."""
    connection = connections[using]
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('application_name', %s, true)", [write.encoded()])


def running_writes(using: str = DEFAULT_DB_ALIAS) -> list[tuple[Write, datetime.datetime]]:
    """The announced writes of other sessions that are still under way, oldest first."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT application_name, xact_start FROM pg_stat_activity"
            " WHERE application_name LIKE %s AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            " ORDER BY xact_start",
            [PREFIX + "%"],
        )
        found = [(Write.decoded(name), since) for name, since in cursor.fetchall()]
    return [(write, since) for write, since in found if write is not None]


def conflict_message(record: str) -> str:
    """What to tell the person whose change of a `record` (a model's name) met another one."""
    writes = running_writes()
    if not writes:
        return _(
            "This %(record)s is being changed by someone else right now. Nothing was saved: try again in a minute."
        ) % {"record": record}
    write, since = writes[0]
    return _(
        "This %(record)s is being changed by %(write)s, still running since %(since)s. "
        "Nothing was saved: try again in a minute."
    ) % {"record": record, "write": write, "since": formats.time_format(timezone.localtime(since), "H:i")}


class ConflictsInWords:
    """Admin: a save, deletion, revert or bulk action that meets a record another
    transaction holds gets a message in words, never an error page. A form keeps what
    was typed."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OperationalError as error:
            if not is_conflict(error):
                raise
            # The transaction was rolled back; show the form again, bound, with the message.
            request.save_conflict = conflict_message(self.opts.verbose_name)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        message = getattr(request, "save_conflict", None)
        if message is None:
            return form

        class Conflicted(form):
            def clean(self):
                super().clean()
                raise ValidationError(message)

        return Conflicted

    def save_model(self, request, obj, form, change):
        announce(Write(Write.SAVE, self.opts.label_lower, obj.pk or 0, request.user.pk))
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            announce(Write(Write.DELETE, self.opts.label_lower, queryset.count(), request.user.pk), queryset.db)
            super().delete_queryset(request, queryset)

    def _in_words(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OperationalError as error:
            if not is_conflict(error):
                raise
            self.message_user(request, conflict_message(self.opts.verbose_name), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        return self._in_words(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._in_words(request, super().changelist_view, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._in_words(request, super().history_form_view, object_id, version_id, extra_context)
