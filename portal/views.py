from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def healthz(request):
    """The process is alive; touches no database."""
    return HttpResponse("ok", content_type="text/plain")
