"""One spelling per query string: keys in order, so that the same filters give the same
link and the same cache key whichever order they were typed in."""

import re
from urllib.parse import urlencode, urlsplit

from django.http import QueryDict


def canonical(query: QueryDict) -> str:
    """`a=1&b=2&b=3`: the query's keys sorted, each with its values in order."""
    return urlencode(sorted(query.lists()), doseq=True)


def link(query: QueryDict, **changes: str) -> str:
    """`?` and the canonical query string, with `changes` set (a page, a sort...)."""
    if changes:
        query = query.copy()
        for key, value in changes.items():
            query[key] = value
    return "?" + canonical(query)


def back_to(request, list_url: str) -> str:
    """The list at `list_url` as the person last saw it: with the filters of the page
    they came from (the Referer), when that was this list on this site."""
    came_from = urlsplit(request.headers.get("Referer", ""))
    if came_from.netloc == request.get_host() and came_from.path == list_url and came_from.query:
        return f"{list_url}?{came_from.query}"
    return list_url


def whole_number(raw: str) -> int | None:
    """A number as typed in an address: ASCII digits only (str.isdigit() also accepts
    "²" or "①", which int() refuses), and short enough to mean something."""
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else None
