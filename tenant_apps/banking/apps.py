from django.apps import AppConfig


class BankingConfig(AppConfig):
    name = "tenant_apps.banking"
    label = "banking"
    verbose_name = "Banking"

    def ready(self) -> None:
        from tenant_apps.finance.registry import source_url_register

        # an entry posted from a statement line (bank charges, interest) opens the statement
        source_url_register("banking.statement", _statement_url)


def _statement_url(source_id: int) -> str:
    return f"/finance/banking/{source_id}"
