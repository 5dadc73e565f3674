"""The email digests: each subscriber's notifications not yet emailed, daily or weekly as
they chose, in their language, with absolute links (settings.PORTAL_BASE_URL). A message
that cannot be sent is logged and left for the next run: only what went out is marked."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import notifications, presenting
from .models import Delivery, Notification, Subscriber

logger = logging.getLogger(__name__)

# A digest is due this long after the last one (a little under a day or a week, so that
# a timer's run a few minutes early still sends it).
DUE_AFTER = {Delivery.DAILY: timedelta(hours=20), Delivery.WEEKLY: timedelta(days=6, hours=20)}
MOST = 200  # notifications listed in one message; the rest are on the portal's page


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


def due(delivery: str, now) -> "list[Subscriber]":
    """Subscribers with an email address whose `delivery` digest is due and not empty."""
    last = f"{delivery}_sent"
    unsent = Notification.objects.filter(user=OuterRef("user"), emailed__isnull=True, delivery=delivery)
    return (
        Subscriber.objects.filter(Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__lte": now - DUE_AFTER[delivery]}))
        .filter(Exists(unsent), user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )


def send_digests(now=None) -> Outcome:
    """Tell the followers of what changed since the last run, then send every digest due."""
    now = now or timezone.now()
    notifications.collect()
    outcome = Outcome()
    with get_connection() as connection:
        for delivery in DUE_AFTER:
            for subscriber in due(delivery, now).iterator(chunk_size=200):
                if send_digest(subscriber, delivery, now, connection):
                    outcome.sent += 1
                else:
                    outcome.failed += 1
    return outcome


def send_digest(subscriber: Subscriber, delivery: str, now, connection=None) -> bool:
    user = subscriber.user
    unsent = Notification.objects.filter(user=user, emailed__isnull=True, delivery=delivery, at__lte=now)
    listed = list(unsent.select_related("by").order_by("-at", "-pk")[:MOST])
    if not listed:
        return True
    ids = list(unsent.values_list("pk", flat=True))
    with translation.override(subscriber.language):
        message = _message(subscriber, delivery, listed, len(ids), connection)
    try:
        message.send()
    except Exception:  # the mail server refused or was away: logged, retried at the next run
        logger.exception("The %s digest for %s could not be sent; it is retried at the next run", delivery, user)
        return False
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids).update(emailed=now)
        Subscriber.objects.filter(pk=subscriber.pk).update(**{f"{delivery}_sent": now})
    return True


def _message(subscriber: Subscriber, delivery: str, listed, total: int, connection) -> EmailMultiAlternatives:
    base = settings.PORTAL_BASE_URL.rstrip("/")
    context = {
        "items": presenting.present(listed, subscriber.user),
        "total": total,
        "more": total - len(listed),
        "base_url": base,
        "notifications_url": base + reverse("following:notifications"),
        "following_url": base + reverse("following:following"),
        "delivery": delivery,
        "user": subscriber.user,
    }
    if delivery == Delivery.DAILY:
        subject = _("Partnership Portal: your daily digest (%(count)s)") % {"count": total}
    else:
        subject = _("Partnership Portal: your weekly digest (%(count)s)") % {"count": total}
    message = EmailMultiAlternatives(
        subject,
        render_to_string("following/digest.txt", context),
        to=[subscriber.user.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("following/digest.html", context), "text/html")
    return message
