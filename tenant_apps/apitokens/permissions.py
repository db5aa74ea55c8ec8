"""Permission codes of the API token app (`<module>.<resource>.<action>`), read by the access
registry (tenant_apps/access/registry.py). Each user only ever sees and revokes their own."""

APITOKENS_TOKEN_VIEW = "apitokens.token.view"  # noqa: S105 (a permission code)
APITOKENS_TOKEN_CREATE = "apitokens.token.create"  # noqa: S105 (a permission code)
APITOKENS_TOKEN_DELETE = "apitokens.token.delete"  # noqa: S105 (a permission code)

PERMISSIONS = [APITOKENS_TOKEN_VIEW, APITOKENS_TOKEN_CREATE, APITOKENS_TOKEN_DELETE]
