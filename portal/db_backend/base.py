"""Django's PostgreSQL backend, plus: make sure the embedded server is running.

The check happens when a process opens its first connection, so commands that never
touch the database (check, collectstatic) never start the server. Only the first:
a server stopped later (`manage.py pg stop`, a crash) stays down and requests get
the "temporarily unavailable" page until it is back, as with any other server.
The project's database is created on first use.
"""

from pathlib import Path

import psycopg2
from django.db.backends.postgresql import base
from psycopg2 import sql

from portal import embedded_pg


class DatabaseWrapper(base.DatabaseWrapper):
    _ready: set[tuple[str, str]] = set()
    _socket_dirs: dict[str, str] = {}

    def get_connection_params(self):
        params = super().get_connection_params()
        pgdata = self.settings_dict["HOST"]
        if pgdata not in self._socket_dirs:
            self._socket_dirs[pgdata] = str(embedded_pg.start(Path(pgdata)).socket_dir)
        params["host"] = self._socket_dirs[pgdata]
        self._ensure_database(params)
        return params

    def _ensure_database(self, params: dict) -> None:
        name = params.get("database") or params.get("dbname")
        key = (params["host"], name)
        if name in (None, "postgres") or key in self._ready:
            return
        maintenance = {**params, "database": "postgres"}
        maintenance.pop("dbname", None)
        connection = psycopg2.connect(**maintenance)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            connection.close()
        self._ready.add(key)
