"""API tokens in the admin (django-rest-knox). An administrator issues a token for a
user, valid for a number of days; the token is shown once, on the page that issued it,
and only its hash is stored, so nobody (a superuser included) can read it afterwards.
Deleting a token revokes it."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from knox.models import AuthToken

DEFAULT_DAYS, MAX_DAYS = 90, 365
ISSUE_FIELDS = ["user", "days"]


class IssueTokenForm(forms.ModelForm):
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

    class Meta:
        model = AuthToken
        fields = ["user"]


class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_with", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    ordering = ["-created"]
    fields = ["user", "starts_with", "created", "expiry"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("Starts with"))
    def starts_with(self, token):
        return f"{token.token_key[:8]}…"

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = IssueTokenForm
            kwargs["fields"] = ISSUE_FIELDS
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ISSUE_FIELDS if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False  # a token is issued or revoked, never edited

    def add_view(self, request, form_url="", extra_context=None):
        if request.method != "POST" or not self.has_add_permission(request):
            return super().add_view(request, form_url, extra_context)
        form = IssueTokenForm(request.POST)
        if not form.is_valid():
            return super().add_view(request, form_url, extra_context)
        user = form.cleaned_data["user"]
        instance, token = AuthToken.objects.create(user=user, expiry=timedelta(days=form.cleaned_data["days"]))
        self.log_addition(request, instance, [{"added": {}}])
        context = {
            **self.admin_site.each_context(request),
            "title": _("API token for %(user)s") % {"user": user.get_username()},
            "opts": self.opts,
            "token": token,
            "expiry": instance.expiry,
        }
        return TemplateResponse(request, "admin/knox/token_issued.html", context)
