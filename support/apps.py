from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "IX. District support for the SROs"

    def ready(self) -> None:
        from support import views

        views.register_panels()
