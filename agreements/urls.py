"""The agreement's set-up page, under /<slug>/agreement/ (P.1): its system administrator and the operator."""

from django.urls import path

from agreements import views_setup

app_name = "agreement"
urlpatterns = [
    path("", views_setup.settings_page, name="settings"),
    path("schools/", views_setup.school, name="school_add"),
    path("schools/<int:school_id>/", views_setup.school, name="school_edit"),
    path("schools/<int:school_id>/remove/", views_setup.remove_school, name="school_remove"),
    path("signatories/", views_setup.signatory, name="signatory_add"),
    path("signatories/<int:signatory_id>/", views_setup.signatory, name="signatory_edit"),
    path("signatories/<int:signatory_id>/remove/", views_setup.remove_signatory, name="signatory_remove"),
]
