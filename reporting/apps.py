from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "VII. Reporting: Form A and the monthly compilation"

    def ready(self) -> None:
        from reporting import views

        views.register_panels()
