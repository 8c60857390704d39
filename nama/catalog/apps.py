from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "nama.catalog"
    label = "catalog"
    verbose_name = "فهرست خدمات"
