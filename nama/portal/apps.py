from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "nama.portal"
    label = "portal"
    verbose_name = "درگاه شهروندان"
