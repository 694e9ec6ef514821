from django.urls import path

from bodycams import views, views_disputes, views_requests

app_name = "bodycams"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("activations/new/", views.new, name="new"),
    path("activations/start/", views.start, name="start"),
    path("activations/export/", views.export, name="export"),
    path("activations/<int:pk>/", views.activation, name="activation"),
    path("activations/<int:pk>/log/", views.complete, name="complete"),
    path("activations/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("activations/<int:pk>/request/", views_requests.new_request, name="request_new"),
    path("requests/<int:pk>/", views_requests.request_detail, name="request"),
    path("requests/<int:pk>/decide/", views_requests.decide, name="decide"),
    path("requests/<int:pk>/viewings/", views_requests.log_viewing, name="viewing"),
    path("disputes/new/", views_disputes.new_dispute, name="dispute_new"),
    path("disputes/<int:pk>/", views_disputes.dispute, name="dispute"),
    path("disputes/<int:pk>/position/", views_disputes.position, name="position"),
    path("disputes/<int:pk>/resolution/", views_disputes.propose, name="propose"),
    path("disputes/<int:pk>/agree/", views_disputes.agree, name="agree"),
]
