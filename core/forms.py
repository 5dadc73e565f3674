import datetime
import itertools

from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext as _

from .dates import period_end, period_start


class NoOverlapFormSet(BaseInlineFormSet):
    """Rejects periods that overlap each other within one submission.

    Each form is checked against the database by the model's exclusion constraint;
    two new rows in the same submission are only visible to each other here.
    """

    def clean(self):
        super().clean()
        periods = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("start"):
                continue
            start = period_start(data["start"], data["start_precision"])
            end = period_end(data["end"], data["end_precision"]) if data.get("end") else datetime.date.max
            periods.append((start, end))
        periods.sort()
        for (_start, first_end), (second_start, _end) in itertools.pairwise(periods):
            if second_start <= first_end:
                raise ValidationError(_("Two of these periods overlap; periods may not overlap."))
