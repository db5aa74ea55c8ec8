from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "tenant_apps.assets"
    label = "assets"
    verbose_name = "Fixed assets"

    def ready(self) -> None:
        from tenant_apps.finance.registry import source_url_register

        # a depreciation entry opens its month's run; a disposal or capitalisation, the asset
        source_url_register("assets.depreciation", _run_url)
        source_url_register("assets.disposal", _asset_url)
        source_url_register("assets.capitalisation", _asset_url)


def _run_url(source_id: int) -> str:
    return f"/finance/depreciation?run={source_id}"


def _asset_url(source_id: int) -> str:
    return f"/finance/assets/{source_id}"
