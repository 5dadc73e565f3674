from decimal import Decimal

from django.utils.formats import number_format


def grouped(value, decimals: int | None = None) -> str:
    """A number with its thousands grouped as the active language writes them: 1,250.5 in
    English, 1 250,5 in French; `decimals` rounds it."""
    return number_format(value, decimals, force_grouping=True)


def decimal_display(value: Decimal) -> str:
    """2,000 or 2,000.50: whole amounts without decimals, others with two."""
    return grouped(value, 0 if value == value.to_integral_value() else 2)
