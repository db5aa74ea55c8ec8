from django.urls import path

from tenant_apps.assets import apis

app_name = "assets"

urlpatterns = [
    path("categories/", apis.CategoryListApi.as_view(), name="categories"),
    path("categories/<int:category_id>/", apis.CategoryDetailApi.as_view(), name="category"),
    path("assets/", apis.AssetListApi.as_view(), name="assets"),
    path("cwip/", apis.CwipListApi.as_view(), name="cwip"),
    path("assets/export/", apis.AssetExportApi.as_view(), name="assets-export"),
    path("assets/import/", apis.AssetImportApi.as_view(), name="assets-import"),
    path(
        "assets/import/template/",
        apis.AssetImportTemplateApi.as_view(),
        name="assets-import-template",
    ),
    path("assets/<int:asset_id>/", apis.AssetDetailApi.as_view(), name="asset"),
    path("assets/<int:asset_id>/disposal/", apis.AssetDisposalApi.as_view(), name="disposal"),
    path(
        "assets/<int:asset_id>/disposal/cancel/",
        apis.AssetDisposalCancelApi.as_view(),
        name="disposal-cancel",
    ),
    path("depreciation/", apis.RunListApi.as_view(), name="runs"),
    path("depreciation/preview/", apis.RunPreviewApi.as_view(), name="run-preview"),
    path("depreciation/settings/", apis.AssetSettingsApi.as_view(), name="settings"),
    path("depreciation/<int:run_id>/", apis.RunDetailApi.as_view(), name="run"),
    path("depreciation/<int:run_id>/cancel/", apis.RunCancelApi.as_view(), name="run-cancel"),
    path("register/", apis.RegisterApi.as_view(), name="register"),
    path("tax-depreciation/", apis.TaxDepreciationApi.as_view(), name="tax-depreciation"),
    path("tax-depreciation/openings/", apis.TaxOpeningApi.as_view(), name="tax-openings"),
    path("tax-depreciation/settings/", apis.TaxSettingsApi.as_view(), name="tax-settings"),
    path(
        "tax-depreciation/export/",
        apis.TaxDepreciationExportApi.as_view(),
        name="tax-depreciation-export",
    ),
    path("register/export/", apis.RegisterExportApi.as_view(), name="register-export"),
]
