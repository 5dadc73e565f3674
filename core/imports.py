"""All-or-nothing imports of a file's rows into a model, in bulk.

The rows (spreadsheets.py) are matched to the records they name by natural key, one
query for all of them; related records are named by their natural keys too, each
column resolved in one query. Each row is then checked like an admin form (the record's
`full_clean`), and uniqueness for the whole file at once. The writes go a batch of rows
at a time, not a row at a time: inserts, updates, links, history rows and citations are
a few statements per batch, and the database's triggers (facet rows, quality counts,
the data version) run once per statement.

The preview runs the very writes of the confirmation in a transaction that it rolls back,
so that the database's own rules (constraints, triggers) are checked too; the
confirmation runs them again and commits. A batch the database refuses is tried again
row by row, under savepoints, so that every error of every row is listed. Any error,
anywhere, and nothing is written.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, models, transaction
from django.utils.translation import gettext as _

from .conflicts import Write, announce
from .db import streaming_cursor
from .history import record_links, record_rows
from .models import Citation, Source
from .sources import find
from .spreadsheets import Table

SEPARATOR = ";"
BATCH = 1000
SOURCE, PASSAGE = "source", "passage"  # a row's citation: a source's slug and its words


@dataclass(frozen=True)
class Column:
    """A column of the file, named as the model field it sets. A relation names its
    records by `key` (their slug or code); a many-to-many field or an array holds a list
    separated by semicolons."""

    name: str
    key: str = ""


@dataclass(frozen=True)
class Spec:
    """What a file of `model` holds: its columns, the columns that name an existing record
    (`key`; "id" for a model without a natural key, an empty id adding a record), what to
    refresh after writing (the search text of the records written), and what the writes
    run inside (one that defers work to their end)."""

    model: type[models.Model]
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    after_write: Callable[[set], None] = lambda pks: None
    around_write: Callable[[], AbstractContextManager] = nullcontext  # what the writes run inside


class RowKind:
    NEW, UPDATE, SKIP, ERROR = "new", "update", "skip", "error"


@dataclass
class Row:
    number: int
    kind: str = RowKind.SKIP
    record: str = ""
    changes: list[tuple[str, str]] = field(default_factory=list)  # (column, value as written)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, or "" for the row; message)
    instance: models.Model | None = None
    links: dict[str, set] = field(default_factory=dict)  # many-to-many field: the keys it will hold
    citation: tuple[Source, str] | None = None
    key: str = ""  # the natural key it names, where that is one text ("sunrise-foundation")
    naming: dict[str, str] = field(default_factory=dict)  # field: the key of a record another row adds
    waits_for: dict[str, "Row"] = field(default_factory=dict)  # field: that row, written first


@dataclass
class Outcome:
    """What a file does, row by row; `problems` are the file's own (a missing column)."""

    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # columns that are not the model's

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or any(row.errors for row in self.rows)

    def count(self, kind: str) -> int:
        return sum(row.kind == kind for row in self.rows)

    @property
    def count_new(self) -> int:
        return self.count(RowKind.NEW)

    @property
    def count_update(self) -> int:
        return self.count(RowKind.UPDATE)

    @property
    def count_skip(self) -> int:
        return self.count(RowKind.SKIP)

    @property
    def invalid_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def written(self) -> int:
        return self.count(RowKind.NEW) + self.count(RowKind.UPDATE)


def run(spec: Spec, table: Table, user, *, commit: bool, reason: str = "") -> Outcome:
    """Check every row and write them all, in one transaction; roll it back unless
    `commit` and every row is right (a preview never commits)."""
    with transaction.atomic():
        outcome = _Import(spec, table, user).outcome()
        if not outcome.problems:  # the rows without errors are written too: the database may refuse some
            announce(Write(Write.IMPORT, spec.model._meta.label_lower, outcome.written, user.pk))
            with spec.around_write():
                _Writer(spec, outcome, user, reason).write()
        if outcome.has_errors or not commit:
            transaction.set_rollback(True)
    return outcome


class _Import:
    """The rows of a file checked against the model and the records they name."""

    def __init__(self, spec: Spec, table: Table, user):
        self.spec, self.table, self.user = spec, table, user
        self.opts = spec.model._meta
        self.columns = [column for column in spec.columns if column.name in table.header]
        self.fields = {column.name: self.opts.get_field(column.name) for column in self.columns}

    def outcome(self) -> Outcome:
        outcome = Outcome(ignored=self._ignored())
        missing = [name for name in self.spec.key if name not in self.table.header]
        if missing:
            outcome.problems.append(
                _("The file has no “%(column)s” column: it names the records to add or change.")
                % {"column": missing[0]}
            )
            return outcome
        self.named = self._named_records()
        self.existing = self._existing()
        self.added = self._added()
        self.links = self._current_links()
        self.sources = {source.slug: source for source in Source.objects.filter(slug__in=self._cells(SOURCE))}
        outcome.rows = [self._row(number, cells) for number, cells in self.table.rows]
        self._connect(outcome.rows)
        self._check_uniqueness(outcome.rows)
        for row in outcome.rows:
            if row.errors:
                row.kind = RowKind.ERROR
        return outcome

    def _ignored(self) -> list[str]:
        known = {column.name for column in self.spec.columns} | {SOURCE, PASSAGE}
        return [name for name in self.table.header if name and name not in known]

    def _cells(self, name: str) -> set[str]:
        return {_text(cells.get(name)) for _number, cells in self.table.rows} - {""}

    # -- the records the file names --------------------------------------------------

    def _named_records(self) -> dict[str, dict[str, models.Model]]:
        """Each relation column's records, by the key the file names them with: one query
        per column for the whole file."""
        named = {}
        for column in self.columns:
            if not column.key:
                continue
            names = set()
            for _number, cells in self.table.rows:
                names |= set(_items(cells.get(column.name))) if self._many(column) else {_text(cells.get(column.name))}
            model = self.fields[column.name].related_model
            found = model._default_manager.filter(**{f"{column.key}__in": names - {""}})
            named[column.name] = {str(getattr(record, column.key)): record for record in found}
        return named

    def _key_of(self, cells: dict) -> tuple | None:
        """The natural key a row names (related records as their primary keys); None for a
        new record without one (an empty id) or a key naming an unknown record."""
        key = []
        for name in self.spec.key:
            text = _text(cells.get(name))
            column = next(column for column in self.columns if column.name == name)
            if column.key:
                record = self.named[name].get(text)
                if record is None:
                    return None
                key.append(record.pk)
            elif name == self.opts.pk.name:
                number = _whole(text)
                if number is None:
                    return None
                key.append(number)
            else:
                key.append(text)
        return tuple(key)

    def _existing(self) -> dict[tuple, models.Model]:
        """The records the rows name, by their key: one query."""
        keys = [key for _number, cells in self.table.rows if (key := self._key_of(cells)) is not None]
        if not keys:
            return {}
        attnames = [self.opts.get_field(name).attname for name in self.spec.key]
        condition = models.Q()
        for position, attname in enumerate(attnames):
            condition &= models.Q(**{f"{attname}__in": {key[position] for key in keys}})
        found = self.spec.model._default_manager.filter(condition)
        wanted = set(keys)
        return {
            key: record
            for record in found
            if (key := tuple(getattr(record, attname) for attname in attnames)) in wanted
        }

    def _added(self) -> set[str]:
        """The keys of the records the file adds, where a key is one text (a slug): other
        rows may name them (a country office and its new parent in one file)."""
        name = self.spec.key[0]
        if len(self.spec.key) > 1 or name == self.opts.pk.name or self.fields[name].is_relation:
            return set()
        return {
            _text(cells.get(name))
            for _number, cells in self.table.rows
            if (_text(cells.get(name)),) not in self.existing
        }

    def _connect(self, rows: list[Row]) -> None:
        """Each row that names a record another row adds waits for that row; rows that name
        each other round in a circle are refused."""
        adding = {row.key: row for row in rows if row.kind == RowKind.NEW and not row.errors}
        for row in rows:
            for name, key in row.naming.items():
                if key in adding:
                    row.waits_for[name] = adding[key]
                else:  # its own row was refused
                    row.errors.append((name, self._unknown(name, key)))
        for row in rows:
            seen, current = [row], row
            while current.waits_for:
                current = next(iter(current.waits_for.values()))
                if current is row:
                    numbers = ", ".join(str(each.number) for each in seen)
                    row.errors.append(("", _("Rows %(rows)s name each other, round in a circle.") % {"rows": numbers}))
                    break
                if current in seen:
                    break
                seen.append(current)

    def _unknown(self, name: str, key: str) -> str:
        model = self.opts.get_field(name).related_model._meta.verbose_name
        return _("There is no %(model)s “%(name)s”.") % {"model": model, "name": key}

    def _current_links(self) -> dict[str, dict]:
        """For each many-to-many column, the keys each existing record links to now."""
        links = {}
        pks = [record.pk for record in self.existing.values()]
        for column in self.columns:
            model_field = self.fields[column.name]
            if not model_field.many_to_many:
                continue
            through = model_field.remote_field.through
            own, other = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
            current = defaultdict(set)
            for pk, target in through.objects.filter(**{f"{own}__in": pks}).values_list(f"{own}_id", f"{other}_id"):
                current[pk].add(target)
            links[column.name] = current
        return links

    # -- one row -------------------------------------------------------------------

    def _many(self, column: Column) -> bool:
        model_field = self.fields[column.name]
        return model_field.many_to_many or isinstance(model_field, ArrayField)

    def _row(self, number: int, cells: dict) -> Row:
        row = Row(number, key=_text(cells.get(self.spec.key[0])))
        key = self._key_of(cells)
        original = self.existing.get(key) if key is not None else None
        if original is None and self.opts.pk.name in self.spec.key and _text(cells.get(self.opts.pk.name)):
            row.errors.append(
                (
                    self.opts.pk.name,
                    _("There is no %(record)s with this id: leave it empty to add one.")
                    % {"record": self.opts.verbose_name},
                )
            )
            return row
        instance = self.spec.model() if original is None else _copy(original)
        relations = []
        for column in self.columns:
            if column.name == self.opts.pk.name:
                continue
            model_field = self.fields[column.name]
            value = cells.get(column.name)
            try:
                if model_field.many_to_many:
                    row.links[model_field.name] = {record.pk for record in self._records(column, _items(value))}
                elif column.key:
                    relations.append(model_field.name)
                    text = _text(value)
                    if text not in self.named[column.name] and text in self.added:  # another row adds it
                        row.naming[model_field.name] = text
                        setattr(instance, model_field.name, None)
                        continue
                    records = self._records(column, [text] if text else [])
                    setattr(instance, model_field.name, records[0] if records else None)
                elif isinstance(model_field, ArrayField):
                    setattr(instance, model_field.attname, _items(value))
                else:
                    setattr(instance, model_field.attname, _value(model_field, value))
            except ValidationError as error:
                row.errors += [(column.name, message) for message in error.messages]
        self._clean(row, instance, exclude=relations + list(row.links))
        self._cite(row, cells)
        if row.errors:
            return row
        row.instance, row.record = instance, str(instance)
        if original is None:
            row.kind = RowKind.NEW
            row.changes = self._written(instance, row)
            if not self.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}"):
                row.errors.append(("", _("You may not add %(records)s.") % {"records": self.opts.verbose_name_plural}))
            return row
        row.changes = self._changed(original, instance, row)
        row.kind = RowKind.UPDATE if row.changes or row.citation else RowKind.SKIP
        if row.changes and not self.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}"):
            row.errors.append(
                (
                    "",
                    _("You may add %(records)s but not change them: this row changes “%(record)s”.")
                    % {"records": self.opts.verbose_name_plural, "record": original},
                )
            )
        return row

    def _records(self, column: Column, names: list[str]) -> list[models.Model]:
        records, unknown = [], []
        for name in names:
            record = self.named[column.name].get(name)
            (records if record is not None else unknown).append(record or name)
        if unknown:
            raise ValidationError([self._unknown(column.name, name) for name in unknown])
        return records

    def _clean(self, row: Row, instance: models.Model, exclude: list[str]) -> None:
        """The record's own checks, as an admin form runs them; uniqueness and the
        database's constraints are checked for all rows at once (below, and on writing)."""
        exclude = exclude + [column for column, _message in row.errors]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                row.errors += [("" if name == "__all__" else name, message) for message in messages]

    def _cite(self, row: Row, cells: dict) -> None:
        slug, passage = _text(cells.get(SOURCE)), _text(cells.get(PASSAGE))
        if not slug and not passage:
            return
        if not (slug and passage):
            row.errors.append((SOURCE, _("Give both the source (its slug) and the passage, or neither.")))
            return
        source = self.sources.get(slug)
        if source is None:
            row.errors.append(
                (SOURCE, _("No source has the slug “%(slug)s”: add it in the admin first.") % {"slug": slug})
            )
        elif source.text and find(passage, source.text) is None:
            row.errors.append(
                (PASSAGE, _("The passage is not in the text of “%(source)s”: paste it verbatim.") % {"source": source})
            )
        else:
            row.citation = (source, passage)

    def _written(self, instance: models.Model, row: Row) -> list[tuple[str, str]]:
        return [(column.name, self._shown(instance, row, column)) for column in self.columns]

    def _changed(self, original: models.Model, instance: models.Model, row: Row) -> list[tuple[str, str]]:
        changes = []
        for column in self.columns:
            model_field = self.fields[column.name]
            if model_field.many_to_many:
                changed = row.links[model_field.name] != self.links[column.name].get(original.pk, set())
            elif model_field.name in row.naming:
                changed = True
            else:
                changed = getattr(original, model_field.attname) != getattr(instance, model_field.attname)
            if changed:
                changes.append((column.name, self._shown(instance, row, column)))
        return changes

    def _shown(self, instance: models.Model, row: Row, column: Column) -> str:
        model_field = self.fields[column.name]
        if model_field.many_to_many:
            names = {record.pk: name for name, record in self.named[column.name].items()}
            return SEPARATOR.join(sorted(names[pk] for pk in row.links[model_field.name]))
        if model_field.name in row.naming:
            return row.naming[model_field.name]
        value = getattr(instance, model_field.attname)
        if column.key and value is not None:
            return str(getattr(getattr(instance, model_field.name), column.key))
        if isinstance(value, list):
            return SEPARATOR.join(value)
        return "" if value is None else str(value)

    def _check_uniqueness(self, rows: list[Row]) -> None:
        """No two rows, and no row and another record, share what must be unique: one
        query per unique field or constraint for the whole file."""
        written = [row for row in rows if row.kind in (RowKind.NEW, RowKind.UPDATE) and not row.errors]
        in_file = {row.instance.pk for row in written if row.instance.pk is not None}
        for names in _unique_sets(self.spec.model):
            attnames = [self.opts.get_field(name).attname for name in names]
            first: dict[tuple, Row] = {}
            for row in written:
                value = tuple(getattr(row.instance, attname) for attname in attnames)
                if None in value:
                    continue
                if value in first:
                    row.errors.append(
                        (
                            names[0],
                            _("Row %(row)s of this file has the same %(fields)s.")
                            % {"row": first[value].number, "fields": _names(self.opts, names)},
                        )
                    )
                else:
                    first[value] = row
            if not first:
                continue
            condition = models.Q()
            for position, attname in enumerate(attnames):
                condition &= models.Q(**{f"{attname}__in": {value[position] for value in first}})
            taken = self.spec.model._default_manager.filter(condition).exclude(pk__in=in_file)
            for values in taken.values_list(*attnames):
                row = first.get(tuple(values))
                if row is not None:
                    row.errors.append((names[0], row.instance.unique_error_message(self.spec.model, names).messages[0]))


class _Writer:
    """The checked rows written in bulk, in the caller's transaction."""

    def __init__(self, spec: Spec, outcome: Outcome, user, reason: str):
        self.spec, self.outcome, self.user, self.reason = spec, outcome, user, reason
        self.model = spec.model
        self.fields = [
            f for f in self.model._meta.concrete_fields if not f.primary_key and not f.generated and f.editable
        ]

    def write(self) -> None:
        new = [row for row in self.outcome.rows if row.kind == RowKind.NEW]
        changed = [row for row in self.outcome.rows if row.kind == RowKind.UPDATE]
        waiting = new
        while waiting:  # rows naming records that other rows add come after those
            ready = [row for row in waiting if all(target.instance.pk for target in row.waits_for.values())]
            if not ready:
                break  # a row they wait for was refused: nothing is written
            for row in ready:
                self._point(row)
            for batch in _batches(ready):
                self._attempt(batch, self._insert)
            waiting = [row for row in waiting if row.instance.pk is None and row.kind == RowKind.NEW]
        for row in changed:
            self._point(row)
        for batch in _batches(changed):
            self._attempt(batch, self._update)
        if self.outcome.has_errors:
            return
        written = new + changed
        self._link(written)
        pks = [row.instance.pk for row in written]
        history = self.model.history.model
        for rows, kind in ((new, "+"), (changed, "~")):
            where = f"{connection.ops.quote_name(self.model._meta.pk.column)} = ANY(%s)"
            record_rows(self.model, history, where, kind, self.reason, [[row.instance.pk for row in rows]], self.user)
        record_links(self.model, history, pks)
        self._cite(written)
        self._check_deferred()
        self.spec.after_write(set(pks))

    def _check_deferred(self) -> None:
        """The checks the database defers to the commit (foreign keys), now: a record the
        file names may have been deleted since it was read."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        except DatabaseError:
            self.outcome.problems.append(_("A record this file names was deleted meanwhile: upload the file again."))

    def _attempt(self, rows: list[Row], write: Callable[[list[Row]], None]) -> None:
        """Write a batch; if the database refuses it, each row alone, to say which."""
        try:
            with transaction.atomic():
                write(rows)
            return
        except DatabaseError:
            pass
        for row in rows:
            try:
                with transaction.atomic():
                    write([row])
            except DatabaseError as error:
                row.errors.append(("", _refusal(self.model, error)))
                row.kind = RowKind.ERROR

    @staticmethod
    def _point(row: Row) -> None:
        for name, target in row.waits_for.items():
            setattr(row.instance, name, target.instance)

    def _insert(self, rows: list[Row]) -> None:
        self.model._default_manager.bulk_create([row.instance for row in rows])

    def _update(self, rows: list[Row]) -> None:
        """One UPDATE for the batch, from a VALUES list (bulk_update's CASE per row and
        field grows with the square of the batch)."""
        table, quote = self.model._meta.db_table, connection.ops.quote_name
        columns = [quote(f.column) for f in self.fields]
        placeholders = ", ".join(f"%s::{f.db_type(connection)}" for f in self.fields)
        values, params = [], []
        for row in rows:
            values.append(f"(%s, {placeholders})")
            params.append(row.instance.pk)
            params += [f.get_db_prep_save(getattr(row.instance, f.attname), connection) for f in self.fields]
        assignments = ", ".join(f"{column} = v.{column}" for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments}"
                f" FROM (VALUES {', '.join(values)}) AS v(id, {', '.join(columns)})"
                f" WHERE t.{quote(self.model._meta.pk.column)} = v.id",
                params,
            )

    def _link(self, rows: list[Row]) -> None:
        """Each many-to-many column's links as the file gives them: the ones it drops
        deleted, the new ones added (a statement or two per field)."""
        names = {name for row in rows for name in row.links}
        for name in names:
            model_field = self.model._meta.get_field(name)
            through = model_field.remote_field.through
            own, other = f"{model_field.m2m_field_name()}_id", f"{model_field.m2m_reverse_field_name()}_id"
            wanted = {(row.instance.pk, target) for row in rows for target in row.links.get(name, ())}
            pks = {row.instance.pk for row in rows if name in row.links}
            current = set(through.objects.filter(**{f"{own}__in": pks}).values_list(own, other))
            gone = current - wanted
            if gone:
                condition = models.Q()
                for pk, target in gone:
                    condition |= models.Q(**{own: pk, other: target})
                through.objects.filter(condition).delete()
            through.objects.bulk_create([through(**{own: pk, other: target}) for pk, target in wanted - current])

    def _cite(self, rows: list[Row]) -> None:
        content_type = ContentType.objects.get_for_model(self.model)
        wanted = {(row.citation[0].pk, str(row.instance.pk), row.citation[1]) for row in rows if row.citation}
        if not wanted:
            return
        present = set(
            Citation.objects.filter(content_type=content_type, object_id__in={pk for _s, pk, _p in wanted}).values_list(
                "source_id", "object_id", "passage"
            )
        )
        added = Citation.objects.bulk_create(
            [
                Citation(source_id=source, content_type=content_type, object_id=pk, passage=passage)
                for source, pk, passage in wanted - present
            ]
        )
        record_rows(
            Citation, Citation.history.model, "id = ANY(%s)", "+", self.reason, [[c.pk for c in added]], self.user
        )


def _batches(rows: list[Row]) -> Iterable[list[Row]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _refusal(model: type[models.Model], error: DatabaseError) -> str:
    """The database's refusal of a row in words: a named constraint's own message."""
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.get_violation_error_message())
    return (getattr(diag, "message_primary", None) or str(error)).capitalize()


def _unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    sets = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None
    ]
    return sets


def _names(opts, names: Iterable[str]) -> str:
    return ", ".join(str(opts.get_field(name).verbose_name) for name in names)


def _copy(record: models.Model) -> models.Model:
    """A copy to change, so that the record as it is stays for comparing."""
    copy = type(record)()
    copy.__dict__.update({key: value for key, value in record.__dict__.items() if key != "_state"})
    copy._state.adding, copy._state.db = False, record._state.db
    return copy


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _items(value) -> list[str]:
    return [item.strip() for item in _text(value).split(SEPARATOR) if item.strip()]


def _whole(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


TRUE, FALSE = {"1", "true", "yes", "y", "t"}, {"0", "false", "no", "n", "f", ""}


def _value(model_field: models.Field, value):
    """A cell as the field's value (XLSX cells come typed; CSV cells as text); the
    field's own checks (full_clean) follow."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        if model_field.null:
            return None
        if isinstance(model_field, models.BooleanField):
            return False
        return "" if isinstance(model_field, models.CharField | models.TextField) else None
    if isinstance(model_field, models.BooleanField):
        text = _text(value).lower()
        if text not in TRUE | FALSE:
            raise ValidationError(_("Write true or false (or 1 and 0)."))
        return text in TRUE
    if isinstance(model_field, models.DateField) and isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(model_field, models.DecimalField) and isinstance(value, int | float):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
    if isinstance(model_field, models.CharField | models.TextField):
        return _text(value)
    return value


def exported(spec: Spec, records: models.QuerySet) -> tuple[list[str], Iterable[tuple]]:
    """The header and rows of `records` with the import's columns, so that a file
    exported can be changed and imported back: one query, read a chunk at a time."""
    opts, quote = spec.model._meta, connection.ops.quote_name
    pk = quote(opts.pk.column)
    selected = []
    for column in spec.columns:
        model_field = opts.get_field(column.name)
        if model_field.many_to_many:
            through, target = model_field.remote_field.through._meta.db_table, model_field.related_model._meta
            own, other = model_field.m2m_column_name(), model_field.m2m_reverse_name()
            key = f"r.{quote(column.key)}"
            selected.append(
                f"(SELECT coalesce(string_agg({key}::text, '{SEPARATOR} ' ORDER BY {key}), '') FROM {through} x"
                f" JOIN {target.db_table} r ON r.{quote(target.pk.column)} = x.{other} WHERE x.{own} = t.{pk})"
            )
        elif column.key:
            target = model_field.related_model._meta
            selected.append(
                f"(SELECT r.{quote(column.key)} FROM {target.db_table} r"
                f" WHERE r.{quote(target.pk.column)} = t.{quote(model_field.column)})"
            )
        elif isinstance(model_field, ArrayField):
            selected.append(f"array_to_string(t.{quote(model_field.column)}, '{SEPARATOR} ')")
        else:
            selected.append(f"t.{quote(model_field.column)}")
    chosen, params = records.order_by().values("pk").query.sql_with_params()
    sql = f"SELECT {', '.join(selected)} FROM {opts.db_table} t WHERE t.{pk} IN ({chosen}) ORDER BY t.{pk}"
    return [column.name for column in spec.columns], _streamed(sql, params, records.db)


def _streamed(sql: str, params, using: str) -> Iterable[tuple]:
    with streaming_cursor(connections[using]) as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            yield from rows
