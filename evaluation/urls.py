from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("feedback/new/", views.new_feedback, name="feedback"),
    path("concerns/new/", views.new_concerns, name="concerns"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("concerns/<int:pk>/decide/", views.decide, name="decide"),
    path("concerns/<int:pk>/documents/<int:doc>/", views.document, name="document"),
]
