from django.apps import AppConfig


class SchoolCalendarConfig(AppConfig):
    name = "schoolcalendar"
    verbose_name = "School calendar"
