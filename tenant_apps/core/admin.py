# Tenant data is managed through the tenant app and its API, not the operator console.
