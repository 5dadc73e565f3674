from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("projects/", views.project_list, name="projects"),
    path("projects/export.csv", views.project_export, name="project_export"),
    path("projects/export.xlsx", views.project_export_xlsx, name="project_export_xlsx"),
    path("projects/export.iati.xml", views.project_export_iati, name="project_export_iati"),
    path("projects/choices/<slug:key>/", views.project_choices, name="project_choices"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("partners/", views.organisation_list, name="organisations"),
    path("partners/export.csv", views.organisation_export, name="organisation_export"),
    path("partners/choices/<slug:key>/", views.organisation_choices, name="organisation_choices"),
    path("partners/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("quotes/", views.quote_list, name="quotes"),
    path("quality/", views.quality_report, name="quality"),
]
