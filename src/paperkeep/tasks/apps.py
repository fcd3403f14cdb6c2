from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "paperkeep.tasks"
    label = "tasks"
    verbose_name = "Background tasks and document commands"
    # The worker imports the task and its start/stop signal handlers through Celery's `imports` setting
    # (paperkeep.worker); the web process imports the task only when it queues one, so it does not carry Celery,
    # the pipeline and the folder watcher in memory.
