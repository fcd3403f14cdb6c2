from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "paperkeep.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from paperkeep import access_cache

        access_cache.install()
