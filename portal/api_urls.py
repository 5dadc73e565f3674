"""/api/: the read-only JSON API, its OpenAPI 3 schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from following import api as following_api
from gmg import api as gmg_api
from partnerships import api as partnerships_api

from .api_docs import api_docs

router = DefaultRouter()
router.register("organisations", partnerships_api.OrganisationViewSet)
router.register("projects", partnerships_api.ProjectViewSet)
router.register("quotes", partnerships_api.QuoteViewSet)
router.register("gmg/memberships", gmg_api.MembershipViewSet)
router.register("gmg/chair-terms", gmg_api.ChairTermViewSet)
router.register("gmg/working-groups", gmg_api.WorkingGroupViewSet)
router.register("saved-searches", following_api.SavedSearchViewSet)
router.register("follows", following_api.FollowViewSet)
router.register("notifications", following_api.NotificationViewSet)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("gmg/on/<str:day>/", gmg_api.GroupOnView.as_view(), name="gmg-on"),
    *router.urls,
]
