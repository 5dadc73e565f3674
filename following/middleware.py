"""After a request that may have written (any method but GET, HEAD, OPTIONS), its changes
become notifications once the response is sent: the writer does not wait, and the next
page any follower opens shows them."""

import logging
from contextvars import ContextVar

from django.db import DatabaseError

from . import notifications

logger = logging.getLogger(__name__)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
_wrote: ContextVar[bool] = ContextVar("following_wrote", default=False)


def tell_followers_after_writes(get_response):
    def middleware(request):
        if request.method not in SAFE_METHODS:
            _wrote.set(True)
        return get_response(request)

    return middleware


def tell_followers(sender, **kwargs) -> None:
    if not _wrote.get():
        return
    _wrote.set(False)
    try:
        notifications.collect(scan=False)
    except DatabaseError:  # the timer's run tells them instead
        logger.exception("Telling followers after a write failed; the next run tells them")
