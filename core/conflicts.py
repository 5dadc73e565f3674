"""When a save meets a record that another transaction is still changing.

Writers never wait on each other's unrelated writes (versioned_cache.py), but two
changes of the same record do: PostgreSQL holds the second until the first commits, and
gives up after the role's lock timeout (3 s). The admin then says so in words and keeps
what the person typed, instead of an error page. Long writes (imports, bulk deletions)
and admin saves name themselves to PostgreSQL (`announce`), in the session's
application name, which the message reads back from pg_stat_activity: "an import of
1,000 projects by edgar, since 14:02".
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _

LOCK_NOT_AVAILABLE = "55P03"
DEADLOCK_DETECTED = "40P01"
PREFIX = "portal: "
NAME_LENGTH = 63  # PostgreSQL keeps this much of an application name


def is_conflict(error: BaseException) -> bool:
    """Whether a database error is a lock that another transaction held too long."""
    return isinstance(error, OperationalError) and getattr(error.__cause__, "pgcode", None) in {
        LOCK_NOT_AVAILABLE,
        DEADLOCK_DETECTED,
    }


def announce(what: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Name the write under way ("an import of 1,000 projects by edgar") to the editors
    it may hold up, until its transaction ends."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('application_name', %s, true)", [(PREFIX + what)[:NAME_LENGTH]])


def running_writes(using: str = DEFAULT_DB_ALIAS) -> list[tuple[str, datetime.datetime]]:
    """The announced writes of other sessions that are still under way, oldest first."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT substr(application_name, %s), xact_start FROM pg_stat_activity"
            " WHERE application_name LIKE %s AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            " ORDER BY xact_start",
            [len(PREFIX) + 1, PREFIX + "%"],
        )
        return cursor.fetchall()


def conflict_message(record: str) -> str:
    """What to tell the person whose change of `record` met another one."""
    writes = running_writes()
    if not writes:
        return _(
            "This %(record)s is being changed by someone else right now. Nothing was saved: try again in a minute."
        ) % {"record": record}
    what, since = writes[0]
    return _(
        "This %(record)s is being changed by %(what)s, still running since %(since)s. "
        "Nothing was saved: try again in a minute."
    ) % {"record": record, "what": what, "since": formats.time_format(timezone.localtime(since), "H:i")}


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
        announce(_("%(user)s saving “%(record)s”") % {"user": request.user.get_username(), "record": obj})
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        what = _("%(user)s deleting %(records)s") % {
            "user": request.user.get_username(),
            "records": self.opts.verbose_name_plural,
        }
        announce(what)
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
