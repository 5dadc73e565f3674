from django.urls import path

from . import sources

urlpatterns = [
    path("sources/<slug:slug>/", sources.source_detail, name="source"),
]
