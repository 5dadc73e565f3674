"""The JSON API's filtering: the pages' own FilterSets, strictly. What a list page ignores
with a notice (an unknown parameter, a value no filter can use, a key given twice) is a
400 here, naming each parameter, so that a script never mistakes the whole list for an
answer."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from .filtersets import PortalFilterSet

# What chooses the page and the format, not the records.
API_KEYS = frozenset({"page", "page_size", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = request.query_params.copy()
        if len(data.getlist("sort")) > 1:
            # Generated clients repeat the key (sort=title&sort=-end): the same as commas.
            data.setlist("sort", [",".join(data.getlist("sort"))])
        filterset_class = self.get_filterset_class(view, queryset)
        if issubclass(filterset_class, PortalFilterSet):
            problems = filterset_class.clean_query(data, known=API_KEYS).problems
            if problems:
                raise ValidationError(problems)
        kwargs["data"] = data
        return kwargs
