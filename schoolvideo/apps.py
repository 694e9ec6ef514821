from django.apps import AppConfig


class SchoolvideoConfig(AppConfig):
    name = "schoolvideo"
    verbose_name = "VIII. Law enforcement access to images from school cameras"

    def ready(self) -> None:
        from schoolvideo import views

        views.register_panels()
