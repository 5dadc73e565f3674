"""The signed-in user's own saved searches (and the shared ones), follows and
notifications, read-only like the rest of the JSON API."""

from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from . import presenting
from .models import Follow, Notification, SavedSearch
from .serializers import FollowSerializer, NotificationSerializer, SavedSearchSerializer


class OwnPagination(PageNumberPagination):
    """Pages of 50, counted each time: a user's own rows are few, and no cache keyed by
    the data version would know of a new notification."""

    page_size = 50


class SavedSearchViewSet(viewsets.ReadOnlyModelViewSet):
    """Your saved searches and those shared with all staff."""

    serializer_class = SavedSearchSerializer
    pagination_class = OwnPagination
    queryset = SavedSearch.objects.none()  # for the schema; each request gets the user's (get_queryset)

    def get_queryset(self):
        return SavedSearch.objects.visible_to(self.request.user).select_related("owner")


class FollowViewSet(viewsets.ReadOnlyModelViewSet):
    """What you follow."""

    serializer_class = FollowSerializer
    pagination_class = OwnPagination
    queryset = Follow.objects.none()

    def get_queryset(self):
        return Follow.objects.filter(user=self.request.user)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your notifications, newest first, with the fields you may view."""

    serializer_class = NotificationSerializer
    pagination_class = OwnPagination
    queryset = Notification.objects.none()

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user).select_related("by")

    def get_serializer(self, *args, **kwargs):
        rows = args[0] if args else []
        rows = rows if isinstance(rows, list) else [rows]
        items = presenting.present(rows, self.request.user)
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["visible_changes"] = {item.notification.pk: item.fields for item in items}
        return super().get_serializer(*args, **kwargs)
