import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db import connection as default_connection
from django.db.models import Model, QuerySet

T = TypeVar("T")


@contextmanager
def without_statement_timeout(connection=default_connection):
    """A transaction without the per-statement time limit (settings.STATEMENT_TIMEOUT_MS),
    for commands that run long statements on purpose, such as indexing a million projects.
    The limit is lifted with SET LOCAL, until the transaction ends: behind a pooler in
    transaction mode, the next transaction may run on another server connection, and a
    plain SET would stay on this one for another client's statements. Inside a
    transaction already, it holds until that one ends."""
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
        yield


@contextmanager
def streaming_cursor(connection=default_connection):
    """A cursor that fetches its rows a chunk at a time (fetchmany), for exports of any
    size. Django's server-side cursors outlive their transaction (WITH HOLD), which a
    pooler in transaction mode cannot allow; where they are off
    (DISABLE_SERVER_SIDE_CURSORS), the cursor lives inside a transaction instead."""
    if not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        with connection.chunked_cursor() as cursor:
            yield cursor
        return
    # In a transaction, a named cursor is not holdable (see create_cursor()).
    with transaction.atomic(using=connection.alias), connection.chunked_cursor() as cursor:
        yield cursor


def batched(queryset: QuerySet, size: int) -> Iterator[Model]:
    """The queryset's records in its order, `size` at a time (with their select_related
    and prefetch_related), whether server-side cursors are on or off: without them, the
    ids come first, then the records a batch of ids at a time."""
    if not connections[queryset.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        yield from queryset.iterator(chunk_size=size)
        return
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        found = queryset.order_by().filter(pk__in=chunk).in_bulk()
        yield from (found[pk] for pk in chunk if pk in found)


def reading(model: type[Model]):
    """The connection that reads `model` now: the replica's where reads go there
    (portal/routers.py), for SQL written by hand."""
    return connections[router.db_for_read(model)]


def bound_to_its_database(queryset: QuerySet) -> QuerySet:
    """The queryset bound to the database it reads from now. A streamed answer is read
    after the view has returned, when the request's routing (portal/routers.py) no
    longer applies: bound, it still reads where the request would have."""
    return queryset.using(queryset.db)


def in_order(tasks: list[Callable[[], T]], using: str = DEFAULT_DB_ALIAS, workers: int = 2) -> Iterator[T]:
    """The results of `tasks`, in their order, each made by one of `workers` threads with
    its own connection to the database, a task or two ahead of the one being used: a large
    export's database work runs on both cores while this thread sends what is done.
    Inside a transaction (tests), whose uncommitted rows another connection would not see,
    the tasks run here instead, one after the other."""
    if connections[using].in_atomic_block or len(tasks) < 2:
        for task in tasks:
            yield task()
        return
    done = [queue.Queue(maxsize=2) for _worker in range(workers)]
    stop = threading.Event()

    def hand_over(worker: int, result) -> bool:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                done[worker].put(result, timeout=0.1)
                return True
        return False

    def work(worker: int) -> None:
        try:
            for index in range(worker, len(tasks), workers):
                if not hand_over(worker, tasks[index]()):
                    return
        except BaseException as error:  # handed over, raised by the reader
            hand_over(worker, error)
        finally:
            connections.close_all()  # this thread's own

    threads = [threading.Thread(target=work, args=(worker,), daemon=True) for worker in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for index in range(len(tasks)):
            result = done[index % workers].get()
            if isinstance(result, BaseException):
                raise result
            yield result
    finally:
        stop.set()
        for thread in threads:
            thread.join()
