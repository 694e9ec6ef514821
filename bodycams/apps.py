from django.apps import AppConfig


class BodycamsConfig(AppConfig):
    name = "bodycams"
    verbose_name = "III. Body-worn cameras"

    def ready(self) -> None:
        from bodycams import tasks, views
        from lib import daily

        views.register_panels()
        daily.register(tasks.remind_unlogged_activations)
