"""Form fields of the admin that are kinder than a model field's default."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import currencies
from .models import CURRENCY_NAMES, Participation

# How many currencies an unknown word suggests.
SUGGESTIONS = 3


class CurrencyField(forms.CharField):
    """An ISO 4217 currency, typed as its code or its name ("usd", "US Dollar", "euro"),
    with every currency offered as one types (the datalist "currencies", rendered once
    per page by templates/admin/partnerships/change_form.html)."""

    widget = forms.TextInput(attrs={"list": "currencies", "size": 10, "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Currency"))
        kwargs.setdefault("help_text", _("Type a code or a name, e.g. USD, dollars or euros."))
        super().__init__(max_length=None, **kwargs)

    def to_python(self, value) -> str:
        text = super().to_python(value).strip()
        if not text:
            return ""
        found = currencies.find(text)
        if found.code:
            return found.code
        if found.candidates:
            used = set(Participation.objects.exclude(currency="").values_list("currency", flat=True).distinct())
            codes = sorted(found.candidates, key=lambda code: (code not in used, code))[:SUGGESTIONS]  # in use first
            raise ValidationError(
                _("“%(text)s” may be %(near)s: type the three-letter code of the one you mean."),
                params={"text": text, "near": ", ".join(f"{code} ({CURRENCY_NAMES[code]})" for code in codes)},
            )
        raise ValidationError(
            _("“%(text)s” is not a currency: type its three-letter ISO 4217 code (USD) or its name."),
            params={"text": text},
        )
