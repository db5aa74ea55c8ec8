from django.urls import path

from tenant_apps.partners import apis

app_name = "partners"

urlpatterns = [
    path("", apis.PartnerListApi.as_view(), name="partners"),
    path("export/", apis.PartnerExportApi.as_view(), name="export"),
    path("import/", apis.PartnerImportApi.as_view(), name="import"),
    path("<int:partner_id>/", apis.PartnerDetailApi.as_view(), name="partner"),
]
