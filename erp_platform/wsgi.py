import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp_platform.settings")

application = get_wsgi_application()

# Refuse to serve behind a transaction-mode pooler (manage.py commands run the same check).
from erp_platform.startup import refuse_unsafe_database  # noqa: E402

refuse_unsafe_database()
