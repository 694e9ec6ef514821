from django.urls import path

from assignments import views

app_name = "assignments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("nominate", views.nominate, name="nominate"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:nomination_id>/approve", views.approve, name="approve"),
    path("nominations/<int:nomination_id>/decline", views.decline, name="decline"),
    path("sros/<int:sro_id>/", views.sro_detail, name="sro"),
    path("sros/<int:sro_id>/schedule", views.propose_schedule, name="propose_schedule"),
    path("sros/<int:sro_id>/absence", views.record_absence, name="record_absence"),
    path("schedules/<int:schedule_id>/confirm", views.confirm_schedule, name="confirm_schedule"),
    path("schedules/<int:schedule_id>/set-aside", views.set_aside_schedule, name="set_aside_schedule"),
]
