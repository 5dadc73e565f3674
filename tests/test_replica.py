"""Reads from a streaming standby (portal/replica.py, portal/routers.py): which requests
read there, and what happens when it is behind, stopped, or fails half-way through a
request; the cache and the API's ETags kept apart per server.

The tests' "replica" alias is a second connection to the test database. What the
standby would answer about itself (its lag, how far it has replayed) is played by
`standby` below; the real query is tried on the primary here, and on a real standby by
deploy/check.py (make deploy-check)."""

import logging
import re

import pytest
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext, override_settings

from core.versioned_cache import cached
from partnerships.models import Project
from portal import replica, routers

BOTH = pytest.mark.django_db(databases=["default", "replica"])
WITH_STANDBY = override_settings(READ_REPLICA="replica", REPLICA_MAX_LAG_SECONDS=10, REPLICA_RETRY_SECONDS=5)


def _position(lsn: str) -> int:
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


class Standby:
    """What portal.replica asks the standby, answered as a standby would: its lag (None:
    not streaming), how far it has replayed, or a refused connection."""

    def __init__(self):
        self.lag: float | None = 0.0
        self.replayed = "FFFFFFFF/FFFFFFFE"  # everything (but an unknown write)
        self.down = False
        self.asked = 0

    def state(self, wrote: str) -> tuple[float | None, bool]:
        self.asked += 1
        if self.down:
            raise OperationalError('connection to server at "127.0.0.1", port 5433 failed: Connection refused')
        return self.lag, _position(self.replayed) >= _position(wrote)


@pytest.fixture
def standby(monkeypatch):
    monkeypatch.setattr(replica, "_route", replica._Route())
    fake = Standby()
    monkeypatch.setattr(replica, "standby_state", fake.state)
    yield fake
    connections["replica"].close()  # so that the test database can be dropped at the end


def _portal_tables(queries) -> list[str]:
    return [q["sql"] for q in queries if "partnerships_" in q["sql"] or "gmg_" in q["sql"]]


def _reads(client, path: str) -> tuple[list[str], list[str]]:
    """The SQL of the portal's tables a request ran on the primary and on the standby."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as standby,
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)
    return _portal_tables(primary.captured_queries), _portal_tables(standby.captured_queries)


@BOTH
@WITH_STANDBY
@pytest.mark.parametrize(
    "path",
    [
        "/projects/?theme=health",
        "/partners/",
        "/projects/solar-lanterns-somalia/",
        "/api/projects/",
        "/projects/export.csv",
        "/gmg/",
    ],
)
def test_read_only_pages_exports_and_the_api_read_from_the_standby(viewer_client, standby, path):
    primary, on_standby = _reads(viewer_client, path)
    assert on_standby and primary == [], primary


@BOTH
@WITH_STANDBY
def test_the_admin_reads_from_the_primary(editor_client, standby):
    primary, on_standby = _reads(editor_client, "/admin/partnerships/project/")
    assert primary and on_standby == []


@BOTH
def test_without_a_standby_everything_reads_from_the_primary(viewer_client, standby):
    primary, on_standby = _reads(viewer_client, "/projects/")
    assert primary and on_standby == [] and standby.asked == 0


@BOTH
@WITH_STANDBY
def test_a_browser_reads_its_own_write_until_the_standby_has_replayed_it(editor_client, standby):
    project = Project.objects.get(slug="solar-lanterns-somalia")
    response = editor_client.post("/language/", {"language": "en", "next": "/"})
    cookie = response.cookies[replica.WROTE_COOKIE]
    assert replica.LSN.fullmatch(cookie.value) and cookie["max-age"] == 10  # the primary's WAL position
    standby.replayed = "0/1"  # not that far yet
    Project.objects.filter(pk=project.pk).update(title="Renamed a moment ago")  # only the primary has it
    primary, on_standby = _reads(editor_client, f"/projects/{project.slug}/")
    assert primary and on_standby == []
    assert "Renamed a moment ago" in editor_client.get(f"/projects/{project.slug}/").text
    standby.replayed = cookie.value  # replayed: the standby serves this browser again
    primary, on_standby = _reads(editor_client, f"/projects/{project.slug}/")
    assert on_standby and primary == []


@BOTH
@WITH_STANDBY
def test_a_browser_that_has_not_written_reads_from_the_standby_however_far_it_has_replayed(viewer_client, standby):
    standby.replayed = "0/1"
    primary, on_standby = _reads(viewer_client, "/projects/")
    assert on_standby and primary == []


@BOTH
@WITH_STANDBY
def test_a_standby_behind_by_more_than_the_limit_is_routed_around_and_that_is_logged_once(
    viewer_client, standby, caplog
):
    standby.lag = 10.5
    with caplog.at_level(logging.WARNING, logger="portal.replica"):
        for _ in range(3):
            primary, on_standby = _reads(viewer_client, "/projects/")
            assert primary and on_standby == []
        standby.lag = 9.5  # within the limit again
        primary, on_standby = _reads(viewer_client, "/projects/")
        assert on_standby and primary == []
    assert [r.getMessage() for r in caplog.records] == [
        "Standby lags 10.5 s (limit 10 s): reads go to the primary",
        "Standby is back: read-only requests read from it again",
    ]


@BOTH
@WITH_STANDBY
def test_a_standby_that_is_not_streaming_is_routed_around(viewer_client, standby, caplog):
    standby.lag = None  # the primary is gone, or its WAL receiver stopped: it cannot say how old it is
    with caplog.at_level(logging.WARNING, logger="portal.replica"):
        primary, on_standby = _reads(viewer_client, "/projects/")
    assert primary and on_standby == []
    assert "not streaming" in caplog.text


@BOTH
@WITH_STANDBY
def test_a_stopped_standby_sends_reads_to_the_primary_without_an_error_and_is_tried_again_later(
    viewer_client, standby, caplog, monkeypatch
):
    standby.down = True
    with caplog.at_level(logging.WARNING, logger="portal.replica"):
        for _ in range(3):
            primary, on_standby = _reads(viewer_client, "/projects/?theme=health")
            assert primary and on_standby == []
    assert standby.asked == 1  # not asked again for REPLICA_RETRY_SECONDS
    assert "Standby unreachable (connection to server at" in caplog.text
    assert "reads go to the primary for 5 s" in caplog.text
    later = replica.time.monotonic() + 5
    monkeypatch.setattr(replica.time, "monotonic", lambda: later)
    standby.down = False
    primary, on_standby = _reads(viewer_client, "/projects/?theme=health")
    assert on_standby and primary == [] and standby.asked == 2


def _without_nonces(content: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def _refuse(execute, sql, params, many, context):
    raise OperationalError("terminating connection due to administrator command")


@BOTH
@WITH_STANDBY
@pytest.mark.parametrize("path", ["/projects/?theme=health", "/projects/solar-lanterns-somalia/", "/api/projects/"])
def test_a_standby_failing_during_a_request_is_answered_again_from_the_primary(viewer_client, standby, caplog, path):
    expected = _without_nonces(viewer_client.get(path).content)
    with caplog.at_level(logging.WARNING, logger="portal.replica"), connections["replica"].execute_wrapper(_refuse):
        response = viewer_client.get(path)
        assert response.status_code == 200
        assert _without_nonces(response.content) == expected
        assert "Standby unreachable (terminating connection due to administrator command)" in caplog.text
        primary, on_standby = _reads(viewer_client, path)  # and then left alone for a while
    assert primary and on_standby == []


@BOTH
@WITH_STANDBY
def test_the_standby_query_treats_a_server_that_is_not_a_standby_as_not_streaming(standby, monkeypatch):
    monkeypatch.undo()  # the real query, asked of the "replica" alias: the test database, a primary
    assert replica.standby_state("0/0")[0] is None
    assert replica.replication_lag() is None


@BOTH
@WITH_STANDBY
@override_settings(METRICS_ALLOWED_IPS=["127.0.0.1"])
def test_metrics_show_the_standby_lag(client, standby):
    standby.lag = 2.5
    text = client.get("/metrics").text
    assert "portal_replica_up 1.0" in text and "portal_replica_lag_seconds 2.5" in text
    standby.down = True
    text = client.get("/metrics").text
    assert "portal_replica_up 0.0" in text and "portal_replica_lag_seconds" not in text


@pytest.mark.django_db(databases=["default", "replica"], transaction=True, serialized_rollback=True)
@WITH_STANDBY
def test_values_computed_on_the_standby_and_on_the_primary_are_kept_apart(viewer_client, standby):
    """A version read on one server never keeps or finds a value computed on the other
    (core/versioned_cache.py says why): each is read where the data is read, and the
    keys name the server. Here both servers are one database, so their versions are equal:
    only the server in the key keeps the values apart."""

    def on_standby(compute):
        token = routers.read_from_replica.set(True)
        try:
            with CaptureQueriesContext(connections["replica"]) as standby_queries:
                value = cached("page", compute=compute)
            assert any("core_dataversion" in query["sql"] for query in standby_queries.captured_queries)
            return value
        finally:
            routers.read_from_replica.reset(token)

    assert on_standby(lambda: "the standby's") == "the standby's"
    assert cached("page", compute=lambda: "the primary's") == "the primary's"
    assert on_standby(lambda: "computed again") == "the standby's"
    assert cached("page", compute=lambda: "computed again") == "the primary's"

    from_standby = viewer_client.get("/api/projects/")["ETag"]
    with override_settings(READ_REPLICA=None):
        from_primary = viewer_client.get("/api/projects/")["ETag"]
    assert from_standby != from_primary
    assert viewer_client.get("/api/projects/", HTTP_IF_NONE_MATCH=from_primary).status_code == 200
    assert viewer_client.get("/api/projects/", HTTP_IF_NONE_MATCH=from_standby).status_code == 304
