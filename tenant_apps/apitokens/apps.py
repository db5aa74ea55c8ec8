from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "tenant_apps.apitokens"
    label = "apitokens"
    verbose_name = "API tokens"

    def ready(self) -> None:
        from tenant_apps.apitokens import schema  # noqa: F401 (registers the OpenAPI scheme)
