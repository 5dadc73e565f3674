from django.http import HttpResponse


def healthz(request):
    """The process is alive; touches no database."""
    return HttpResponse("ok", content_type="text/plain")
