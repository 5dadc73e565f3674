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
        {
            "path": path,
            "method": method.upper(),
            "description": operation.get("description", ""),
            "parameters": [_parameter(p) for p in operation.get("parameters", [])],
        }
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]
    return render(request, "api/docs.html", {"info": schema["info"], "endpoints": endpoints})


def _parameter(parameter: dict) -> dict:
    """A parameter as the page shows it: name, place, type in words, meaning."""
    schema = parameter.get("schema", {})
    item = schema.get("items", {})
    kind = f"array of {item.get('type', 'string')}" if schema.get("type") == "array" else schema.get("type", "")
    choices = schema.get("enum") or item.get("enum") or []
    return {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": parameter.get("required", False),
        "type": kind + (": " + ", ".join(str(choice) for choice in choices) if choices else ""),
        "description": parameter.get("description", ""),
    }
