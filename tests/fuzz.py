"""Query strings built to break things, for the fuzz tests (tests/test_fuzz.py).

Keys are mostly ones the pages know (so that values reach the filters), plus unknown
ones; values are NUL bytes, huge and negative numbers, malformed dates, sort fields
that exist and don't, long unicode strings; keys may repeat."""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from hypothesis import strategies as st

from partnerships.filters import OrganisationFilter, ProjectFilter, QuoteFilter

PORTAL_KEYS = sorted(
    {*ProjectFilter.base_filters, *OrganisationFilter.base_filters, *QuoteFilter.base_filters}
    | {"page", "per_page", "on"}
)
ADMIN_KEYS = ["q", "o", "p", "all", "e", "_facets", "_popup", "_to_field", "_changelist_filters"]

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from(["1e309", "-0", "NaN", "inf", "0x1F", "1_000", "9" * 400, "٣", "1.5", "-1"]),
).map(str)
dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2024-13-45", "0000-00-00", "99999-01-01", "2006-02-30", "1/2/2003", "2003-W01", "yesterday"]),
)
sort_fields = st.sampled_from(
    ["title", "-title", "start", "-start", "name", "-name", "amount", "--title", "id", "pk", "-?", "title,start"]
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.just("\x00"),
    st.text(max_size=20).map(lambda s: f"{s}\x00{s}"),
    st.sampled_from(["' OR 1=1 --", "<script>alert(1)</script>", "%", "_", "\\", "[]", "{}", "😀" * 500]),
)
values = st.one_of(numbers, dates, sort_fields, texts, st.just(""))


def query_strings(known_keys) -> st.SearchStrategy[str]:
    keys = st.one_of(st.sampled_from(known_keys), st.sampled_from(known_keys).map(lambda k: f"{k}__gte"), texts)
    return st.lists(st.tuples(keys, values), max_size=8).map(urlencode)


# An answer slower than this is timed once more, so that a pause of the machine
# (another process, garbage collection) is not taken for a slow query string.
RETIME_ABOVE = 0.5


@dataclass
class Record:
    """What a fuzz run saw per URL: examples, 5xx answers, the slowest query string."""

    examples: int = 0
    errors: list[str] = field(default_factory=list)
    slowest: float = 0.0
    slowest_query: str = ""
    retimed: int = 0

    def time(self, client_get, url: str, query: str):
        response, elapsed = _timed(client_get, f"{url}?{query}")
        if elapsed > RETIME_ABOVE:
            self.retimed += 1
            elapsed = min(elapsed, _timed(client_get, f"{url}?{query}")[1])
        self.examples += 1
        if response.status_code >= 500:
            self.errors.append(query)
        if elapsed > self.slowest:
            self.slowest, self.slowest_query = elapsed, query
        return response


def _timed(client_get, url: str):
    started = time.perf_counter()
    response = client_get(url)
    return response, time.perf_counter() - started


RECORDS: dict[str, Record] = defaultdict(Record)


def report(records: dict[str, Record]) -> str:
    examples = sum(r.examples for r in records.values())
    errors = sum(len(r.errors) for r in records.values())
    slowest_url, slowest = max(records.items(), key=lambda item: item[1].slowest)
    lines = [
        f"Fuzz: {examples:,} query strings over {len(records)} URLs; {errors} answered 5xx; "
        f"slowest {slowest.slowest:.2f} s ({slowest_url}).",
        "",
        f"An answer over {RETIME_ABOVE} s was timed twice and the faster time kept.",
        "",
        "| URL | examples | 5xx | slowest (s) | timed twice |",
        "|---|---:|---:|---:|---:|",
    ]
    for url, record in sorted(records.items()):
        lines.append(
            f"| {url} | {record.examples:,} | {len(record.errors)} | {record.slowest:.3f} | {record.retimed} |"
        )
    lines += ["", f"Slowest query string: `{slowest_url}?{slowest.slowest_query[:300]}`"]
    return "\n".join(lines)
