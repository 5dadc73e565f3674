from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("partnerships.urls")),
    path("gmg/", include("gmg.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
