"""OpenAPI: the Bearer scheme of `ApiTokenAuthentication` (registered by subclassing)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tenant_apps.apitokens.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "b3_<prefix>_<secret>",
            "description": "A personal API token, valid only on its own company's host.",
        }
