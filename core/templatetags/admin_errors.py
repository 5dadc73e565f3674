"""The errors of an admin form and its inline rows, listed where the page starts."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass
class Problem:
    where: str  # the field, or row and field, as the page names them
    message: str
    anchor: str  # the id of the control or row to jump to


@register.simple_tag
def form_problems(adminform, inline_admin_formsets) -> list[Problem]:
    """Every error of the form's fields and of each inline row, with a link target (the
    form's own non-field errors are shown just above by Django's template)."""
    problems = _field_problems(adminform.form, "")
    for inline in inline_admin_formsets:
        formset = inline.formset
        name = str(inline.opts.verbose_name_plural).capitalize()
        problems += [Problem(name, message, f"{formset.prefix}-group") for message in formset.non_form_errors()]
        for index, form in enumerate(formset.forms):
            row = f"{inline.opts.verbose_name} {index + 1}".capitalize()
            problems += [Problem(row, message, f"{formset.prefix}-{index}") for message in form.non_field_errors()]
            problems += _field_problems(form, row)
    return problems


def _field_problems(form, row: str) -> list[Problem]:
    return [
        Problem(f"{row} · {form[name].label}" if row else str(form[name].label), message, form[name].auto_id)
        for name, errors in form.errors.items()
        if name in form.fields
        for message in errors
    ]
