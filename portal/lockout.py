"""Login locks (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
from one address, that pair is locked for AXES_COOLOFF_TIME from the last failure.
Attempts during a lock are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
is off), so the lock ends when the page says it does. The locked page and the user's
admin page both read the lock from here."""

import datetime
from dataclasses import dataclass

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils import timezone


@dataclass(frozen=True)
class Lock:
    failures: int = 0  # counted failures of the worst (username, address) pair
    ends: datetime.datetime | None = None  # when locked: the end of the lock
    ip_address: str | None = None

    @property
    def remaining(self) -> int:
        """Failed logins that would lock the account now."""
        return max(settings.AXES_FAILURE_LIMIT - self.failures, 0)


def lock_for(username: str, ip_address: str | None = None) -> Lock:
    attempts = AccessAttempt.objects.filter(
        username=username, attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    if ip_address is not None:
        attempts = attempts.filter(ip_address=ip_address)
    worst = attempts.order_by("-failures_since_start", "-attempt_time").first()
    if worst is None:
        return Lock()
    locked = worst.failures_since_start >= settings.AXES_FAILURE_LIMIT
    ends = worst.attempt_time + settings.AXES_COOLOFF_TIME if locked else None
    return Lock(worst.failures_since_start, ends, worst.ip_address)


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The page of a locked login (AXES_LOCKOUT_CALLABLE): when the lock ends."""
    lock = lock_for(get_client_username(request, credentials), request.axes_ip_address)
    html = loader.render_to_string("errors/429.html", {"ends": lock.ends, "limit": settings.AXES_FAILURE_LIMIT})
    return HttpResponse(html, status=429)
