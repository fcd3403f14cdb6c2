from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "paperkeep.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every document write reaches the full-text index after its commit (documents.indexing seam).
        from paperkeep.documents.search import register_hooks

        register_hooks()
