"""Every URL the portal serves outside the admin, found by walking the URL resolver,
so that a new page cannot escape the tests that use this list."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from following.models import Follow, Notification, SavedSearch
from gmg.models import ChairTerm, Membership, WorkingGroup
from partnerships.models import Quote

# A real record for each kind of record page: a slug, or the model whose first row to take.
SAMPLE_KWARGS = {
    "partnerships:project": {"slug": "chevron-cyclone-myanmar"},
    "partnerships:organisation": {"slug": "chevron"},
    "source": {"slug": "iom-partner-pages"},
    "api:project-detail": {"slug": "chevron-cyclone-myanmar"},
    "api:organisation-detail": {"slug": "chevron"},
    "api:gmg-on": {"day": "2007-03-01"},
    "api:quote-detail": Quote,
    "api:membership-detail": Membership,
    "api:chairterm-detail": ChairTerm,
    "api:workinggroup-detail": WorkingGroup,
    "api:savedsearch-detail": SavedSearch,
    "api:follow-detail": Follow,
    "api:notification-detail": Notification,
}
# API records of one user's own: only they read them (the role tests give them to the editor).
OWN_RECORDS = {"api:savedsearch-detail", "api:follow-detail", "api:notification-detail"}
# Lists that take a part of their path: the choices of a long facet.
LIST_KWARGS = {
    "partnerships:project_choices": {"key": "country"},
    "partnerships:organisation_choices": {"key": "hq"},
}
OPEN_URLS = {"healthz", "readyz", "metrics", "login", "logout"}
# What a signed-in person's forms post to: each changes state, and answers a GET with 405.
POST_ONLY = {
    "following:save",
    "following:open",
    "following:rename",
    "following:delete",
    "following:follow",
    "following:delivery",
    "following:read",
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            ns = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def portal_url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def is_record_page(name: str) -> bool:
    return name in SAMPLE_KWARGS


def url_for(name: str, **extra) -> str:
    """The URL of a page, with a real record where it shows one."""
    kwargs = SAMPLE_KWARGS.get(name) or LIST_KWARGS.get(name, extra)
    if isinstance(kwargs, type):
        kwargs = {"pk": kwargs.objects.order_by("pk").values_list("pk", flat=True).first()}
    return reverse(name, kwargs=kwargs)
