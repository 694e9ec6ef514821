from django.urls import path

from schoolcalendar import views

app_name = "schoolcalendar"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("import/", views.import_calendar, name="import"),
    path("day/<str:day>/", views.set_day, name="set_day"),
]
