from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("partnerships.urls")),
    path("gmg/", include("gmg.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("portal.api_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
]

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
