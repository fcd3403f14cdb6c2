from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "paperkeep.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from paperkeep.api import count_cache

        count_cache.install()
