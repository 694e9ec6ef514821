from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "VII. Reporting: Form A and the monthly compilation"
