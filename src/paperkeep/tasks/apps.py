from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "paperkeep.tasks"
    label = "tasks"
    verbose_name = "Background tasks and document commands"

    def ready(self) -> None:
        # Register the Celery task and connect the worker's start/stop signals (recovery, folder watcher).
        from paperkeep.tasks import consume, lifecycle  # noqa: F401
