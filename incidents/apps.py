from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "IV.1 and IV.4 Telling the principal: incident notices and emergency interventions"

    def ready(self) -> None:
        from incidents import tasks, views
        from lib import daily

        views.register_panels()
        daily.register(tasks.remind_principals)
