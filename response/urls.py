from django.urls import path

from response import views

app_name = "response"
urlpatterns = [
    path("", views.index, name="index"),
    path("levels/", views.levels, name="levels"),
    path("students/<int:student>/", views.student, name="student"),
    path("students/<int:student>/interventions/new/", views.record_intervention, name="record_intervention"),
    path("students/<int:student>/requests/new/", views.new_request, name="new_request"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/outcome/", views.outcome, name="outcome"),
]
