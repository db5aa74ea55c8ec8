"""URLs served on the public host (`<BASE_DOMAIN>`): site API, signup, operator console."""

from django.contrib import admin  # admin.site is the operators' site (accounts.admin_site)
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared_apps.billing.apis import PlanListApi

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("shared_apps.tenants.urls")),
    path("api/v1/", include("shared_apps.accounts.urls")),
    path("api/v1/billing/", include("shared_apps.billing.urls")),
    path("api/v1/plans/", PlanListApi.as_view(), name="plans"),  # the pricing page (issue 6)
    # allauth headless: /_allauth/{browser,app}/v1/... (login, MFA, sessions, password reset).
    path("_allauth/", include("allauth.headless.urls")),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(urlconf="erp_platform.urls_public"),
        name="public-schema",
    ),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="public-schema"), name="public-docs"),
]

handler404 = "erp_platform.errors.not_found"
handler500 = "erp_platform.errors.server_error"
handler400 = "erp_platform.errors.bad_request"
