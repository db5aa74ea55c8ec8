from django.urls import path

from shared_apps.tenants import apis

urlpatterns = [
    path("signup/check-subdomain/", apis.SubdomainCheckApi.as_view(), name="check-subdomain"),
    path("operator/tenants/", apis.OperatorTenantListApi.as_view(), name="operator-tenants"),
    *[
        path(
            f"operator/tenants/<int:pk>/{action}/",
            apis.OperatorTenantActionApi.as_view(action_name=action),
            name=f"operator-tenant-{action}",
        )
        for action in ("suspend", "reactivate", "archive")
    ],
]
