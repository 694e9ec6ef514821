from django.urls import path

from term import views

app_name = "term"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("notice/", views.give_notice, name="notice"),
    path("mutual/", views.propose_mutual, name="mutual"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]
