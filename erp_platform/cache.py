"""Cache keys: per tenant by default, global where a limit must span every subdomain.

`django_tenants.cache.make_key` prefixes every key with the connection's schema, which keeps
tenants' cached data apart. Some keys must not be split that way:

- everything allauth caches (its keys start with `allauth`): rate limits (`allauth:rl:...`, from
  `allauth.core.internal.ratelimit`), where failed logins for one account on alpha.<domain> and
  on beta.<domain> must count against the same limit, or an attacker gets a fresh allowance on
  every company's host; and used TOTP codes (`allauth.mfa.totp.used?...`), or a code seen on
  one host could be replayed on another within its 30 seconds. Users are global, so is this;
- keys our code marks global with `global_key()` (the login hand-off minted on the public host
  and redeemed on a tenant host).

Global keys keep the four-part layout (`global:<prefix>:<version>:<key>`) so `reverse_key`
still works; `global` is never a schema name (schemas are `public`, `tenant_template`, `t_<id>`).
"""

from __future__ import annotations

from django_tenants.cache import make_key as tenant_make_key
from django_tenants.cache import reverse_key  # noqa: F401  (re-exported for REVERSE_KEY_FUNCTION)

GLOBAL_PREFIX = "global"
GLOBAL_KEY_PREFIXES = ("allauth", f"{GLOBAL_PREFIX}:")


def global_key(key: str) -> str:
    """A cache key shared by the public host and every tenant host."""
    return f"{GLOBAL_PREFIX}:{key}"


def is_global(key: str) -> bool:
    return key.startswith(GLOBAL_KEY_PREFIXES)


def make_key(key: str, key_prefix: str, version: int) -> str:
    if is_global(key):
        return f"{GLOBAL_PREFIX}:{key_prefix}:{version}:{key}"
    return tenant_make_key(key, key_prefix, version)
