from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations: sessions, database faults, backups"

    def ready(self) -> None:
        from django.core import serializers

        serializers.register_serializer("json_exact", "operations.serializer")
