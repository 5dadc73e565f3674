import re
import uuid

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import logs, routers


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
# A cookie marking that this browser wrote a moment ago: its reads stay on the primary.
WROTE_COOKIE = "portal_wrote"


def read_replica(get_response):
    """Where the request reads (portal/routers.py): a read-only request (GET, HEAD) out
    of the admin reads from the replica, unless this browser wrote within
    REPLICA_LAG_SECONDS; a request that may write reads from the primary, and marks
    the browser for that long. Also names the user for the log lines."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            logs.user.set(user.get_username())
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        replica = (
            settings.READ_REPLICA is not None
            and safe
            and not request.path.startswith("/admin/")
            and WROTE_COOKIE not in request.COOKIES
        )
        token = routers.read_from_replica.set(replica)
        try:
            response = get_response(request)
        finally:
            routers.read_from_replica.reset(token)
        if not safe and settings.READ_REPLICA is not None:
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.REPLICA_LAG_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return middleware


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
