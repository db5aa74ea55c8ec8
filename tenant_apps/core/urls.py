from django.urls import path

from tenant_apps.core import apis

app_name = "core"

urlpatterns = [
    path("company/", apis.CompanySettingsApi.as_view(), name="company"),
    path("company/logo/", apis.CompanyLogoApi.as_view(), name="company-logo"),
    path("sequences/", apis.DocumentSequenceListApi.as_view(), name="sequences"),
]
