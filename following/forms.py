from django import forms
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.filtersets import PAGE_KEYS
from core.querystrings import canonical
from partnerships.models import Organisation, Project

from .models import Delivery, Follow, Notification, SavedSearch, Subscriber


class SavedSearchForm(forms.ModelForm):
    """A name for a list's filters; `shared` only for those who may share."""

    class Meta:
        model = SavedSearch
        fields = ["name", "list", "query", "shared"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
            "list": forms.HiddenInput,
            "query": forms.HiddenInput,
            "shared": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }
        help_texts = {"shared": _("Every signed-in colleague sees it in their saved searches.")}

    def __init__(self, *args, owner, **kwargs):
        kwargs.setdefault("instance", SavedSearch(owner=owner))
        super().__init__(*args, **kwargs)
        if not owner.has_perm("following.share_savedsearch"):
            del self.fields["shared"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        mine = SavedSearch.objects.filter(owner=self.instance.owner, name__iexact=name).exclude(pk=self.instance.pk)
        if mine.exists():
            raise forms.ValidationError(_("You already have a saved search with this name."))
        return name

    def clean_query(self) -> str:
        """The list's filters, in canonical order, without which page was shown."""
        query = QueryDict(self.cleaned_data["query"], mutable=True)
        for key in PAGE_KEYS - {"per_page"}:
            query.pop(key, None)
        return canonical(query)


class RenameForm(SavedSearchForm):
    class Meta(SavedSearchForm.Meta):
        fields = ["name", "shared"]


class FollowForm(forms.Form):
    """What to follow (or stop following): a partner or project by its id, the GMG, or
    a saved search the user sees; and the page to go back to."""

    kind = forms.ChoiceField(choices=Follow.Kind.choices)
    id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    stop = forms.BooleanField(required=False)
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.title = ""
        self.record = None

    def clean_next(self) -> str:
        """A page of the portal only (a path), else the Following page."""
        path = self.cleaned_data["next"]
        return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else ""

    def clean(self):
        data = super().clean()
        kind, record_id = data.get("kind"), data.get("id")
        if kind is None:
            return data
        if kind == Follow.Kind.GMG:
            self.title = _("Global Migration Group")
            return data
        records = {
            Follow.Kind.PARTNER: Organisation.objects.all(),
            Follow.Kind.PROJECT: Project.objects.all(),
            Follow.Kind.SEARCH: SavedSearch.objects.visible_to(self.user),
        }[kind]
        self.record = records.filter(pk=record_id).first() if record_id else None
        if self.record is None and not data.get("stop"):
            raise forms.ValidationError(_("There is no such record to follow: it may have been deleted."))
        self.title = str(self.record or "")
        return data

    def target(self) -> dict:
        kind = self.cleaned_data["kind"]
        if kind == Follow.Kind.SEARCH:
            return {"kind": kind, "search": self.record}
        return {"kind": kind, "record_id": self.cleaned_data["id"] if kind != Follow.Kind.GMG else None}


class DeliveryForm(forms.Form):
    """How the user hears of notifications: overall, or for one of their follows
    (blank: as overall)."""

    id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    delivery = forms.ChoiceField(choices=[("", _("As overall")), *Delivery.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if data.get("id"):
            data["follow"] = Follow.objects.filter(user=self.user, pk=data["id"]).first()
            if data["follow"] is None:
                raise forms.ValidationError(_("You do not follow this."))
        elif not data.get("delivery"):
            raise forms.ValidationError(_("Choose how you hear of your notifications."))
        return data

    @transaction.atomic
    def save(self) -> None:
        """The choice, and the notifications not yet emailed that it covers."""
        data = self.cleaned_data
        subscriber, _ = Subscriber.objects.update_or_create(
            user=self.user,
            defaults={} if data.get("id") else {"delivery": data["delivery"]},
            create_defaults={"delivery": data.get("delivery") or Delivery.PORTAL, "language": get_language()},
        )
        unsent = Notification.objects.filter(user=self.user, emailed__isnull=True)
        if data.get("id"):
            Follow.objects.filter(pk=data["follow"].pk).update(delivery=data["delivery"])
            unsent.filter(follow=data["follow"]).update(delivery=data["delivery"] or subscriber.delivery)
        else:
            unsent.filter(Q(follow__isnull=True) | Q(follow__delivery="")).update(delivery=data["delivery"])
