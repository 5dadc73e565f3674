"""Turning changes into notifications, and following.

Two ways in, so that every way of writing data counts:
- history rows (the admin, imports, the API, commands, SQL that keeps history) queue
  themselves by a trigger (changes.py); `tell_changes` takes the committed ones and tells
  the followers of each record they touch, and of each followed search they match;
- new records are found from the data itself: a followed search remembers the highest id
  of its list it has told of, and `tell_new_matches` asks the search for records above it
  (a batch loaded without history is found too).
"""

from collections import defaultdict
from itertools import groupby

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gmg.models import GroupName
from partnerships.models import Organisation, Project, Quote

from . import changes, searches
from .changes import Event
from .models import Change, Delivery, Follow, Notification, SavedSearch, Subscriber

BATCH = 2000  # changes taken in one transaction
MANY = 20  # more records than this for one followed search in one run: one notification says how many
INSERT_BATCH = 1000  # notifications written by one statement
RECORDS = {"partner": Organisation, "project": Project, "quote": Quote}
LIST_KIND = {
    SavedSearch.List.PROJECTS: "project",
    SavedSearch.List.PARTNERS: "partner",
    SavedSearch.List.QUOTES: "quote",
}


def collect(*, limit: int | None = None, scan: bool = True) -> int:
    """Tell every follower of what changed since the last run; how many notifications were
    made (one already told is not told again).
    `limit`: at most this many changes (the rest stays queued); `scan`: also look for new
    matches of every followed search and end the follows of what is gone."""
    told = 0
    while True:
        with transaction.atomic():
            events = changes.take(min(limit or BATCH, BATCH))
            told += tell_changes(events)
        if not events or limit:
            break
    if scan:
        told += tell_new_matches(Follow.objects.all())
        told += end_lost_follows(Follow.objects.all())
    return told


# Following


def title_of(kind: str, record_id: int | None = None, search: SavedSearch | None = None) -> str:
    if kind == Follow.Kind.GMG:
        return str(GroupName.objects.on(timezone.localdate()).first() or _("Global Migration Group"))
    if kind == Follow.Kind.SEARCH:
        return search.name
    return str(RECORDS[kind].objects.get(pk=record_id))


@transaction.atomic
def follow(*, user, kind: str, record_id: int | None = None, search: SavedSearch | None = None, language) -> Follow:
    """`user` follows the record or search (again: nothing changes). A user's first follow
    makes them a subscriber: a daily digest if they have an email address, the portal
    only otherwise; the first notification says how to change that."""
    subscriber, new = Subscriber.objects.get_or_create(
        user=user, defaults={"delivery": Delivery.DAILY if user.email else Delivery.PORTAL, "language": language}
    )
    if new:
        Notification.objects.create(
            user=user, key="welcome", kind=Notification.Kind.WELCOME, about="", at=timezone.now(),
            delivery=subscriber.delivery, url=reverse("following:following"),
        )  # fmt: skip
    seen_up_to = None
    if kind == Follow.Kind.SEARCH:
        seen_up_to = searches.latest_id(search)
    followed, _ = Follow.objects.get_or_create(
        user=user,
        kind=kind,
        record_id=record_id,
        search=search,
        defaults={"title": title_of(kind, record_id, search)[:300], "seen_up_to": seen_up_to},
    )
    return followed


def pages_of(follows: list[Follow]) -> dict[int, str]:
    """Where each follow's record or search opens (one query a kind of record)."""
    records = {kind: _urls(kind, {f.record_id for f in follows if f.kind == kind}) for kind in ("partner", "project")}
    pages = {}
    for followed in follows:
        if followed.kind == Follow.Kind.GMG:
            pages[followed.pk] = reverse("gmg:on")
        elif followed.kind == Follow.Kind.SEARCH:
            pages[followed.pk] = searches.list_url(followed.search) if followed.search else ""
        else:
            pages[followed.pk] = records[followed.kind].get(followed.record_id, "")
    return pages


def unfollow(*, user, kind: str, record_id: int | None = None, search: SavedSearch | None = None) -> int:
    return Follow.objects.filter(user=user, kind=kind, record_id=record_id, search=search).delete()[0]


def delivery_of(follow: Follow) -> str:
    subscriber = getattr(follow.user, "subscriber", None)
    return follow.delivery or (subscriber.delivery if subscriber else Delivery.PORTAL)


# Telling


def tell_changes(events: list[Event]) -> int:
    notes = _record_notes(events) + _search_notes(events)
    return len(Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=INSERT_BATCH))


def _urls(kind: str, ids) -> dict[int, str]:
    """The portal's page of each record (a quote's is its project's, else its partner's)."""
    if kind == "quote":
        quotes = Quote.objects.filter(pk__in=ids).select_related("project", "organisation")
        return {quote.pk: _page(quote.project or quote.organisation) for quote in quotes}
    return {record.pk: record.get_absolute_url() for record in RECORDS[kind].objects.filter(pk__in=ids)}


def _page(record) -> str:
    return record.get_absolute_url() if record else ""


def _note(follow: Follow, event: Event, *, kind: str, key: str, url: str, record: str | None = None) -> Notification:
    row = event.row
    return Notification(
        user_id=follow.user_id,
        follow=follow,
        key=key[:120],
        kind=kind,
        about=follow.title[:300],
        record=(record or follow.title)[:300],
        subject_model=event.model._meta.label_lower,
        subject=event.name[:300],
        url=url,
        changes=event.changes if kind == Notification.Kind.CHANGED else [],
        by_id=row.history_user_id,
        at=row.history_date,
        delivery=delivery_of(follow),
    )


def _record_notes(events: list[Event]) -> list[Notification]:
    touched = {target for event in events for target in event.touched}
    wanted = Q(pk__in=[])
    for kind in (Follow.Kind.PARTNER, Follow.Kind.PROJECT):
        ids = {record_id for k, record_id in touched if k == kind}
        if ids:
            wanted |= Q(kind=kind, record_id__in=ids)
    if any(kind == "gmg" for kind, _ in touched):
        wanted |= Q(kind=Follow.Kind.GMG)
    followers = defaultdict(list)
    for followed in Follow.objects.filter(wanted).select_related("user__subscriber"):
        followers[(followed.kind, followed.record_id)].append(followed)
    if not followers:
        return []
    urls = {kind: _urls(kind, {i for k, i in followers if k == kind}) for kind in ("partner", "project")}
    urls["gmg"] = {None: reverse("gmg:on")}
    notes, ended = [], []
    for event in events:
        for kind, record_id in event.touched:
            for followed in followers.get((kind, record_id), []):
                if followed.user_id == event.row.history_user_id:
                    continue  # nobody is told of their own changes
                gone = event.kind == Notification.Kind.DELETED and event.is_own(kind)
                notes.append(
                    _note(
                        followed, event, kind=event.kind, key=f"{event.key}:{kind}:{record_id}",
                        url="" if gone else urls[kind].get(record_id, ""),
                    )
                )  # fmt: skip
                if gone:
                    ended.append(followed)
    for note in notes:
        if note.follow in ended:
            note.follow = None
    Follow.objects.filter(pk__in=[followed.pk for followed in ended]).delete()
    return notes


def _search_notes(events: list[Event]) -> list[Notification]:
    """Changes to records that match a followed search (new records are told by
    tell_new_matches, from the data). Each distinct search is asked once, however many
    follow it."""
    touched = defaultdict(set)
    for event in events:
        for kind, record_id in event.touched:
            own_added = event.kind == Notification.Kind.ADDED and event.is_own(kind)
            if not own_added and event.kind != Notification.Kind.DELETED:
                touched[kind].add(record_id)
    lists = [name for name, kind in LIST_KIND.items() if touched[kind]]
    notes = []
    followed = _search_follows(Follow.objects.filter(search__list__in=lists))
    for (list_name, _query), follows in _by_search(followed).items():
        kind = LIST_KIND[list_name]
        rows = searches.matching(searches.filterset_of(follows[0].search)).filter(pk__in=touched[kind])
        matched = set(rows.values_list("pk", flat=True))
        if not matched:
            continue
        hits = [
            (event, record_id)
            for event in events
            for k, record_id in event.touched
            if k == kind and record_id in matched
        ]
        if len({record_id for _event, record_id in hits}) > MANY:
            notes += [note for followed in follows if (note := _changes_note(followed, hits))]
            continue
        urls, names = _urls(kind, matched), RECORDS[kind].objects.in_bulk(matched)
        for event, record_id in hits:
            for followed in follows:
                if _tells(followed, event, record_id):
                    notes.append(
                        _note(
                            followed, event, kind=Notification.Kind.CHANGED, key=f"{event.key}:{kind}:{record_id}",
                            url=urls.get(record_id, ""), record=str(names.get(record_id, "")),
                        )
                    )  # fmt: skip
    return notes


def _tells(followed: Follow, event: Event, record_id: int) -> bool:
    """Whether a search's follower hears of this change to a record it matches: not their
    own change, nor a record new to them (told as a new match by tell_new_matches)."""
    return followed.user_id != event.row.history_user_id and record_id <= (followed.seen_up_to or 0)


def _changes_note(followed: Follow, hits: list[tuple[Event, int]]) -> Notification | None:
    """Many records of a followed search changed at once: one notification says how many."""
    told = [(event, record_id) for event, record_id in hits if _tells(followed, event, record_id)]
    if not told:
        return None
    return Notification(
        user_id=followed.user_id, follow=followed, key=f"changes:{followed.pk}:{told[0][0].key}",
        kind=Notification.Kind.CHANGES, about=followed.search.name, url=searches.list_url(followed.search),
        count=len({record_id for _event, record_id in told}), at=max(event.row.history_date for event, _ in told),
        delivery=delivery_of(followed),
    )  # fmt: skip


def _search_follows(follows):
    return follows.filter(kind=Follow.Kind.SEARCH, search__isnull=False).select_related("search", "user__subscriber")


def _by_search(follows) -> dict[tuple[str, str], list[Follow]]:
    """Follows of saved searches, by the list and query they ask."""
    grouped = defaultdict(list)
    for followed in follows:
        grouped[(followed.search.list, followed.search.query)].append(followed)
    return grouped


def tell_new_matches(follows) -> int:
    """For each followed search: the records of its list added since it last looked
    (ids above its mark) that it matches. One notification a record, or one for all when
    there are many; then the mark moves up to the newest record. Each distinct search and
    mark is asked once, however many follow it; follows another run holds are skipped."""
    told = 0
    for name, list_kind in searches.LISTS.items():
        latest = list_kind.model.objects.aggregate(latest=Max("pk"))["latest"] or 0
        with transaction.atomic():
            lagging = _search_follows(follows.filter(search__list=name, seen_up_to__lt=latest))
            lagging = list(lagging.select_for_update(skip_locked=True, of=("self",)))
            notes = []
            for group in _by_search(lagging).values():
                for seen_up_to, same_mark in groupby(sorted(group, key=_mark), key=_mark):
                    notes += _new_match_notes(seen_up_to, latest, list(same_mark))
            Follow.objects.filter(pk__in=[followed.pk for followed in lagging]).update(seen_up_to=latest)
            told += len(Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=INSERT_BATCH))
    return told


def _mark(followed: Follow) -> int:
    return followed.seen_up_to or 0


def _new_match_notes(seen_up_to: int, latest: int, follows: list[Follow]) -> list[Notification]:
    search = follows[0].search
    kind = LIST_KIND[search.list]
    new = searches.matching(searches.filterset_of(search)).filter(pk__gt=seen_up_to, pk__lte=latest)
    ids = list(new.order_by("pk").values_list("pk", flat=True)[: MANY + 1])
    if not ids:
        return []
    now = timezone.now()
    if len(ids) > MANY:
        count = new.count()
        return [
            Notification(
                user_id=f.user_id, follow=f, key=f"new:{f.pk}:{seen_up_to}:{latest}", kind=Notification.Kind.MATCHES,
                about=f.search.name, url=searches.list_url(f.search), count=count, at=now, delivery=delivery_of(f),
            )
            for f in follows
        ]  # fmt: skip
    records = RECORDS[kind].objects.in_bulk(ids)
    urls = _urls(kind, ids)
    return [
        Notification(
            user_id=f.user_id, follow=f, key=f"new:{kind}:{record_id}", kind=Notification.Kind.MATCHED,
            about=f.search.name, subject_model=RECORDS[kind]._meta.label_lower, record=str(records[record_id])[:300],
            url=urls.get(record_id, ""), at=now, delivery=delivery_of(f),
        )
        for f in follows
        for record_id in ids
        if record_id in records
    ]  # fmt: skip


def _ended(followed: Follow) -> Notification:
    return Notification(
        user_id=followed.user_id, key=f"ended:{followed.pk}", kind=Notification.Kind.ENDED, about=followed.title,
        record=followed.title, at=timezone.now(), delivery=delivery_of(followed),
    )  # fmt: skip


def end_lost_follows(follows) -> int:
    """End the follows of what is gone or no longer visible to the follower: a record
    deleted without history, a saved search deleted or no longer shared with them."""
    lost = list(
        follows.filter(
            Q(kind=Follow.Kind.SEARCH, search__isnull=True)
            | Q(kind=Follow.Kind.SEARCH, search__shared=False) & ~Q(search__owner=F("user"))
        ).select_related("user__subscriber")
    )
    for kind in ("partner", "project"):
        gone = ~Exists(RECORDS[kind].objects.filter(pk=OuterRef("record_id")))
        lost += list(follows.filter(gone, kind=kind).select_related("user__subscriber"))
    if not lost:
        return 0
    notes = [_ended(followed) for followed in lost]
    with transaction.atomic():
        Follow.objects.filter(pk__in=[followed.pk for followed in lost]).delete()
        return len(Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=INSERT_BATCH))


def catch_up(user) -> None:
    """Before showing `user` their notifications: tell the changes still queued (a
    batch of them; a long import's rest follows on the next look or run) and the new
    matches of the user's own followed searches."""
    if Change.objects.exists():
        collect(limit=BATCH, scan=False)
    mine = Follow.objects.filter(user=user)
    tell_new_matches(mine)
    end_lost_follows(mine)
