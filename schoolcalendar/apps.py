from django.apps import AppConfig


class SchoolCalendarConfig(AppConfig):
    name = "schoolcalendar"
    verbose_name = "School calendar"

    def ready(self) -> None:
        from accounts.models import Role
        from agreements.panels import NavLink, Panel, register, register_link
        from schoolcalendar.panels import today_context

        register(Panel("schoolcalendar/panel.html", frozenset(Role.values), order=90, context=today_context))
        register_link(NavLink("Calendar", "schoolcalendar:calendar", order=20))
