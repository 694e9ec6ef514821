from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Student information (VII.6, VII.4, L.2)"

    def ready(self) -> None:
        from accounts.models import SUPERINTENDENT_ROLES, Role
        from agreements.panels import NavLink, Panel, register, register_link
        from lib import daily
        from students import tasks
        from students.views import roster_panel

        daily.register(tasks.fail_stalled_imports)

        register_link(
            NavLink("Student roster", "students:roster", order=75, shows=lambda m: m.role == Role.DATA_STEWARD)
        )
        register_link(
            NavLink("Disclosures", "students:disclosures", order=76, shows=lambda m: m.role in SUPERINTENDENT_ROLES)
        )

        register(
            Panel(
                "students/panel.html",
                roles=frozenset({"data_steward", "superintendent", "superintendent_designee"}),
                order=70,
                context=roster_panel,
            )
        )
