from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tenant_apps.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tenant_apps.audit.receivers import record_login

        user_logged_in.connect(record_login, dispatch_uid="audit.record_login")
