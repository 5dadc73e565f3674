"""What the three languages cost a page: the median time of 200 requests per page and
language, through Django's test client (no network, no gunicorn), after the page is in
the cache. Run it on any data: `.venv/bin/python bench/languages.py [en fr es]`. To
compare with a commit before the languages, copy this file into a checkout of it and run
it there with `en`.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Importing the benchmark sets Django up with the same production-like settings.
from bench.run import ensure_users

# isort: split
from django.contrib.auth.models import User
from django.test import Client

PAGES = ["/", "/projects/", "/projects/solar-lanterns-somalia/", "/partners/panasonic/", "/gmg/?on=2008-01-01"]
REQUESTS = 200


def main():
    client = Client()
    client.force_login(User.objects.get(username=ensure_users()["viewer"][0]))
    languages = sys.argv[1:] or ["en", "fr", "es"]
    print(f"| page | {' | '.join(languages)} |")
    print(f"|---|{'---:|' * len(languages)}")
    for path in PAGES:
        medians = []
        for language in languages:
            client.post("/language/", {"language": language, "next": "/"})
            for _ in range(5):  # fill the caches
                client.get(path)
            times = []
            for _ in range(REQUESTS):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
            medians.append(f"{statistics.median(times) * 1000:.1f} ms")
        print(f"| `{path}` | {' | '.join(medians)} |")


if __name__ == "__main__":
    main()
