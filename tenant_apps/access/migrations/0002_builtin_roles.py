"""Seed the built-in roles in every tenant schema (template, standby pool, existing tenants).

The permission catalogue is frozen here, as a migration must be: it names the codes of modules
that do not exist yet (crm, sales, ...) so the roles are right the day those modules land. A
later module whose codes are missing here adds them with its own data migration (see
`tenant_apps.access.builtin_roles.builtin_role_permissions_add`).
"""

from django.db import migrations

ALL = ("view", "create", "change", "delete", "approve", "export")
CRUD = ("view", "create", "change", "delete", "export")

CATALOGUE = {
    "core": {"company": ("view", "change"), "sequence": ("view",)},
    "access": {
        "member": ("view", "change"),
        "role": ("view", "create", "change", "delete"),
        "invitation": ("view", "create", "delete"),
    },
    "audit": {"event": ("view", "export")},
    "apitokens": {"token": ("view", "create", "delete")},
    "crm": {"lead": CRUD, "customer": CRUD, "contact": CRUD, "activity": CRUD},
    "sales": {"quotation": ALL, "order": ALL, "invoice": ALL, "receipt": ALL},
    "estimation": {"estimate": ALL, "boq": CRUD, "rate": CRUD},
    "inventory": {"item": CRUD, "warehouse": CRUD, "stock": CRUD, "adjustment": ALL},
    "production": {"bom": ALL, "order": ALL, "job_card": CRUD},
    "procurement": {"vendor": CRUD, "requisition": ALL, "order": ALL, "receipt": ALL, "bill": ALL},
    "finance": {"account": CRUD, "journal": ALL, "payment": ALL, "period": ALL, "tax": CRUD},
    "hr": {"employee": CRUD, "attendance": ALL, "leave": ALL, "payroll": ALL},
    "workflow": {"rule": CRUD, "approval": ("view", "approve")},
    "reports": {"report": ("view", "export")},
}


def codes(module, resources=None, actions=None):
    out = []
    for resource, resource_actions in CATALOGUE[module].items():
        if resources is not None and resource not in resources:
            continue
        out += [
            f"{module}.{resource}.{action}"
            for action in resource_actions
            if actions is None or action in actions
        ]
    return out


def views(*modules):
    return [code for module in modules for code in codes(module, actions=("view",))]


EVERYTHING = [code for module in CATALOGUE for code in codes(module)]
BASICS = ["core.company.view", "reports.report.view", "workflow.approval.view"]

BUILTIN_ROLES = [
    ("owner", "Owner", "Owns the company: every permission, and transfers ownership.", EVERYTHING),
    ("administrator", "Administrator", "Everything except transferring ownership.", EVERYTHING),
    (
        "accountant",
        "Accountant",
        "Books, invoices, bills, payments and tax.",
        BASICS
        + codes("finance")
        + codes("sales", {"invoice", "receipt"})
        + codes("procurement", {"bill"})
        + views("crm", "sales", "procurement", "inventory")
        + codes("reports")
        + ["core.sequence.view", "workflow.approval.approve"],
    ),
    (
        "sales",
        "Sales",
        "Leads, customers, estimates, quotations and orders.",
        BASICS
        + codes("crm")
        + codes("estimation")
        + codes("sales", {"quotation", "order"})
        + views("sales", "inventory", "production")
        + ["reports.report.export"],
    ),
    (
        "purchasing",
        "Purchasing",
        "Vendors, requisitions, purchase orders and bills.",
        BASICS
        + codes("procurement")
        + views("inventory", "production")
        + ["reports.report.export"],
    ),
    (
        "storekeeper",
        "Storekeeper",
        "Items, warehouses, stock moves and goods receipts.",
        BASICS
        + codes("inventory")
        + codes("procurement", {"receipt"})
        + views("procurement", "production"),
    ),
    (
        "production_planner",
        "Production planner",
        "Bills of materials, production orders and job cards.",
        BASICS
        + codes("production")
        + views("estimation", "sales", "inventory", "procurement")
        + codes("procurement", {"requisition"}, ("view", "create", "change")),
    ),
    ("hr", "HR", "Employees, attendance, leave and payroll.", BASICS + codes("hr")),
    (
        "read_only",
        "Read-only",
        "Sees everything, changes nothing.",
        [code for code in EVERYTHING if code.endswith(".view")],
    ),
]


def seed(apps, schema_editor):
    Role = apps.get_model("access", "Role")
    for code, name, description, permissions in BUILTIN_ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "is_builtin": True,
                "permissions": sorted(set(permissions)),
            },
        )


def unseed(apps, schema_editor):
    Role = apps.get_model("access", "Role")
    MemberRole = apps.get_model("access", "MemberRole")
    builtin = Role.objects.filter(is_builtin=True, code__in=[r[0] for r in BUILTIN_ROLES])
    MemberRole.objects.filter(role__in=builtin).delete()
    builtin.delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
