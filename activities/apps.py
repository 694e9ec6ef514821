from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "IV.2 Duties of the SRO: activities"

    def ready(self) -> None:
        from activities import views

        views.register_panels()
