"""Per-client request limits: a fixed window per client address, counted in Django's cache.

``GRAPHQL_RATE_LIMIT = "120/60"`` allows 120 requests in each 60-second window; "0" turns
the limit off. With Redis as the cache (``CACHE_URL``) every process shares the counters;
with the local-memory default each process counts alone, which only loosens the limit.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


@dataclass(frozen=True)
class RateLimit:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, value: str | int | None) -> "RateLimit | None":
        text = str(value or "0").strip()
        if text in {"", "0"}:
            return None
        requests, _slash, seconds = text.partition("/")
        try:
            limit = cls(int(requests), int(seconds or 60))
        except ValueError:
            raise ImproperlyConfigured(
                f"GRAPHQL_RATE_LIMIT must look like '120/60' (requests/seconds), not {text!r}."
            ) from None
        if limit.requests < 0 or limit.seconds <= 0:
            raise ImproperlyConfigured("GRAPHQL_RATE_LIMIT needs requests >= 0 and seconds > 0.")
        return limit if limit.requests else None


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw (``TRUSTED_PROXY_COUNT``).

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    N trusted proxies in front the client is the N-th entry from the right; anything left of
    it was written by the client and proves nothing.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def check_rate_limit(request: HttpRequest, scope: str = "graphql") -> int | None:
    """Count this request; ``None`` if it may go on, else the seconds until it may retry."""
    limit = RateLimit.parse(settings.GRAPHQL_RATE_LIMIT)
    if limit is None:
        return None
    now = time.time()
    window = int(now // limit.seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 1)
        count = 1
    if count <= limit.requests:
        return None
    return max(1, int((window + 1) * limit.seconds - now + 0.999))
