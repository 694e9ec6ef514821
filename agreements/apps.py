from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "The agreement as data"

    def ready(self) -> None:
        from accounts.models import Role
        from agreements.panels import NavLink, register_link

        register_link(NavLink("Home", "dashboard", order=10))
        register_link(NavLink("Agreement", "agreement:settings", order=85, shows=lambda m: m.role == Role.SYSADMIN))
