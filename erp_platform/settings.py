"""Settings, all read from the environment in this one place.

Anything a tenant admin may change (fiscal year start, number prefixes, ...) is per-tenant data
in ``tenant_apps.core``, not a setting.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG", False)
# Production (ERP_PRODUCTION=1, set by the images in infra/) must configure its own secret and
# serves behind a TLS-terminating proxy; development and tests run with a local key.
PRODUCTION = env_bool("ERP_PRODUCTION", False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: ERP_PRODUCTION is on.")
    SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# The parent domain of every tenant: `acme.<BASE_DOMAIN>`. `localhost` in development, so
# `acme.localhost` works in a browser without any DNS set-up.
BASE_DOMAIN = env("ERP_BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = [
    BASE_DOMAIN,
    f".{BASE_DOMAIN}",
    "127.0.0.1",
    "testserver",
    *filter(None, env("DJANGO_ALLOWED_HOSTS").split(",")),
]
# Hosts that serve the public site (signup, plans, webhooks) rather than a tenant.
PUBLIC_HOSTS = {BASE_DOMAIN, f"www.{BASE_DOMAIN}", "127.0.0.1", "testserver"}

# ---------------------------------------------------------------------------------------------
# Apps. Shared apps live in the public schema; tenant apps in every tenant schema.
# ---------------------------------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "shared_apps.tenants",
    "shared_apps.accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Django's admin with the operator site (staff + MFA) as `admin.site`.
    "shared_apps.accounts.apps.OperatorAdminConfig",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Identity (public schema): allauth headless, MFA, user sessions.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "allauth.usersessions",
    "shared_apps.billing",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "tenant_apps.core",
    "tenant_apps.access",
    "tenant_apps.audit",
    "tenant_apps.apitokens",
    "tenant_apps.partners",
    "tenant_apps.finance",
    "tenant_apps.invoicing",
    "tenant_apps.banking",
    "tenant_apps.assets",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# The kept-migrated template every standby schema is cloned from.
TENANT_BASE_SCHEMA = "tenant_template"
# Schemas are created only by our provisioning services, never by a model save.
TENANT_CREATION_FAKES_MIGRATIONS = False
TENANT_STANDBY_POOL_SIZE = env_int("TENANT_STANDBY_POOL_SIZE", 3)
TENANTS_MIGRATE_PARALLEL = env_int("TENANTS_MIGRATE_PARALLEL", max(1, (os.cpu_count() or 2)))
TENANT_EXPORT_DIR = Path(env("TENANT_EXPORT_DIR", str(BASE_DIR / ".data" / "exports")))
# Refuse to start behind a transaction-mode pooler (see erp_platform/checks.py).
POOLER_CHECK_ENABLED = env_bool("POOLER_CHECK_ENABLED", True)
# How many proxies in front of Django append to X-Forwarded-For (audit IPs); 0 = REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

MIDDLEWARE = [
    "erp_platform.middleware.HealthCheckMiddleware",
    "erp_platform.middleware.TenantRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "erp_platform.middleware.TenantMembershipMiddleware",
    "shared_apps.billing.middleware.SubscriptionEntitlementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "erp_platform.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "erp_platform.urls_public"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "erp_platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "erp_platform.wsgi.application"
ASGI_APPLICATION = "erp_platform.asgi.application"

# ---------------------------------------------------------------------------------------------
# Database: DATABASE_URL, else the embedded PostgreSQL under .data/ (erp_platform/embedded_db).
# ---------------------------------------------------------------------------------------------
if not env("DATABASE_URL"):
    from erp_platform import embedded_db

    os.environ["DATABASE_URL"] = embedded_db.ensure_running()

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=0)}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Django's cursors bind on the client and never prepare; a server-side binding cursor prepares
# only the statements it is told to (the ledger's posting call: docs/adr/0061), never by count.
DATABASES["default"]["OPTIONS"] = {"prepare_threshold": 2**31 - 1}
if env_bool("DB_POOL", True):
    # Django's built-in psycopg pool. Every cursor sets search_path (TENANT_LIMIT_SET_CALLS off),
    # so a pooled connection never carries a previous tenant's schema.
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": env_int("DB_POOL_MAX", 10),
        "timeout": 10,
    }
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
TENANT_LIMIT_SET_CALLS = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id first; the others only verify (and upgrade) hashes made before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One login serves all of a user's companies: the session cookie lives on the parent domain.
# (Browsers refuse Domain=localhost cookies, so development keeps host-only cookies.)
SESSION_COOKIE_DOMAIN = None if BASE_DOMAIN == "localhost" else f".{BASE_DOMAIN}"
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
CSRF_FAILURE_VIEW = "erp_platform.errors.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    f"http://*.{BASE_DOMAIN}:3000",
    f"http://{BASE_DOMAIN}:3000",
    f"http://*.{BASE_DOMAIN}:8000",
    f"http://{BASE_DOMAIN}:8000",
    f"https://*.{BASE_DOMAIN}",
    f"https://{BASE_DOMAIN}",
]
# The Next.js server (frontend/) proxies to Django keeping the browser's Host and says which port
# the browser used in X-Forwarded-Port, so links Django builds (the signup hand-off, invitations)
# point at the site the browser is on (:3000), not at gunicorn's own port.
USE_X_FORWARDED_PORT = True

# ---------------------------------------------------------------------------------------------
# Identity: django-allauth headless (docs/adr/0006-identity-allauth-headless.md).
# ---------------------------------------------------------------------------------------------
HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser", "app")
HEADLESS_SERVE_SPECIFICATION = True  # /_allauth/openapi.json|.html
# Paths of the Next.js pages that e-mails link to. Relative on purpose: allauth makes them
# absolute with the host the request came in on, so a reset asked for on acme.<domain> links
# back to acme.<domain> (shared_apps/accounts/adapter.py).
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": "/account/verify-email/{key}",
    "account_reset_password": "/account/password/reset",
    "account_reset_password_from_key": "/account/password/reset/key/{key}",
    "account_signup": "/signup",
    "socialaccount_login_error": "/account/provider/callback",
}
ACCOUNT_ADAPTER = "shared_apps.accounts.adapter.AccountAdapter"
HEADLESS_ADAPTER = "shared_apps.accounts.adapter.HeadlessAdapter"
MFA_ADAPTER = "shared_apps.accounts.adapter.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Optional, not mandatory: a business signing up is logged in on arrival (issue 3); an unverified
# address still gets its link, and MFA cannot be added before the address is verified.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[B3 MACBIS ERP] "
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None  # the "remember me" box decides
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Behind nginx / the Next.js proxy the client IP is in X-Forwarded-For; count the proxies we
# trust so per-IP rate limits see the client, not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # one setting for audit IPs and rate limits
# Rate limits are global across subdomains: their cache keys skip the tenant prefix
# (erp_platform/cache.py). "<amount>/<period>/<per>", per ip, key (the e-mail) or user.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "manage_email": "10/m/user",
    # Business signup (POST /api/v1/signup/, POST /api/v1/companies/): each provisions a company.
    # BUSINESS_SIGNUP_RATE lifts it for the browser-test harness, which signs up many companies.
    "business_signup": env("BUSINESS_SIGNUP_RATE", "10/h/ip"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "B3 MACBIS ERP"
MFA_PASSKEY_LOGIN_ENABLED = True
# The WebAuthn relying-party id is BASE_DOMAIN (shared_apps/accounts/adapter.py): one passkey
# serves every company subdomain.
# Browsers only allow WebAuthn on https origins, except localhost; development and tests run
# on plain http://*.localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or env_bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN")
# Sessions are recorded at sign-in; per-request activity tracking would cost a write per request.
USERSESSIONS_TRACK_ACTIVITY = False
# Where links point when no request tells us the host (e-mails sent from background jobs).
PUBLIC_SITE_URL = env("PUBLIC_SITE_URL", f"http://{BASE_DOMAIN}:3000")
# One-time login hand-off from the public host to a new company's host (accounts/services.py).
LOGIN_HANDOFF_MAX_AGE = 60

LANGUAGE_CODE = "en-in"
TIME_ZONE = env("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

# ---------------------------------------------------------------------------------------------
# Files: per tenant, prefixed by the immutable tenant id (erp_platform/storage.py).
# ---------------------------------------------------------------------------------------------
AWS_STORAGE_BUCKET_NAME = env("S3_BUCKET")
AWS_S3_ENDPOINT_URL = env("S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env("S3_REGION", "ap-south-1")
AWS_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True  # signed URLs: uploaded files are never served from *.<domain>
STORAGES = {
    "default": {
        "BACKEND": "erp_platform.storage.TenantS3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "erp_platform.storage.TenantFileSystemStorage",
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# ---------------------------------------------------------------------------------------------
# Cache: Redis when configured; keys are prefixed with the tenant's schema.
# ---------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Per-tenant prefix, except for keys that must be global (login throttling, hand-off tokens).
CACHES["default"]["KEY_FUNCTION"] = "erp_platform.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "erp_platform.cache.reverse_key"

# ---------------------------------------------------------------------------------------------
# Celery (tenant-schemas-celery carries the schema with every task). Eager without a broker.
# ---------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE  # crontab entries run on the company clock (Asia/Kolkata)
CELERY_BEAT_SCHEDULE = {
    "standby-pool-refill": {
        "task": "shared_apps.tenants.tasks.standby_pool_refill",
        "schedule": 300.0,
    },
    "billing-lifecycle-sweep": {
        "task": "shared_apps.billing.tasks.billing_lifecycle_sweep",
        "schedule": 3600.0,
    },
    "billing-seat-sync-sweep": {
        "task": "shared_apps.billing.tasks.seat_sync_sweep",
        "schedule": 60.0,
    },
    # payment reminders of overdue invoices, every company, daily at 09:00 (ADR 0052)
    "invoicing-payment-reminders": {
        "task": "tenant_apps.invoicing.tasks.payment_reminders_sweep",
        "schedule": crontab(hour=9, minute=0),
    },
    # recurring invoices due today, every company, daily at 06:00 (ADR 0064)
    "invoicing-recurring-invoices": {
        "task": "tenant_apps.invoicing.tasks.recurring_invoices_sweep",
        "schedule": crontab(hour=6, minute=0),
    },
    # last month's depreciation where a company asked for it and it is not done (ADR 0075)
    "assets-monthly-depreciation": {
        "task": "tenant_apps.assets.tasks.monthly_depreciation_sweep",
        "schedule": crontab(hour=5, minute=30),
    },
}

# ---------------------------------------------------------------------------------------------
# Billing (shared_apps/billing, docs/adr/0020-billing-stripe.md). No STRIPE_SECRET_KEY (the
# default, `make run`): every tenant is on the unlimited development plan and nothing calls Stripe.
# ---------------------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE", "https://api.stripe.com")  # tests: the fake server
STRIPE_API_VERSION = env("STRIPE_API_VERSION", "2026-10-28.endive")  # pinned; change on purpose
BILLING_GRACE_DAYS = env_int("BILLING_GRACE_DAYS", 7)  # past_due with full use, then read only
BILLING_RETENTION_DAYS = env_int("BILLING_RETENTION_DAYS", 90)  # canceled: read only, then archive
BILLING_SEAT_SYNC_DEBOUNCE_SECONDS = env_int("BILLING_SEAT_SYNC_DEBOUNCE_SECONDS", 60)

# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tenant_apps.apitokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tenant_apps.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "EXCEPTION_HANDLER": "tenant_apps.core.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "B3 MACBIS ERP API",
    "DESCRIPTION": "Tenant API of B3 MACBIS ERP. Errors share one shape: "
    '{"detail": str, "code": str, "fields": {name: [msg]}}.',
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # choice sets several serializers share under one field name, named once
    "ENUM_NAME_OVERRIDES": {
        "EInvoiceCancelReasonEnum": "tenant_apps.invoicing.models.EInvoiceCancelReason",
        "EWayBillCancelReasonEnum": "tenant_apps.invoicing.models.EWayBillCancelReason",
        "CashFlowActivityEnum": "tenant_apps.finance.models.CashFlowActivity",
        "AssetStatusEnum": "tenant_apps.assets.models.AssetStatus",
        "DepreciationRunStatusEnum": "tenant_apps.assets.models.DepreciationRunStatus",
    },
}

# ---------------------------------------------------------------------------------------------
# Errors: Sentry when a DSN is configured; every event carries the tenant tag.
# ---------------------------------------------------------------------------------------------
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    from erp_platform.sentry import init_sentry

    init_sentry(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"B3 MACBIS ERP <no-reply@{BASE_DOMAIN}>")
# SMTP, when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend (invitations, password
# resets, and invoices and statements sent to customers: ADR 0049)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
