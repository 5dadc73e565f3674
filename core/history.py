"""History rows for writes that bypass the model signals (COPY, SQL deletes, rows that
existed before history was kept). Admin, import and command writes through the ORM get
theirs from django-simple-history itself."""

from django.apps import apps
from django.db import connection, connections


def record_rows(model, historical, where: str, history_type: str, reason: str, params=(), user=None) -> int:
    """Write one history row, of `history_type` ("+", "~" or "-"), for every row of
    `model` matching the SQL condition `where`, in a single statement (by `user`, if given)."""
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {historical._meta.db_table} ({columns}, history_date, history_type, history_change_reason,"
            f" history_user_id) SELECT {columns}, now(), %s, %s, %s FROM {model._meta.db_table} WHERE {where}",
            [history_type, reason, getattr(user, "pk", None), *params],
        )
        return cursor.rowcount


def record_links(model, historical, pks: list) -> None:
    """For the history rows this transaction wrote for the records `pks` of `model`
    (record_rows), the links of their many-to-many fields that the history keeps."""
    for field in getattr(historical, "_history_m2m_fields", []):
        through = getattr(model, field.name).through
        links = apps.get_model(historical._meta.app_label, f"{historical.__name__}_{field.name}")
        own, other = field.m2m_column_name(), field.m2m_reverse_name()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {links._meta.db_table} (id, {own}, {other}, history_id)"
                f" SELECT t.id, t.{own}, t.{other}, h.history_id FROM {through._meta.db_table} t"
                f" JOIN {historical._meta.db_table} h ON h.{model._meta.pk.column} = t.{own}"
                f" WHERE h.{model._meta.pk.column} = ANY(%s) AND h.history_date = now()",
                [list(pks)],
            )


def record_existing_rows(app_label: str, model_names: list[str]):
    """A migration step: one baseline history row for each row that existed before
    the model's history was kept."""

    def run(apps, schema_editor):
        for name in model_names:
            model, historical = apps.get_model(app_label, name), apps.get_model(app_label, f"Historical{name}")
            record_rows(model, historical, "TRUE", "+", "Existed before history was kept")

    return run


# Deleted records, newest first (history_admin.py: deleted_records): an index of the history
# rows that record a deletion, a few among millions, for every model that keeps history.
DELETIONS_INDEX = (
    "CREATE INDEX IF NOT EXISTS {table}_deleted ON {table} (history_date DESC, history_id DESC)"
    " WHERE history_type = '-'"
)


def install_deletion_indexes(using: str) -> None:
    """After every migrate: the index of deletions of each history table."""
    tables = set(connections[using].introspection.table_names())
    historical = {
        model.history.model._meta.db_table
        for model in apps.get_models()
        if hasattr(model, "history") and hasattr(model.history, "model")
    }
    with connections[using].cursor() as cursor:
        for table in sorted(historical & tables):
            cursor.execute(DELETIONS_INDEX.format(table=table))
