from django.urls import include, path

from agreements import views as agreement_views

urlpatterns = [
    path("", agreement_views.index, name="home"),
    path("healthz", agreement_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("<slug:slug>/", agreement_views.dashboard, name="dashboard"),
    path("<slug:slug>/agreement/", include("agreements.urls")),
    path("<slug:slug>/audit/", include("audit.urls")),
    path("<slug:slug>/calendar/", include("schoolcalendar.urls")),
    path("<slug:slug>/people/", include("accounts.people_urls")),
    path("<slug:slug>/reports/", include("reporting.urls")),
    path("<slug:slug>/notices/", include("notices.urls")),
    path("<slug:slug>/compilations/", include("reporting.urls_compilation")),
    path("<slug:slug>/students/", include("students.urls")),
    path("<slug:slug>/activities/", include("activities.urls")),
    path("<slug:slug>/training/", include("training.urls")),
    path("<slug:slug>/support/", include("support.urls")),
    path("<slug:slug>/term/", include("term.urls")),
    path("<slug:slug>/evaluation/", include("evaluation.urls")),
    path("<slug:slug>/board/", include("board.urls")),
    path("<slug:slug>/assignments/", include("assignments.urls")),
    path("<slug:slug>/bodycams/", include("bodycams.urls")),
    path("<slug:slug>/response/", include("response.urls")),
    path("<slug:slug>/video/", include("schoolvideo.urls")),
    path("<slug:slug>/incidents/", include("incidents.urls")),
    path("<slug:slug>/police/", include("schoolpolice.urls")),
]

handler500 = "operations.views.server_error"
