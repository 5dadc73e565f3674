"""The embedded PostgreSQL survives concurrent and interrupted starts: processes that
open their first connection at the same moment share one server, and a start killed
half-way leaves a data folder every later command can use."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal import embedded_pg

ROOT = Path(__file__).resolve().parent.parent
# What a process does on its first connection (portal/db_backend), then a query.
FIRST_CONNECTION = """
import sys
from pathlib import Path
import psycopg2
from portal import embedded_pg
server = embedded_pg.start(Path(sys.argv[1]))
with psycopg2.connect(host=str(server.socket_dir), user="postgres", dbname="postgres") as connection:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
"""


def first_connection(pgdata: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", FIRST_CONNECTION, str(pgdata)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def pgdata(tmp_path_factory):
    folder = tmp_path_factory.mktemp("embedded") / "pgdata"
    os.chmod(folder.parent, 0o755)  # as root, the server runs as another user
    yield folder
    embedded_pg.stop(folder)


def test_processes_starting_at_once_share_one_ready_server(pgdata):
    for _ in range(5):
        embedded_pg.stop(pgdata)
        processes = [first_connection(pgdata) for _ in range(4)]
        outputs = [process.communicate(timeout=120)[0] for process in processes]
        assert [process.returncode for process in processes] == [0] * 4, outputs
        assert embedded_pg.status(pgdata) is not None


@pytest.mark.parametrize("after", [0.2, 0.6, 1.2])
def test_an_interrupted_start_leaves_a_usable_server(pgdata, after):
    embedded_pg.stop(pgdata)
    starting = first_connection(pgdata)
    time.sleep(after)
    os.killpg(starting.pid, signal.SIGKILL)
    starting.wait()
    (pgdata / ".handle_pids.json").write_text("")  # as a process killed while writing it leaves it

    later = first_connection(pgdata)
    output = later.communicate(timeout=120)[0]
    assert later.returncode == 0, output
    assert json.loads((pgdata / ".handle_pids.json").read_text()) is not None
