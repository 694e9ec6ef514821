from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, roles and sign-in"

    def ready(self) -> None:
        from accounts.models import Role
        from agreements.panels import NavLink, register_link

        register_link(NavLink("People", "people:list", order=80, shows=lambda m: m.role == Role.SYSADMIN))
