from django.apps import AppConfig


class TermConfig(AppConfig):
    name = "term"
    verbose_name = "XI. Term of the agreement"

    def ready(self) -> None:
        from lib import daily
        from term import tasks, views

        views.register_panels()
        daily.register(tasks.apply_modifications)
