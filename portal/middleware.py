import re
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import logs, replica, routers


def cross_origin_resource_policy(get_response):
    """Other sites may not embed this site's responses (Django has no setting for it)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response

    return middleware


def private_responses(get_response):
    """What the portal answers is for the person who asked: no browser or proxy may keep
    it (pages, exports and API answers alike). Static files are served before this."""

    def middleware(request):
        response = get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def request_context(get_response):
    """The request's id (the proxy's X-Request-ID, else a new one) and, once known, its
    user, for every log line written while it is answered; the id is sent back."""

    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        ident = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        id_token = logs.request_id.set(ident)
        user_token = logs.user.set("-")
        try:
            response = get_response(request)
        finally:
            logs.request_id.reset(id_token)
            logs.user.reset(user_token)
        response.headers["X-Request-ID"] = ident
        return response

    return middleware


REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")


class ReadReplicaMiddleware:
    """Where the request reads (portal/replica.py, portal/routers.py): a read-only
    request reads the records from the standby when it is up, within the lag limit and
    past this browser's last write; a request that may write reads from the primary and
    notes the primary's WAL position in a cookie. Also names the user for the log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            logs.user.set(user.get_username())
        token = routers.read_from_replica.set(replica.reads_from_standby(request))
        try:
            response = self.get_response(request)
        finally:
            routers.read_from_replica.reset(token)
        if settings.READ_REPLICA is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                replica.WROTE_COOKIE,
                replica.primary_position(),
                max_age=settings.REPLICA_MAX_LAG_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """The standby failed during the request: answer it again from the primary. (A
        streamed export that fails half-way cannot be taken back; it is cut short.)"""
        if not routers.read_from_replica.get() or not isinstance(exception, OperationalError | InterfaceError):
            return None
        replica.mark_down(exception)
        routers.read_from_replica.set(False)
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        return response.render() if hasattr(response, "render") else response


CORS_ALLOW_HEADERS = "Authorization, Accept, Accept-Language, If-None-Match"
CORS_EXPOSE_HEADERS = "ETag, X-Request-ID"


def cross_origin_api(get_response):
    """The API for the other sites named in PORTAL_CORS_ORIGINS (none by default): a
    browser's preflight is answered before anything asks for credentials, and answers
    say which origin may read them. Only with a token: the session cookie never goes
    cross-origin (no Allow-Credentials)."""

    def middleware(request):
        origin = request.headers.get("Origin")
        if not origin or not request.path.startswith("/api/"):
            return get_response(request)
        allowed = origin in settings.PORTAL_CORS_ORIGINS
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            if not allowed:
                return HttpResponseForbidden("This origin may not call the API.", content_type="text/plain")
            response = HttpResponse(status=200)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
            response["Access-Control-Max-Age"] = "600"
        else:
            response = get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
            patch_vary_headers(response, ["Origin"])
        return response

    return middleware
