from django.apps import AppConfig


class TermConfig(AppConfig):
    name = "term"
    verbose_name = "XI. Term of the agreement"

    def ready(self) -> None:
        from term import views

        views.register_panels()
