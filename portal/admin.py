"""The admin of what is not the apps' own: django-axes' login-attempt lists (with the
range-checked changelist of core/changelists.py), the user's page with their login
lock and a button to lift it, and API tokens (token_admin.py)."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from core.changelists import RangeCheckedLookups

from .lockout import lock_for
from .token_admin import AuthTokenAdmin

for model, model_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (RangeCheckedLookups, model_admin), {}))


class PortalUserAdmin(UserAdmin):
    readonly_fields = [*UserAdmin.readonly_fields, "login_lock"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else [*fieldsets, (_("Login lock"), {"fields": ["login_lock"]})]

    @admin.display(description=_("Failed logins"))
    def login_lock(self, user):
        lock = lock_for(user.get_username())
        if lock.ends is None:
            return gettext("%(failures)s failed logins; %(remaining)s more lock this account.") % {
                "failures": lock.failures,
                "remaining": lock.remaining,
            }
        # A button of the change form, sent to the unlock address instead (no nested form).
        return format_html(
            '{} <button type="submit" formaction="{}" class="button">{}</button>',
            gettext("Locked until %(time)s UTC, after %(failures)s failed logins from %(address)s.")
            % {"time": f"{lock.ends:%H:%M}", "failures": lock.failures, "address": lock.ip_address},
            reverse("admin:auth_user_unlock", args=[user.pk]),
            gettext("Unlock"),
        )

    def get_urls(self):
        unlock = path("<path:object_id>/unlock/", self.admin_site.admin_view(self.unlock_view), name="auth_user_unlock")
        return [unlock, *super().get_urls()]

    @method_decorator(require_POST)
    def unlock_view(self, request, object_id):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        reset(username=user.get_username())
        messages.success(request, gettext("%(user)s can log in again.") % {"user": user.get_username()})
        return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
admin.site.unregister(AuthToken)
admin.site.register(AuthToken, AuthTokenAdmin)

admin.site.site_header = _("Partnership Portal administration")
admin.site.site_title = _("Partnership Portal administration")
