"""The client's IP address, from X-Forwarded-For only when a trusted proxy says so.

Behind nginx every request comes from the proxy's address (REMOTE_ADDR), and the client's
address is in X-Forwarded-For, which anyone can also send. `TRUSTED_PROXIES` (addresses or
networks, e.g. "127.0.0.1,::1") names the proxies: only when the direct peer is one of them
is X-Forwarded-For read, right to left, skipping trusted proxies, and the first address that
is not one is the client. Otherwise, and for anything malformed, the peer's address counts.

`client_ip` serves the rate limits (RATELIMIT_IP_META_KEY), the access log's IP address
(stegvis/audit/middleware.py) and allauth's sessions (AccountAdapter.get_client_ip).
`ForwardedHeadersMiddleware` drops X-Forwarded-Proto and X-Forwarded-For from any other peer,
so SECURE_PROXY_SSL_HEADER (BEHIND_TLS_PROXY) trusts the scheme only from a proxy. Without
TRUSTED_PROXIES it changes nothing: BEHIND_TLS_PROXY alone trusts the scheme from any peer, as
before (gunicorn must then be reachable only through the proxy).
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


@cache
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    """Whether `address` is one of TRUSTED_PROXIES."""
    parsed = _address(address or "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return parsed is not None and any(parsed in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address: X-Forwarded-For's nearest untrusted hop if a trusted proxy sent
    the request, else the peer's address (REMOTE_ADDR)."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not is_trusted_proxy(peer):
        return peer
    hops = [_address(hop) for hop in forwarded.split(",")]
    if any(hop is None for hop in hops):
        return peer  # a malformed header: trust none of it
    for hop in reversed(hops):
        if not is_trusted_proxy(str(hop)):
            return str(hop)
    return str(hops[0])


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-* headers that did not come from a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXIES and not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in FORWARDED:
                request.META.pop(header, None)
        return self.get_response(request)
