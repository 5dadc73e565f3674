"""The read-only JSON API for the Global Migration Group."""

import datetime

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_conditional import ConditionalGet
from core.dates import plausible

from .models import ChairTerm, GroupName, Membership, WorkingGroup, WorkingGroupLead
from .serializers import ChairTermSerializer, GroupOnSerializer, MembershipSerializer, WorkingGroupSerializer


class MembershipViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    queryset = Membership.objects.select_related("organisation").order_by("start", "organisation__name", "pk")
    serializer_class = MembershipSerializer


class ChairTermViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    queryset = ChairTerm.objects.select_related("organisation").order_by("start")
    serializer_class = ChairTermSerializer


class WorkingGroupViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    queryset = WorkingGroup.objects.prefetch_related(
        Prefetch("leads", WorkingGroupLead.objects.select_related("organisation").order_by("position"))
    ).order_by("name")
    serializer_class = WorkingGroupSerializer


class GroupOnView(ConditionalGet, APIView):
    """The group on a date (YYYY-MM-DD, 1900 to 2100): its name, chair and members."""

    @extend_schema(responses={200: GroupOnSerializer, 400: OpenApiResponse(description="Not a date")})
    def get(self, request, day: str):
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError:
            raise ValidationError({"date": f"“{day[:40]}” is not a date (YYYY-MM-DD)."}) from None
        if not plausible(date):
            raise ValidationError({"date": "Choose a date between 1900 and 2100."})
        group = {
            "date": date,
            "name": GroupName.objects.on(date).first(),
            "chair": ChairTerm.objects.on(date).select_related("organisation").first(),
            "members": Membership.objects.on(date).select_related("organisation").order_by("start", "pk"),
        }
        return Response(GroupOnSerializer(group).data)
