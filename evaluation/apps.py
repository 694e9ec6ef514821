from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "X. Evaluation of the SROs and the SRO program"

    def ready(self) -> None:
        from evaluation import views

        views.register_panels()
