"""Record the query plans of the benchmark's main workloads (1-5) in bench/plans/.

For each page it runs the request once without cache, keeps the slowest queries it
made, and writes their EXPLAIN (ANALYZE, BUFFERS) output. Run it after loading the
synthetic data: `.venv/bin/python bench/explain.py`.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Importing the benchmark sets Django up with the same production-like settings.
from bench.run import ensure_users, targets, workloads

# isort: split
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client

SLOWEST = 4


def main():
    users = ensure_users()
    client = Client()
    client.force_login(User.objects.get(username=users["viewer"][0]))
    out = ROOT / "bench" / "plans"
    out.mkdir(exist_ok=True)
    for workload in workloads(targets()):
        if workload["key"] not in {"1", "2", "3", "4", "5"}:
            continue
        cache.clear()
        timings = []

        def timed(execute, sql, params, many, context, timings=timings):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - started, sql, params))

        with connection.execute_wrapper(timed):
            client.get(workload["path"])
        lines = [f"# Workload {workload['key']}: {workload['name']}", f"# GET {workload['path']}", ""]
        reads = [timing for timing in timings if timing[1].lstrip().startswith(("SELECT", "WITH"))]
        for seconds, sql, params in sorted(reads, key=lambda item: item[0], reverse=True)[:SLOWEST]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                query = cursor.cursor.mogrify(sql, params).decode() if params else sql
            lines += [f"## {seconds * 1000:.1f} ms in the request", "", query, "", plan, "", ""]
        path = out / f"workload-{workload['key']}.txt"
        path.write_text("\n".join(lines))
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
