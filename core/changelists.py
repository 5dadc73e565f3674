"""A changelist whose filter values are out of range (a year 0 in a date lookup, a year
of 2147483648 in the date drill-down) answers "incorrect lookup" like any other bad
filter, instead of a 500."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class RangeCheckedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class RangeCheckedLookups:
    def get_changelist(self, request, **kwargs):
        return RangeCheckedChangeList
