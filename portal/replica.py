"""Whether a request reads from the streaming standby (settings.READ_REPLICA), and what
happens when the standby is behind or gone.

A read-only request out of the admin reads the portal's records from the standby
(portal/routers.py) when all of these hold, asked of the standby in one short query at
the start of the request:

- it answers (a standby that refused a connection is left alone for
  REPLICA_RETRY_SECONDS, and the reads go to the primary);
- it is streaming from the primary and has replayed what it received, or the last
  transaction it replayed committed at most REPLICA_MAX_LAG_SECONDS ago: otherwise its
  data may be older than that, and the request reads from the primary instead. (When it
  is behind, `now() - pg_last_xact_replay_timestamp()` is at least as old as the oldest
  data it is missing, so the limit holds however the primary's writes are spaced.)
- it has replayed this browser's last write: a request that may write notes the
  primary's WAL position in a cookie, and the browser reads from the primary until the
  standby has passed it (read-your-writes).

A standby that fails during a request (stopped, or a query cancelled by a conflict with
recovery) marks itself down, and the request is answered again from the primary: no
error page (ReadReplicaMiddleware.process_exception). Each change of route is logged
once, not per request. `replication_lag()` is the standby's lag for /metrics.
"""

import logging
import re
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger("portal.replica")

# A browser's last write: the primary's WAL position after it ("16/B374D848").
WROTE_COOKIE = "portal_wrote"
LSN = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")
NO_WRITE = "0/0"
UNKNOWN = "FFFFFFFF/FFFFFFFF"  # a write whose position is not known: the primary until the cookie expires

# NULL lag: not a standby, or not streaming (the primary is gone or the receiver died).
STATE = """
SELECT CASE
           WHEN NOT pg_is_in_recovery() OR NOT EXISTS (SELECT FROM pg_stat_wal_receiver) THEN NULL
           WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
           ELSE EXTRACT(epoch FROM now() - pg_last_xact_replay_timestamp())
       END,
       pg_last_wal_replay_lsn() >= %s::pg_lsn
"""


class _Route:
    """This process's view of the standby: down until when, and the last reason logged."""

    down_until = 0.0
    reason = ""


_route = _Route()


def _log_once(reason: str, message: str, *args) -> None:
    if _route.reason != reason:
        _route.reason = reason
        logger.warning(message, *args)


def mark_down(error: Exception) -> None:
    """The standby failed: reads go to the primary for REPLICA_RETRY_SECONDS."""
    _route.down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    _log_once(
        "down",
        "Standby unreachable (%s): reads go to the primary for %s s",
        str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
        settings.REPLICA_RETRY_SECONDS,
    )


def standby_state(wrote: str) -> tuple[float | None, bool]:
    """The standby's lag in seconds (None when it is not streaming) and whether it has
    replayed WAL position `wrote`."""
    with connections[settings.READ_REPLICA].cursor() as cursor:
        cursor.execute(STATE, [wrote])
        lag, caught_up = cursor.fetchone()
    return (None if lag is None else float(lag)), bool(caught_up)


def reads_from_standby(request) -> bool:
    """Whether this request's reads of the records go to the standby (see above)."""
    if settings.READ_REPLICA is None or request.method not in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.path.startswith("/admin/") or time.monotonic() < _route.down_until:
        return False
    wrote = request.COOKIES.get(WROTE_COOKIE, NO_WRITE)
    try:
        lag, caught_up = standby_state(wrote if LSN.fullmatch(wrote) else UNKNOWN)
    except (OperationalError, InterfaceError) as error:
        mark_down(error)
        return False
    if lag is None:
        _log_once("not streaming", "Standby is not streaming from the primary: reads go to the primary")
        return False
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        limit = settings.REPLICA_MAX_LAG_SECONDS
        _log_once("lagging", "Standby lags %.1f s (limit %s s): reads go to the primary", lag, limit)
        return False
    if _route.reason:
        _log_once("", "Standby is back: read-only requests read from it again")
    return caught_up


def primary_position() -> str:
    """The primary's WAL position now, after this request's writes committed."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:
        return UNKNOWN


def replication_lag() -> float | None:
    """The standby's lag for /metrics: seconds, 0 when caught up, None when it is not
    streaming or does not answer."""
    try:
        return standby_state(NO_WRITE)[0]
    except DatabaseError:
        return None
