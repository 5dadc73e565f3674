from functools import cached_property

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator given its count, so that it does not count again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count
