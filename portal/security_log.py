"""Who logged in, out, failed to, or was refused (a permission or a CSRF check): one
line each on the `portal.security` logger, with the time, the user and the client's
IP address. Passwords never appear."""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("portal.security")


def client_ip(request) -> str | None:
    """The client's address; behind our proxy, the one the proxy appended last."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR")


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    log.info("login user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    username = user.get_username() if user is not None else "-"
    log.info("logout user=%s ip=%s", username, client_ip(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password already masked by Django; only the name is kept.
    log.warning("login failed user=%s ip=%s", credentials.get("username", "-"), client_ip(request))


def permission_denied(request) -> None:
    user = getattr(request, "user", None)
    username = user.get_username() if user is not None and user.is_authenticated else "-"
    log.warning("permission denied user=%s ip=%s path=%s", username, client_ip(request), request.path)


def csrf_failure(request, reason: str) -> None:
    # Before the view: the user is not looked up (no database work for a refused form).
    log.warning("csrf failure ip=%s path=%s reason=%s", client_ip(request), request.path, reason)
