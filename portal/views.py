from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from .errors import unavailable


@login_not_required
@require_safe
def healthz(request):
    """The process is alive; touches no database."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (JSON, files)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_not_required
@require_safe
def readyz(request):
    """The process can serve: its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return unavailable()
    return HttpResponse("ready", content_type="text/plain")
