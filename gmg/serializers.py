from rest_framework import serializers

from .models import ChairTerm, GroupName, Membership, WorkingGroup, WorkingGroupLead

PERIOD = ["start", "start_precision", "end", "end_precision"]


class MemberOrganisationSerializer(serializers.Serializer):
    """The organisation as the partners' API names it (its slug, name and kind)."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class MembershipSerializer(serializers.ModelSerializer):
    organisation = MemberOrganisationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", *PERIOD, "in_published_list", "note"]


class ChairTermSerializer(serializers.ModelSerializer):
    organisation = MemberOrganisationSerializer(read_only=True)

    class Meta:
        model = ChairTerm
        fields = ["organisation", *PERIOD, "note"]


class WorkingGroupLeadSerializer(serializers.ModelSerializer):
    organisation = MemberOrganisationSerializer(read_only=True)

    class Meta:
        model = WorkingGroupLead
        fields = ["organisation", "role", "position"]


class WorkingGroupSerializer(serializers.ModelSerializer):
    leads = WorkingGroupLeadSerializer(many=True, read_only=True)

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "kind", "note", "leads"]


class GroupNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupName
        fields = ["name", "acronym", "start", "start_precision"]


class GroupOnSerializer(serializers.Serializer):
    """The group on a date: its name, chair and members."""

    date = serializers.DateField()
    name = GroupNameSerializer(allow_null=True)
    chair = ChairTermSerializer(allow_null=True)
    members = MembershipSerializer(many=True)
