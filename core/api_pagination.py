from functools import partial

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .paginators import CountedPaginator
from .versioned_cache import cached

MAX_PAGE_SIZE = 200


class CachedCountPagination(PageNumberPagination):
    """Pages of 50 (`?page_size=` up to MAX_PAGE_SIZE) whose total is counted once per
    query and data version, like the portal's lists: counting a million projects takes a
    quarter of a second. A page or page size that cannot be used is a 400 naming it."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self._check(request)
        query = request.query_params.copy()
        query.pop(self.page_query_param, None)
        query.pop(self.page_size_query_param, None)
        count = cached(
            "api-count", queryset.model._meta.label, query.urlencode(), compute=queryset.count, per_language=False
        )
        self.django_paginator_class = partial(CountedPaginator, count=count)
        return super().paginate_queryset(queryset, request, view)

    def _check(self, request) -> None:
        problems = {}
        for key, most, message in (
            (self.page_query_param, None, _("Give a page number: a whole number from 1.")),
            (
                self.page_size_query_param,
                self.max_page_size,
                _("Give a page size from 1 to %(most)s.") % {"most": self.max_page_size},
            ),
        ):
            values = request.query_params.getlist(key)
            if not values:
                continue
            value = values[0]
            if len(values) > 1 or not value.isdigit() or int(value) < 1 or (most and int(value) > most):
                problems[key] = [message]
        if problems:
            raise ValidationError(problems)
