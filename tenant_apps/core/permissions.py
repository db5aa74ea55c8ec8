"""Permission codes of the core app (collected by tenant_apps.access.registry)."""

PERMISSIONS = [
    "core.company.view",
    "core.company.change",
    "core.sequence.view",
]
