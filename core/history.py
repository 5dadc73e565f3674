"""History rows for writes that bypass the model signals (COPY, SQL deletes, rows that
existed before history was kept). Admin, import and command writes through the ORM get
theirs from django-simple-history itself."""

from django.db import connection


def record_rows(model, historical, where: str, history_type: str, reason: str, params=()) -> int:
    """Write one history row, of `history_type` ("+", "~" or "-"), for every row of
    `model` matching the SQL condition `where`, in a single statement."""
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {historical._meta.db_table} ({columns}, history_date, history_type, history_change_reason) "
            f"SELECT {columns}, now(), %s, %s FROM {model._meta.db_table} WHERE {where}",
            [history_type, reason, *params],
        )
        return cursor.rowcount


def record_existing_rows(app_label: str, model_names: list[str]):
    """A migration step: one baseline history row for each row that existed before
    the model's history was kept."""

    def run(apps, schema_editor):
        for name in model_names:
            model, historical = apps.get_model(app_label, name), apps.get_model(app_label, f"Historical{name}")
            record_rows(model, historical, "TRUE", "+", "Existed before history was kept")

    return run
