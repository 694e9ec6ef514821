from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "IV.3 and X.3 Training"

    def ready(self) -> None:
        from lib import daily
        from training import tasks, views

        views.register_panels()
        daily.register(tasks.send_expiry_reminders)
