from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = "II. Assignment and supervision of SROs"

    def ready(self) -> None:
        from assignments import views

        views.register_panels()
