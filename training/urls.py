from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("record/", views.record_completion, name="record"),
    path("courses/", views.courses, name="courses"),
    path("courses/mou/", views.add_mou_courses, name="add_mou"),
]
