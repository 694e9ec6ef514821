from django.urls import path

from schoolpolice import views, views_arrests

app_name = "schoolpolice"
urlpatterns = [
    path("", views.overview, name="overview"),
    # VI.1: requests to the building principal.
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/decide/", views.decide, name="decide"),
    path("requests/<int:pk>/accept/", views.accept_other, name="accept"),
    # VI.4: emergency actions, recorded after the fact.
    path("emergencies/new/", views.emergency_new, name="emergency_new"),
    path("emergencies/<int:pk>/", views.emergency_detail, name="emergency"),
    # L.1: § 10-233h arrest notices.
    path("arrests/new/", views_arrests.arrest_new, name="arrest_new"),
    path("arrests/<int:pk>/", views_arrests.arrest_detail, name="arrest"),
    path("arrests/<int:pk>/oral/", views_arrests.oral_notice, name="oral"),
    path("arrests/<int:pk>/written/", views_arrests.written_notice, name="written"),
    path("arrests/<int:pk>/pdf/", views_arrests.arrest_pdf, name="pdf"),
    path("arrests/<int:pk>/acknowledge/", views_arrests.acknowledge, name="acknowledge"),
]
