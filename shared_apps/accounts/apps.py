from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "shared_apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with `admin.site` being the operators' site (staff with MFA only).

    Replacing the default site (rather than adding a second one) keeps every app's
    `@admin.register` working unchanged.
    """

    default = False
    default_site = "shared_apps.accounts.admin_site.OperatorAdminSite"
