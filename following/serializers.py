from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Follow, Notification, SavedSearch
from .searches import list_url


class SavedSearchSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.get_username", read_only=True)
    url = serializers.SerializerMethodField(help_text="The list's page with the search's filters.")

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "list", "query", "shared", "owner", "created", "url"]

    def get_url(self, search) -> str:
        return self.context["request"].build_absolute_uri(list_url(search))


class FollowSerializer(serializers.ModelSerializer):
    search = serializers.PrimaryKeyRelatedField(read_only=True, help_text="A followed saved search's id.")
    record_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="A followed partner's or project's id."
    )

    class Meta:
        model = Follow
        fields = ["id", "kind", "record_id", "search", "title", "delivery", "created"]


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's label, in the request's language.")
    old = serializers.CharField()
    new = serializers.CharField()


class NotificationSerializer(serializers.ModelSerializer):
    """A notification with the fields its reader may view (following/presenting.py)."""

    by = serializers.CharField(source="by.get_username", read_only=True, allow_null=True, default=None)
    url = serializers.SerializerMethodField(help_text="The changed record's page, if it still exists.")
    changes = serializers.SerializerMethodField()
    read = serializers.DateTimeField(read_only=True, allow_null=True, help_text="When it was marked read.")
    emailed = serializers.DateTimeField(read_only=True, allow_null=True, help_text="When a digest told of it.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "about", "record", "subject", "count", "by", "at", "url", "changes", "read", "emailed"]

    def get_url(self, note) -> str | None:
        return self.context["request"].build_absolute_uri(note.url) if note.url else None

    @extend_schema_field(ChangeSerializer(many=True))
    def get_changes(self, note) -> list[dict]:
        fields = self.context["visible_changes"].get(note.pk, [])
        return [{"field": label, "old": old, "new": new} for label, old, new in fields]
