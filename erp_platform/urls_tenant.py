"""URLs served on a tenant's host (`<slug>.<BASE_DOMAIN>`)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("api/v1/core/", include("tenant_apps.core.urls")),
    path("api/v1/access/", include("tenant_apps.access.urls")),
    path("api/v1/audit/", include("tenant_apps.audit.urls")),
    path("api/v1/tokens/", include("tenant_apps.apitokens.urls")),
    path("api/v1/partners/", include("tenant_apps.partners.urls")),
    path("api/v1/finance/", include("tenant_apps.finance.urls")),
    path("api/v1/invoicing/", include("tenant_apps.invoicing.urls")),
    path("api/v1/banking/", include("tenant_apps.banking.urls")),
    path("api/v1/assets/", include("tenant_apps.assets.urls")),
    path("api/v1/billing/", include("shared_apps.billing.urls_tenant")),
    # Login hand-off after signup; the user's own profile and companies (company switcher).
    path("api/v1/", include("shared_apps.accounts.urls_tenant")),
    # allauth headless on every host, so people sign in on their company's own address.
    path("_allauth/", include("allauth.headless.urls")),
    path(
        "api/schema/", SpectacularAPIView.as_view(urlconf="erp_platform.urls_tenant"), name="schema"
    ),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]

handler404 = "erp_platform.errors.not_found"
handler500 = "erp_platform.errors.server_error"
handler400 = "erp_platform.errors.bad_request"
