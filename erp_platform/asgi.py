import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp_platform.settings")

application = get_asgi_application()

from erp_platform.startup import refuse_unsafe_database  # noqa: E402

refuse_unsafe_database()
