"""What a history row tells a follower: the change (added, changed, deleted; by whom,
when, field by field) and the followable records it touches. A contribution changed
touches its project and its partner; any GMG record touches the GMG."""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import connection, connections
from django.db.models import Model, OuterRef, Subquery

from .models import Change, Notification

# A model's history rows touch these records: (kind, the row's field naming its id).
# "self" is the row's own record. GMG models touch the GMG as a whole.
TOUCHES = {
    "partnerships.organisation": [("partner", "id")],
    "partnerships.project": [("project", "id")],
    "partnerships.participation": [("project", "project_id"), ("partner", "organisation_id")],
    "partnerships.figure": [("project", "project_id"), ("partner", "organisation_id")],
    "partnerships.quote": [("quote", "id"), ("project", "project_id"), ("partner", "organisation_id")],
    "partnerships.person": [("partner", "organisation_id")],
    "partnerships.award": [("project", "project_id")],
}
# Each followable kind's model: a change to one of these is a change to the record itself.
OWN_KIND = {"partnerships.organisation": "partner", "partnerships.project": "project", "partnerships.quote": "quote"}
HISTORY_KINDS = {"+": Notification.Kind.ADDED, "~": Notification.Kind.CHANGED, "-": Notification.Kind.DELETED}
NOT_TOLD = {"search_vector", "id"}  # fields no reader is told of


def history_models() -> dict[str, type[Model]]:
    """Each history table's model, for the models that keep history."""
    models = {}
    for model in apps.get_models():
        historical = getattr(getattr(model, "history", None), "model", None)
        if historical is not None:
            models[historical._meta.db_table] = historical
    return models


def touches(historical) -> list[tuple[str, str]]:
    label = historical.instance_type._meta.label_lower
    if historical.instance_type._meta.app_label == "gmg":
        return [("gmg", "")]
    return TOUCHES.get(label, [])


@dataclass
class Event:
    """One history row, as followers hear of it."""

    table: str
    row: Model  # the historical row
    kind: str  # a Notification.Kind
    touched: list[tuple[str, int | None]] = field(default_factory=list)
    previous: Model | None = None

    @property
    def model(self) -> type[Model]:
        return self.row.instance_type

    def is_own(self, kind: str) -> bool:
        """Whether the row is of the record of `kind` itself (not of its contribution, say)."""
        return OWN_KIND.get(self.model._meta.label_lower) == kind

    def ids(self, kind: str) -> list[int]:
        """The records of `kind` the row touches."""
        return [record_id for touched_kind, record_id in self.touched if touched_kind == kind]

    @property
    def key(self) -> str:
        return f"h:{self.table}:{self.row.history_id}"

    @cached_property
    def name(self) -> str:
        """What changed, as its page or the admin names it."""
        for attname in ("title", "name"):
            if getattr(self.row, attname, None):
                return getattr(self.row, attname)
        return str(self.row.instance)

    @cached_property
    def changes(self) -> list[list[str]]:
        """[field, old, new] for each field that changed, where the history has the row before."""
        if self.previous is None or self.kind != Notification.Kind.CHANGED:
            return []
        delta = self.row.diff_against(self.previous)
        told = []
        for change in delta.changes:
            if change.field in NOT_TOLD:
                continue
            told.append([change.field, _shown(change.old), _shown(change.new)])
        return told


def _shown(value) -> str:
    if isinstance(value, list):  # a many-to-many field: the linked ids
        return ", ".join(str(next(iter(link.values()))) if isinstance(link, dict) else str(link) for link in value)
    return "" if value is None else str(value)


def take(limit: int | None) -> list[Event]:
    """Take (delete) the oldest committed changes not yet told, at most `limit`, as events.
    Runs in the caller's transaction: if telling fails, the changes stay for next time."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Change._meta.db_table} WHERE id IN (SELECT id FROM {Change._meta.db_table}"
            f" ORDER BY id FOR UPDATE SKIP LOCKED {'LIMIT %s' if limit else ''})"
            " RETURNING history_table, history_id",
            [limit] if limit else [],
        )
        taken = cursor.fetchall()
    by_table: dict[str, list[int]] = {}
    for table, history_id in taken:
        by_table.setdefault(table, []).append(history_id)
    models = history_models()
    events = []
    for table, ids in by_table.items():
        historical = models.get(table)
        if historical is not None:
            events += _events(table, historical, ids)
    return sorted(events, key=lambda event: (event.row.history_date, event.row.history_id))


def _events(table: str, historical, ids: list[int]) -> list[Event]:
    pk = historical.instance_type._meta.pk.attname
    before = historical.objects.filter(**{pk: OuterRef(pk)}, history_id__lt=OuterRef("history_id"))
    rows = historical.objects.filter(history_id__in=ids).annotate(
        previous_id=Subquery(before.order_by("-history_id").values("history_id")[:1])
    )
    rows = list(rows.select_related("history_user"))
    previous = historical.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
    events = []
    for row in rows:
        event = Event(table, row, HISTORY_KINDS[row.history_type], previous=previous.get(row.previous_id))
        for kind, attname in touches(historical):
            record_id = getattr(row, attname) if attname else None
            if attname and record_id is None:
                continue
            event.touched.append((kind, record_id))
        events.append(event)
    return events


CHANGE_TRIGGER = """
CREATE OR REPLACE TRIGGER {table}_told AFTER INSERT ON {table}
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION following_change_told()
"""
CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION following_change_told() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nobody follows anything: nobody to tell.
  IF EXISTS (SELECT 1 FROM following_follow) THEN
    INSERT INTO following_change (history_table, history_id) SELECT TG_TABLE_NAME, history_id FROM new_rows;
  END IF;
  RETURN NULL;
END $$
"""


def install_change_triggers(using: str) -> None:
    """After every migrate: every history row, however written (the ORM, COPY, SQL),
    queues itself for the followers, in its writer's transaction."""
    tables = set(connections[using].introspection.table_names())
    if Change._meta.db_table not in tables:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(CHANGE_FUNCTION)
        for table in sorted(set(history_models()) & tables):
            cursor.execute(CHANGE_TRIGGER.format(table=table))
