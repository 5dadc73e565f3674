"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: where
the API is, the errors each operation can answer, and what the record-naming filters
take. A drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS)."""

import csv
from pathlib import Path

from core.dates import FIRST_YEAR, LAST_YEAR
from core.filtersets import YearFilter

ERROR = {
    "type": "object",
    "description": "What went wrong: `detail`, or each parameter that cannot be used with its messages.",
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}
RESPONSES = {
    "400": "A parameter cannot be used; the answer names it.",
    "401": "No credentials, or a wrong or expired token.",
    "404": "No such record, or no such page.",
    "406": "The Accept header asks for something other than JSON.",
}
COUNTRIES = Path(__file__).resolve().parent.parent / "partnerships" / "data" / "countries.csv"
# The filters that name records: what they take.
NAMED = {
    "country": "ISO 3166-1 alpha-2 country codes, in capitals (ZA, not za); repeat the key for several.",
    "hq": "ISO 3166-1 alpha-2 codes of the countries of headquarters, in capitals; repeat the key for several.",
    "theme": "Theme slugs (counter-trafficking, health...: /api/projects/ gives each project's); repeat the key.",
    "organisation": "Partner slugs (as /api/organisations/ gives them); repeat the key for several.",
    "project": "Project slugs (as /api/projects/ gives them); repeat the key for several.",
}


def _country_codes() -> list[str]:
    with COUNTRIES.open(newline="") as file:
        return sorted(row["code"] for row in csv.DictReader(file))


def _years_are_whole(result, generator) -> None:
    """A year filter is a number to drf-spectacular: say it is a whole one, in range, so
    that generated clients send 2008, not 2008.0."""
    for path, _pattern, method, view in generator.endpoints:
        filterset = getattr(getattr(view, "cls", None), "filterset_class", None)
        operation = result["paths"].get(path, {}).get(method.lower())
        if filterset is None or operation is None:
            continue
        years = {name for name, filter_ in filterset.base_filters.items() if isinstance(filter_, YearFilter)}
        for parameter in operation.get("parameters", []):
            if parameter["name"] in years:
                parameter["schema"] = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}


def add_portal_details(result, generator, request, public):
    _years_are_whole(result, generator)
    result["servers"] = [{"url": "/", "description": "This portal (the API is under /api/)."}]
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    codes = _country_codes()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in RESPONSES.items():
                if status == "400" and not operation.get("parameters"):
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if name in NAMED and parameter.get("in") == "query":
                    parameter["description"] = NAMED[name]
                    item = {"type": "string", "enum": codes} if name in ("country", "hq") else {"type": "string"}
                    parameter["schema"] = {"type": "array", "items": item}
                    parameter.update(style="form", explode=True)
    return result
