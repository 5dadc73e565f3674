"""A backup restores into an empty database with every row of every table."""

import io

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import sql

from portal import backups

pytestmark = pytest.mark.django_db

RESTORED = "portal_restore_check"


def connect(params, dbname):
    keys = {"host", "port", "user", "password"}
    return psycopg2.connect(dbname=dbname, **{k: v for k, v in params.items() if k in keys})


def fingerprint(params, dbname) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the sorted rows, per table."""
    conn = connect(params, dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            result = {}
            for table in tables:
                cursor.execute(
                    sql.SQL(
                        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
                    ).format(sql.Identifier(table))
                )
                result[table] = cursor.fetchone()
            return result
    finally:
        conn.close()


def drop(params, dbname):
    conn = connect(params, "postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
    conn.close()


@pytest.fixture
def params():
    params = connection.get_connection_params()
    drop(params, RESTORED)
    yield params
    drop(params, RESTORED)


def test_backup_and_restore_round_trip_every_table(params, tmp_path):
    path = tmp_path / "portal.dump"
    call_command("backup", output=path, stdout=io.StringIO())
    backups.restore({**params, "dbname": RESTORED}, path)

    source = fingerprint(params, params["dbname"])
    restored = fingerprint(params, RESTORED)
    assert len(source) > 40
    assert source["partnerships_project"][0] == 27
    assert source["partnerships_historicalproject"][0] > 0
    assert restored == source


def test_restore_refuses_a_database_that_is_not_empty(params, tmp_path):
    path = tmp_path / "portal.dump"
    backups.dump(params, path)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", path)


def test_restore_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", tmp_path / "missing.dump")


def test_a_broken_backup_changes_nothing(params, tmp_path):
    path = tmp_path / "broken.dump"
    backups.dump(params, path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(backups.BackupError):
        backups.restore({**params, "dbname": RESTORED}, path)
    assert fingerprint(params, RESTORED) == {}
