from django.apps import AppConfig


class ResponseConfig(AppConfig):
    name = "response"
    verbose_name = "V. Graduated response model"

    def ready(self) -> None:
        from response import views

        views.register_panels()
