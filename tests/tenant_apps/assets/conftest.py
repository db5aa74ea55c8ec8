"""The asset tests use alpha's books (invoicing's fixtures)."""

from tests.tenant_apps.invoicing.conftest import books as books
from tests.tenant_apps.invoicing.conftest import committed_books as committed_books
