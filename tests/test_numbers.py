"""Numbers read as each language writes them, in pages and in code alike."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.numbers import decimal_display

NBSP = "\xa0"


@pytest.mark.parametrize(("language", "thousands"), [("en", ","), ("fr", NBSP), ("es", NBSP)])
def test_numbers_are_grouped_in_the_page_language(language, thousands):
    page = Template("{% load numbers %}{{ cash|grouped:0 }} | {{ count|grouped }} | {{ none|grouped }}")
    with translation.override(language):
        shown = page.render(Context({"cash": Decimal("1234567.40"), "count": 12345, "none": None}))
        assert shown == f"1{thousands}234{thousands}567 | 12{thousands}345 | "
        assert decimal_display(Decimal("2000.50")).startswith(f"2{thousands}000")
