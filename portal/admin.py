"""Admin-wide fixes: a changelist whose filter values are out of range (a year 0 in a
date lookup, a year of 2147483648 in the date drill-down) answers "incorrect lookup"
like any other bad filter, instead of a 500. Applied to our own admins (HistoryAdmin)
and to django-axes' login-attempt lists."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _


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


for model, model_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (RangeCheckedLookups, model_admin), {}))

admin.site.site_header = _("Partnership Portal administration")
admin.site.site_title = _("Partnership Portal administration")
