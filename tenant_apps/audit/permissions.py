"""Permission codes of the audit app (`<module>.<resource>.<action>`), read by the access
registry (tenant_apps/access/registry.py)."""

AUDIT_EVENT_VIEW = "audit.event.view"
AUDIT_EVENT_EXPORT = "audit.event.export"

PERMISSIONS = [AUDIT_EVENT_VIEW, AUDIT_EVENT_EXPORT]
