"""Every URL the portal serves outside the admin, found by walking the URL resolver,
so that a new page cannot escape the tests that use this list."""

from django.urls import URLPattern, URLResolver, get_resolver

# A real slug for each kind of record page.
SAMPLE_KWARGS = {
    "partnerships:project": {"slug": "chevron-cyclone-myanmar"},
    "partnerships:organisation": {"slug": "chevron"},
}
OPEN_URLS = {"healthz", "readyz", "login", "logout", "password_reset", "password_reset_done", "password_reset_complete"}


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
