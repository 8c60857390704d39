from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nama.accounts"
    label = "accounts"
    verbose_name = "حساب‌های کاربری"
