"""The system administrator's pages for the people in one agreement, under /<slug>/people/ (S.2)."""

from django.urls import path

from accounts import people_views

app_name = "people"
urlpatterns = [
    path("", people_views.people, name="list"),
    path("invite/", people_views.invite, name="invite"),
    path("<int:user_id>/", people_views.person, name="person"),
    path("<int:user_id>/role/", people_views.change_role, name="change_role"),
    path("<int:user_id>/end-role/", people_views.end_role, name="end_role"),
    path("<int:user_id>/deactivate/", people_views.deactivate, name="deactivate"),
    path("<int:user_id>/resend-link/", people_views.resend, name="resend"),
    path("<int:user_id>/revoke-link/", people_views.revoke, name="revoke"),
    path("<int:user_id>/unlock/", people_views.unlock, name="unlock"),
    path("<int:user_id>/reset-mfa/", people_views.reset_mfa, name="reset_mfa"),
]
