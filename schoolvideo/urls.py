from django.urls import path

from schoolvideo import api, views

app_name = "schoolvideo"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("requests/new/", views.new_request, name="new_request"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/decide/", views.decide, name="decide"),
    path("requests/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("designations/", views.designations, name="designations"),
    path("designations/<int:pk>/revoke/", views.revoke_designation, name="revoke_designation"),
    path("access/", views.access_log, name="access"),
    path("access/record/", views.record_access, name="record_access"),
    path("ssu/", views.ssu_schedules, name="ssu"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("disclosures/new/", views.disclose, name="disclose"),
    path("api/access/", api.access, name="api_access"),
]
