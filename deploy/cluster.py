"""The database side of `make deploy-check` and `make faults`: a PostgreSQL primary of
their own, a streaming standby of it (`pg_basebackup -R`), and PgBouncer in transaction
mode in front of both (deploy/pgbouncer.ini), in a temporary folder, on their own ports
of 127.0.0.1. Debian's PostgreSQL and PgBouncer packages, installed when missing (as
root). As root, the servers run as the `postgres` system user, which both require.

Own servers, not the machine's: the checks stop, restart and pause them."""

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

DEPLOY = Path(__file__).resolve().parent
PRIMARY_PORT, STANDBY_PORT, POOLER_PORT = 8732, 8733, 8734
DATABASE = "portal"
STANDBY_DATABASE = "portal_standby"  # the standby's name in PgBouncer


class Failed(Exception):
    pass


def _install(*packages: str) -> None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Failed(f"needed: sudo apt-get install {' '.join(packages)} (or run as root)")
    print(f"Installing Debian's {', '.join(packages)}...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, capture_output=True, env=env)


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL server's programs (initdb, pg_ctl, pg_basebackup)."""
    for _attempt in range(2):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"), key=lambda p: int(p.parts[-3]))
        if found:
            return found[-1].parent
        _install("postgresql")
    raise Failed("no PostgreSQL server programs in /usr/lib/postgresql")


def pgbouncer_program() -> str:
    if not shutil.which("pgbouncer") and not Path("/usr/sbin/pgbouncer").exists():
        _install("pgbouncer")
    return shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


class Cluster:
    """A primary on PRIMARY_PORT, a standby on STANDBY_PORT, PgBouncer on POOLER_PORT."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
        self.bin = postgres_bin()
        self.pgbouncer = pgbouncer_program()
        self.pooler: subprocess.Popen | None = None
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        self.primary, self.standby = self.folder / "primary", self.folder / "standby"

    def facts(self) -> dict:
        version = self._run(self.bin / "postgres", "--version").stdout.split()[2]
        pooler = self._run(self.pgbouncer, "--version").stdout.splitlines()[0].removeprefix("PgBouncer ")
        return {"postgresql": version, "pgbouncer": pooler}

    # --- running things as the servers' owner
    def _run(self, *args, check: bool = True) -> subprocess.CompletedProcess:
        owner = {"user": self.owner.pw_uid, "group": self.owner.pw_gid, "extra_groups": []} if self.owner else {}
        return subprocess.run(
            [str(arg) for arg in args], cwd=self.folder, check=check, capture_output=True, text=True, **owner
        )

    def _ctl(self, data: Path, *args, check: bool = True) -> subprocess.CompletedProcess:
        return self._run(self.bin / "pg_ctl", "-D", data, "-l", data.with_suffix(".log"), *args, check=check)

    # --- the primary
    def start_primary(self) -> None:
        self._run(self.bin / "initdb", "-D", self.primary, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        with open(self.primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"""
listen_addresses = '127.0.0.1'
port = {PRIMARY_PORT}
unix_socket_directories = '{self.folder}'
max_connections = 100
wal_level = replica
max_wal_senders = 5
wal_keep_size = '512MB'
hot_standby = on
hot_standby_feedback = on
"""
            )
        self._ctl(self.primary, "-w", "start")
        self.execute(PRIMARY_PORT, f"CREATE DATABASE {DATABASE}", dbname="postgres")

    def restart_primary(self, mode: str = "fast") -> None:
        """Stopped (`fast`: sessions ended, or `immediate`: as in a crash) and started."""
        self._ctl(self.primary, "-w", "-m", mode, "restart")

    # --- the standby
    def start_standby(self) -> None:
        """A copy of the primary, streaming from it from then on (-R writes the
        primary_conninfo and standby.signal)."""
        self._run(self.bin / "pg_basebackup", "-h", "127.0.0.1", "-p", PRIMARY_PORT, "-U", "postgres",
                  "-D", self.standby, "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        with open(self.standby / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {STANDBY_PORT}\n")
        self.start(self.standby)
        self.wait_streaming()

    def start(self, data: Path) -> None:
        self._ctl(data, "-w", "start")

    def stop(self, data: Path, mode: str = "fast") -> None:
        self._ctl(data, "-w", "-m", mode, "stop", check=False)

    def wait_streaming(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.value(STANDBY_PORT, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"):
                    return
            except psycopg2.Error:
                pass
            time.sleep(0.2)
        raise Failed("the standby did not start streaming from the primary")

    def pause_replay(self) -> None:
        self.value(STANDBY_PORT, "SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.value(STANDBY_PORT, "SELECT pg_wal_replay_resume()")

    # --- PgBouncer
    def pooler_ini(self) -> Path:
        """deploy/pgbouncer.ini with this cluster's ports, folder and trust logins."""
        ini = (DEPLOY / "pgbouncer.ini").read_text()
        ini = re.sub(r"(?m)^portal = .*$", f"portal = host=127.0.0.1 port={PRIMARY_PORT} dbname={DATABASE}", ini)
        ini = re.sub(
            r"(?m)^portal_standby = .*$", f"portal_standby = host=127.0.0.1 port={STANDBY_PORT} dbname={DATABASE}", ini
        )
        replacements = {
            "listen_port": str(POOLER_PORT),
            "unix_socket_dir": str(self.folder),
            "logfile": str(self.folder / "pgbouncer.log"),
            "pidfile": str(self.folder / "pgbouncer.pid"),
            "auth_type": "trust",
            "auth_file": str(self.folder / "userlist.txt"),
        }
        for name, value in replacements.items():
            ini, found = re.subn(rf"(?m)^{name} = .*$", f"{name} = {value}", ini)
            if not found:
                raise Failed(f"deploy/pgbouncer.ini has no {name}")
        (self.folder / "userlist.txt").write_text('"postgres" ""\n')
        path = self.folder / "pgbouncer.ini"
        path.write_text(ini)
        return path

    def start_pooler(self) -> None:
        ini = self.pooler_ini()
        owner = {"user": self.owner.pw_uid, "group": self.owner.pw_gid, "extra_groups": []} if self.owner else {}
        with open(self.folder / "pgbouncer.out", "a") as out:
            self.pooler = subprocess.Popen([self.pgbouncer, str(ini)], stdout=out, stderr=out, **owner)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.value(POOLER_PORT, "SELECT 1")
                return
            except psycopg2.Error:
                if self.pooler.poll() is not None:
                    raise Failed(f"PgBouncer stopped: {(self.folder / 'pgbouncer.log').read_text()[-1500:]}") from None
                time.sleep(0.2)
        raise Failed("PgBouncer did not answer")

    def stop_pooler(self) -> None:
        if self.pooler and self.pooler.poll() is None:
            self.pooler.send_signal(signal.SIGTERM)  # immediate shutdown
            self.pooler.wait(timeout=20)

    def pools(self) -> dict[str, dict]:
        """PgBouncer's SHOW POOLS, by database."""
        names, rows = self.execute(POOLER_PORT, "SHOW POOLS", dbname="pgbouncer")
        return {row[0]: dict(zip(names, row, strict=True)) for row in rows}

    # --- connecting
    def connect(self, port: int, dbname: str = DATABASE):
        return psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname, connect_timeout=3)

    def execute(self, port: int, sql: str, params=None, dbname: str = DATABASE) -> tuple[list[str], list[tuple]]:
        """Column names and rows of one statement, in autocommit on a connection of its own."""
        connection = self.connect(port, dbname)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                if cursor.description is None:
                    return [], []
                return [column.name for column in cursor.description], cursor.fetchall()
        finally:
            connection.close()

    def value(self, port: int, sql: str, params=None, dbname: str = DATABASE):
        return self.execute(port, sql, params, dbname)[1][0][0]

    def urls(self) -> dict:
        """The app servers' database settings: both servers through PgBouncer."""
        pooler = f"postgres://postgres@127.0.0.1:{POOLER_PORT}"
        return {
            "DATABASE_URL": f"{pooler}/{DATABASE}",
            "DATABASE_REPLICA_URL": f"{pooler}/{STANDBY_DATABASE}",
            "DATABASE_DISABLE_SERVER_SIDE_CURSORS": "true",
        }

    def direct_url(self) -> str:
        """The primary itself: migrations, the seed, bulk loads."""
        return f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/{DATABASE}"

    def stop_all(self) -> None:
        self.stop_pooler()
        for data in (self.standby, self.primary):
            if data.exists():
                self.stop(data, "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
