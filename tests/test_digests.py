"""The email digests: daily or weekly as each follower chose, in their language, with
absolute links; a message that cannot be sent is retried, and only what went out is marked."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from following import notifications
from following.digests import send_digests
from following.models import Delivery, Follow, Notification, Subscriber
from partnerships.models import Project

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PORTAL_BASE_URL = BASE + "/"


@pytest.fixture
def viola(viewer):
    viewer.email = "viola@example.org"
    viewer.save()
    return viewer


def followed_change(user, *, language="en", delivery=None, by=None) -> Project:
    """`user` follows a project that is then changed; the project."""
    project = Project.objects.order_by("pk").first()
    notifications.follow(user=user, kind=Follow.Kind.PROJECT, record_id=project.pk, language=language)
    if delivery:
        Subscriber.objects.filter(user=user).update(delivery=delivery)
        Notification.objects.filter(user=user).update(delivery=delivery)
    project.summary, project._history_user = "Revised after the field visit", by
    project.save()
    return project


def test_a_daily_digest_goes_out_with_absolute_links(viola, editor):
    project = followed_change(viola, by=editor)
    outcome = send_digests()
    assert (outcome.sent, outcome.failed) == (1, 0)
    (message,) = mail.outbox
    assert message.to == ["viola@example.org"]
    assert "daily digest (2)" in message.subject  # the welcome and the change
    assert f"{BASE}{project.get_absolute_url()}" in message.body
    assert f"{BASE}/notifications/" in message.body and f"{BASE}/following/" in message.body
    assert "Revised after the field visit" in message.body and "by edgar" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and f'href="{BASE}{project.get_absolute_url()}"' in html
    assert not Notification.objects.filter(user=viola, emailed__isnull=True).exists()


def test_the_digest_is_in_the_follower_s_language(viola):
    followed_change(viola, language="fr")
    send_digests()
    (message,) = mail.outbox
    assert "résumé quotidien" in message.subject
    assert "Bonjour viola" in message.body


def test_nothing_is_sent_twice_and_the_next_day_brings_the_next(viola):
    project = followed_change(viola)
    send_digests()
    send_digests()
    assert len(mail.outbox) == 1
    project.summary = "Changed again"
    project.save()
    send_digests()
    assert len(mail.outbox) == 1  # not yet a day
    send_digests(now=timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 2 and "Changed again" in mail.outbox[1].body


def test_weekly_waits_a_week_and_portal_only_never_mails(viola, editor):
    editor.email = "edgar@example.org"
    editor.save()
    followed_change(viola, delivery=Delivery.WEEKLY)
    followed_change(editor, delivery=Delivery.PORTAL)
    send_digests()
    assert [m.to for m in mail.outbox] == [["viola@example.org"]]
    send_digests(now=timezone.now() + timedelta(days=3))
    assert len(mail.outbox) == 1


def test_a_message_that_cannot_be_sent_is_retried_and_nothing_marked(viola, monkeypatch, caplog):
    followed_change(viola)

    def refused(self, fail_silently=False):
        raise ConnectionRefusedError("the mail server is away")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with pytest.raises(CommandError, match="1 digests could not be sent"):
        call_command("send_digests")
    assert "could not be sent" in caplog.text
    assert Notification.objects.filter(user=viola, emailed__isnull=True).count() == 2
    assert Subscriber.objects.get(user=viola).daily_sent is None
    monkeypatch.undo()
    call_command("send_digests")
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(user=viola, emailed__isnull=True).exists()


def test_an_account_switched_off_gets_no_mail(viola):
    followed_change(viola)
    viola.is_active = False
    viola.save()
    send_digests()
    assert mail.outbox == []


def test_a_change_of_mind_covers_what_is_not_yet_sent(viola):
    followed_change(viola)
    signed_in = Client()
    signed_in.force_login(viola)
    signed_in.post(reverse("following:delivery"), {"delivery": "portal"})
    send_digests()
    assert mail.outbox == []
    assert set(Notification.objects.filter(user=viola).values_list("delivery", flat=True)) == {"portal"}
