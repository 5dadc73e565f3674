from django.urls import path

from . import views

app_name = "following"
urlpatterns = [
    path("saved/", views.saved_searches, name="saved_searches"),
    path("saved/new/", views.save, name="save"),
    path("saved/open/", views.open_search, name="open"),
    path("saved/rename/", views.rename, name="rename"),
    path("saved/delete/", views.delete, name="delete"),
    path("following/", views.following, name="following"),
    path("following/follow/", views.follow, name="follow"),
    path("following/delivery/", views.delivery, name="delivery"),
    path("notifications/", views.notifications_page, name="notifications"),
    path("notifications/read/", views.mark_read, name="read"),
]
