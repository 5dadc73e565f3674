from django.urls import path

from . import views

app_name = "gmg"
urlpatterns = [
    path("", views.group_on, name="on"),
    path("chairs/", views.chair_list, name="chairs"),
    path("groups/", views.group_list, name="groups"),
]
