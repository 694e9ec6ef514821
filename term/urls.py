from django.urls import path

from term import views

app_name = "term"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("notice/", views.give_notice, name="notice"),
    path("mutual/", views.propose_mutual, name="mutual"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("modify/", views.propose_modification, name="modify"),
    path("modifications/<int:pk>/answer/", views.answer_modification, name="modification_answer"),
    path("modifications/<int:pk>/withdraw/", views.withdraw_modification, name="modification_withdraw"),
    path("versions/<int:number>/", views.version, name="version"),
]
