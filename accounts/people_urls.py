"""The system administrator's pages for the people in one agreement, under /<slug>/people/ (S.2)."""

from django.urls import path

from accounts import people_views

app_name = "people"
urlpatterns = [
    path("", people_views.people, name="list"),
    path("<int:user_id>/unlock/", people_views.unlock, name="unlock"),
    path("<int:user_id>/reset-mfa/", people_views.reset_mfa, name="reset_mfa"),
]
