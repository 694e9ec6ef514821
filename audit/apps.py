from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from accounts.models import SUPERINTENDENT_ROLES, Role
        from agreements.panels import NavLink, register_link

        readers = {Role.CHIEF, *SUPERINTENDENT_ROLES}
        register_link(NavLink("Audit", "audit:log", order=70, shows=lambda m: m.role in readers))
