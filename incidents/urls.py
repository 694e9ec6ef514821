from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.index, name="index"),
    # IV.1: notice to the principal.
    path("notices/new/", views.new_notice, name="new_notice"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/acknowledge/", views.acknowledge_notice, name="acknowledge_notice"),
    path("notices/<int:pk>/form-a/", views.notice_form_a, name="notice_form_a"),
    # IV.4: physical restraint or seclusion, an emergency intervention.
    path("interventions/new/", views.new_intervention, name="new_intervention"),
    path("interventions/<int:pk>/", views.intervention, name="intervention"),
    path("interventions/<int:pk>/acknowledge/", views.acknowledge_intervention, name="acknowledge_intervention"),
    path("interventions/<int:pk>/form-a/", views.intervention_form_a, name="intervention_form_a"),
    # The agreement's parameter: when the notice is due.
    path("settings/", views.notice_settings, name="settings"),
]
