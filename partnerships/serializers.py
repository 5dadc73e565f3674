from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Figure, Organisation, Participation, Project, Quote


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The record's page in the portal, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text="The record's page in the portal.", **kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(instance.get_absolute_url())


def api_url(view_name: str, **kwargs) -> serializers.HyperlinkedIdentityField:
    """The record in the API, as an absolute URL."""
    return serializers.HyperlinkedIdentityField(
        view_name=f"api:{view_name}", help_text="The record in the API.", **kwargs
    )


@extend_schema_field(OpenApiTypes.URI)
class ProjectsUrlField(serializers.Field):
    """A partner's projects in the API: the project list filtered by it."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text="The partner's projects in the API.", **kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(f"{reverse('api:project-list')}?organisation={instance.slug}")


class OrganisationSerializer(serializers.ModelSerializer):
    citations = serializers.IntegerField(read_only=True, help_text="How many sources' passages support the record.")
    completeness = serializers.IntegerField(
        read_only=True, help_text="The share of its quality checks it passes, in percent (see /quality/)."
    )
    missing = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The quality checks it fails (the ?missing= values)."
    )
    hq_country = serializers.CharField(source="hq_country_id", allow_null=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    website = serializers.CharField(read_only=True, help_text="Its website (an https:// address), or empty.")
    url = api_url("organisation-detail", lookup_field="slug")
    page_url = PageUrlField()
    projects_url = ProjectsUrlField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "hq_country",
            "iati_identifier",
            "parent",
            "aliases",
            "website",
            "description",
            "citations",
            "completeness",
            "missing",
            "url",
            "page_url",
            "projects_url",
        ]


class OrganisationRefSerializer(serializers.ModelSerializer):
    url = api_url("organisation-detail", lookup_field="slug")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "url"]


class ParticipationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = [
            "organisation",
            "role",
            "amount",
            "currency",
            "in_kind",
            "agreement",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "note",
        ]


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Figure
        fields = ["kind", "qualifier", "value", "value_max", "unit", "label", "source_text"]


class ProjectSerializer(serializers.ModelSerializer):
    citations = serializers.IntegerField(read_only=True, help_text="How many sources' passages support the record.")
    completeness = serializers.IntegerField(
        read_only=True, help_text="The share of its quality checks it passes, in percent (see /quality/)."
    )
    missing = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The quality checks it fails (the ?missing= values)."
    )
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    figures = FigureSerializer(many=True, read_only=True)
    url = api_url("project-detail", lookup_field="slug")
    page_url = PageUrlField()

    class Meta:
        model = Project
        fields = [
            "slug",
            "title",
            "summary",
            "status",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "countries",
            "themes",
            "participations",
            "figures",
            "citations",
            "completeness",
            "missing",
            "url",
            "page_url",
        ]


class QuoteSerializer(serializers.ModelSerializer):
    citations = serializers.IntegerField(read_only=True, help_text="How many sources' passages support the record.")
    person = serializers.CharField(source="person.name", allow_null=True, default=None)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = api_url("quote-detail")

    class Meta:
        model = Quote
        fields = ["id", "text", "person", "organisation", "project", "note", "citations", "url"]
