"""`{{ value|grouped }}` and `{{ value|grouped:0 }}`: numbers as core/numbers.py writes them."""

from django import template

from core.numbers import grouped as grouped_number

register = template.Library()


@register.filter
def grouped(value, decimals=None):
    if value is None or value == "":
        return ""
    return grouped_number(value, None if decimals is None else int(decimals))
