from .models import Notification


def unread(request) -> dict:
    """The header's count of the signed-in user's unread notifications (one indexed
    count, when the header shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.filter(user=user, read__isnull=True).count()}
