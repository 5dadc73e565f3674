from django.conf import settings
from django.utils.cache import patch_cache_control


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
