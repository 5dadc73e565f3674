"""Error pages. They are rendered without the request's context, so they never touch
the database (no session, no user): they work when PostgreSQL is down, and say
nothing about the records or the code."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from core.conflicts import is_conflict

from . import security_log

# Seconds a client is asked to wait when the database cannot answer.
RETRY_AFTER = 5
# PostgreSQL's code for a statement it cancelled, here always for statement_timeout.
QUERY_CANCELED = "57014"

logger = logging.getLogger("portal.timeouts")


def error_page(status: int, template: str | None = None) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template or f"errors/{status}.html"), status=status)


def bad_request(request, exception=None):
    return error_page(400)


def permission_denied(request, exception=None):
    security_log.permission_denied(request)
    return error_page(403)


def page_not_found(request, exception=None):
    return error_page(404)


def server_error(request):
    """A statement that ran over the time limit gets a page saying so, and is logged
    with its query string; so does a record another write held too long (409). A
    database that cannot be reached is a passing fault: 503 with Retry-After. Anything
    else is a 500."""
    error = sys.exc_info()[1]
    if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
        logger.warning("Statement timeout: %s %s", request.method, request.get_full_path())
        return error_page(503, "errors/too_slow.html")
    if is_conflict(error):  # the admin's forms say it on the form itself (core/conflicts.py)
        logger.warning("Lock conflict: %s %s", request.method, request.get_full_path())
        return error_page(409)
    if isinstance(error, OperationalError | InterfaceError):
        return unavailable()
    return error_page(500)


def unavailable() -> HttpResponse:
    response = error_page(503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def csrf_failure(request, reason=""):
    security_log.csrf_failure(request, reason)
    return error_page(403)
