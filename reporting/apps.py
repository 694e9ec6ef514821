from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "VII. Reporting: Form A and the monthly compilation"

    def ready(self) -> None:
        from reporting import deadlines, views
        from schoolcalendar.signals import calendar_changed

        views.register_panels()
        calendar_changed.connect(deadlines.on_calendar_changed, dispatch_uid="reporting.due_dates")
