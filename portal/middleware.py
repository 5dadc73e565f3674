from django.conf import settings


def cross_origin_resource_policy(get_response):
    """Other sites may not embed this site's responses (Django has no setting for it)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response

    return middleware
