from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "nama.documents"
    label = "documents"
    verbose_name = "مدارک بارگذاری‌شده"

    def ready(self) -> None:
        from django.core import checks

        from nama.documents.checks import check_documents_settings

        checks.register(check_documents_settings)
