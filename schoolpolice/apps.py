from django.apps import AppConfig


class SchoolpoliceConfig(AppConfig):
    name = "schoolpolice"
    verbose_name = "VI. Law-enforcement professionals at schools; § 10-233h arrest notices"

    def ready(self) -> None:
        from lib import daily
        from schoolpolice import tasks, views

        views.register_panels()
        daily.register(tasks.send_arrest_notice_reminders)
