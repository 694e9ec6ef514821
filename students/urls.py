from django.urls import path

from students import views

app_name = "students"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_status, name="import"),
    path("schools/", views.mapping, name="mapping"),
    path("settings/", views.roster_settings, name="settings"),
    path("disclosures/", views.disclosures, name="disclosures"),
    path("lookup/<int:report>/<int:position>/", views.lookup, name="lookup"),
    path("fill/<int:report>/<int:position>/<int:student>/", views.fill, name="fill"),
]
