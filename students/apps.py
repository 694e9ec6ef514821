from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Student information (VII.6, VII.4, L.2)"

    def ready(self) -> None:
        from agreements.panels import Panel, register
        from students.views import roster_panel

        register(
            Panel(
                "students/panel.html",
                roles=frozenset({"data_steward", "superintendent", "superintendent_designee"}),
                order=70,
                context=roster_panel,
            )
        )
