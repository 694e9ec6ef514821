from django.urls import path

from schoolcalendar import views

app_name = "schoolcalendar"
urlpatterns = [
    path("", views.calendar, name="calendar"),
]
