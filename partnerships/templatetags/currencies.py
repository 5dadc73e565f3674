from django import template

from partnerships.models import CURRENCIES

register = template.Library()


@register.inclusion_tag("admin/partnerships/currencies.html")
def currency_datalist():
    """Every ISO 4217 currency, once per page, for the currency boxes (admin_forms.CurrencyField)."""
    return {"currencies": CURRENCIES}
