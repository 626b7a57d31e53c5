"""Rate limits and sign-in back-off, kept in the shared cache so they hold across processes.

Failed sign-ins are counted three ways, each with its own free allowance before a
back-off that doubles with each further failure up to a ceiling:

- per account and address: someone guessing one account from one place;
- per address: one place guessing many accounts;
- per account, from every address: guessing spread over many places. An address that
  signed in to the account before is exempt from this one, so nobody can keep the real
  user out by failing on purpose; at worst a stranger's address waits.

Nothing locks: each wait is bounded, and a correct password after the wait signs in.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

KNOWN_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class Backoff:
    name: str
    free_failures: int
    ceiling_seconds: int
    forget_after_seconds: int = 24 * 60 * 60

    def wait_after(self, failures: int) -> int:
        """Seconds to wait after `failures` failures: none within the allowance, then 1, 2, 4, … up to the ceiling."""
        if failures < self.free_failures:
            return 0
        return min(self.ceiling_seconds, 2 ** min(failures - self.free_failures, 20))


ACCOUNT_AT_ADDRESS = Backoff("account-address", free_failures=5, ceiling_seconds=15 * 60)
ADDRESS = Backoff("address", free_failures=20, ceiling_seconds=15 * 60)
ACCOUNT = Backoff("account", free_failures=50, ceiling_seconds=5 * 60)


def client_address(request: HttpRequest) -> str:
    """The client's address (behind TRUSTED_PROXY_COUNT proxies), an IPv6 one as its /64 network."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _key(backoff: Backoff, *parts: str) -> str:
    return f"backoff:{backoff.name}:{_digest(*parts)}"


def _wait(backoff: Backoff, key: str, now: float) -> int:
    state = cache.get(key)
    if not state:
        return 0
    failures, last_failure = state
    return max(0, math.ceil(last_failure + backoff.wait_after(failures) - now))


def _fail(backoff: Backoff, key: str, now: float) -> None:
    state = cache.get(key)
    failures = state[0] if state else 0
    cache.set(key, (failures + 1, now), backoff.forget_after_seconds)


def _buckets(request: HttpRequest, account: str) -> list[tuple[Backoff, str]]:
    account = account.strip().lower()
    address = client_address(request)
    buckets = [
        (ACCOUNT_AT_ADDRESS, _key(ACCOUNT_AT_ADDRESS, account, address)),
        (ADDRESS, _key(ADDRESS, address)),
    ]
    if not cache.get(_known_address_key(account, address)):
        buckets.append((ACCOUNT, _key(ACCOUNT, account)))
    return buckets


def _known_address_key(account: str, address: str) -> str:
    return f"signin-known:{_digest(account, address)}"


def sign_in_wait(request: HttpRequest, account: str) -> int:
    """Seconds this request must wait before its next password attempt for `account` (0: go ahead)."""
    now = time.time()
    return max((_wait(backoff, key, now) for backoff, key in _buckets(request, account)), default=0)


def sign_in_failed(request: HttpRequest, account: str) -> None:
    now = time.time()
    for backoff, key in _buckets(request, account):
        _fail(backoff, key, now)


def sign_in_succeeded(request: HttpRequest, account: str) -> None:
    """Clears this address's failures for the account and remembers the address as the owner's."""
    account = account.strip().lower()
    address = client_address(request)
    cache.delete(_key(ACCOUNT_AT_ADDRESS, account, address))
    cache.set(_known_address_key(account, address), True, KNOWN_ADDRESS_DAYS * 24 * 60 * 60)


@dataclass(frozen=True)
class Quota:
    """At most `limit` actions per `period_seconds`, counted in a fixed window."""

    name: str
    limit: int
    period_seconds: int


def take(quota: Quota, *parts: str) -> int:
    """Counts one action against `quota` for `parts`; returns 0 if allowed, else the seconds until it is."""
    now = int(time.time())
    window = now // quota.period_seconds
    key = f"quota:{quota.name}:{window}:{_digest(*parts)}"
    if cache.add(key, 1, quota.period_seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, quota.period_seconds)
            count = 1
    if count <= quota.limit:
        return 0
    return (window + 1) * quota.period_seconds - now


INTRODUCTIONS_PER_ACCOUNT = Quota("introductions-account", limit=20, period_seconds=60 * 60)
INTRODUCTIONS_PER_ADDRESS = Quota("introductions-address", limit=60, period_seconds=60 * 60)


def introduction_request_wait(request: HttpRequest) -> int:
    """Counts an introduction request by this user and address; the seconds to wait if over either quota."""
    return max(
        take(INTRODUCTIONS_PER_ACCOUNT, str(request.user.pk)),
        take(INTRODUCTIONS_PER_ADDRESS, client_address(request)),
    )


def too_many_introductions(wait: int) -> str:
    return ngettext(
        "You have requested many introductions in a short time. Try again in %(minutes)d minute.",
        "You have requested many introductions in a short time. Try again in %(minutes)d minutes.",
        math.ceil(wait / 60),
    ) % {"minutes": math.ceil(wait / 60)}
