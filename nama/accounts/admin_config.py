from django.contrib.admin.apps import AdminConfig


class NamaAdminConfig(AdminConfig):
    """The admin, served by a site that only verified staff (second factor) may enter."""

    default_site = "nama.accounts.admin_site.NamaAdminSite"
