from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = "VII.10 To the Board of Education, and the annual program review"

    def ready(self) -> None:
        from board import views

        views.register_panels()
