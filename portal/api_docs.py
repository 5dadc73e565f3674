from functools import cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator


@cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def api_docs(request):
    """The OpenAPI schema as a page: every endpoint, its parameters and answers.
    Rendered here rather than by a JavaScript viewer, so that it works offline and
    under the Content-Security-Policy."""
    schema = _schema()
    endpoints = [
        {"path": path, "method": method.upper(), **operation}
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]
    return render(request, "api/docs.html", {"info": schema["info"], "endpoints": endpoints})
