"""Permission codes of the access app (members, roles, invitations).

Every app declares its codes in `<app>/permissions.py` as `PERMISSIONS`; the registry
(`tenant_apps.access.registry`) collects them from every installed app.
"""

from __future__ import annotations

PERMISSIONS = [
    "access.member.view",
    "access.member.change",
    "access.member.export",
    "access.role.view",
    "access.role.create",
    "access.role.change",
    "access.role.delete",
    "access.invitation.view",
    "access.invitation.create",
    "access.invitation.delete",
]

# Held by the owner alone: no role can grant it (its action is not a registrable action, and
# role permissions are validated against the registry). See `TenantPermission`.
OWNERSHIP_TRANSFER = "access.ownership.transfer"

MEMBER_EXPORT = "access.member.export"
