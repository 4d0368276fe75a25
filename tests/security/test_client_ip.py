"""Behind nginx: X-Forwarded-For and X-Forwarded-Proto count only when the direct peer is a
trusted proxy (TRUSTED_PROXIES); the client's address then feeds the rate limits, the access
log and allauth's sessions (stegvis/security/client_ip.py, docs/deploy.md)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django_ratelimit.core import user_or_ip

from stegvis.accounts.adapters import AccountAdapter
from stegvis.audit import context
from stegvis.audit.middleware import RequestContextMiddleware
from stegvis.security.client_ip import ForwardedHeadersMiddleware, client_ip
from stegvis.security.ratelimits import limit_reached

PROXY = "127.0.0.1"
CLIENT = "198.51.100.7"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def _request(peer: str, forwarded: str | None = None, proto: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    if proto is not None:
        headers["HTTP_X_FORWARDED_PROTO"] = proto
    request = RequestFactory().post("/", **headers)
    request.user = AnonymousUser()
    return request


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request(PROXY, forwarded=CLIENT)) == PROXY


def test_a_trusted_proxys_forwarded_client_is_believed(behind_nginx):
    assert client_ip(_request(PROXY, forwarded=CLIENT)) == CLIENT
    assert client_ip(_request("::1", forwarded=f" {CLIENT} ")) == CLIENT


def test_the_nearest_untrusted_hop_counts_not_what_the_client_claims(behind_nginx):
    # The client sent "X-Forwarded-For: 203.0.113.9" itself; nginx appended its real address,
    # and an inner proxy in 10/8 passed it on.
    request = _request(PROXY, forwarded=f"203.0.113.9, {CLIENT}, 10.1.2.3")
    assert client_ip(request) == CLIENT


def test_an_untrusted_peer_cannot_claim_another_address(behind_nginx):
    assert client_ip(_request(CLIENT, forwarded="203.0.113.9")) == CLIENT


def test_a_malformed_header_falls_back_to_the_peer(behind_nginx):
    assert client_ip(_request(PROXY, forwarded=f"{CLIENT}, not-an-address")) == PROXY
    assert client_ip(_request(PROXY, forwarded="")) == PROXY


def test_the_scheme_is_believed_only_from_a_trusted_proxy(behind_nginx):
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["forwarded"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return HttpResponse()

    middleware = ForwardedHeadersMiddleware(view)
    middleware(_request(PROXY, forwarded=CLIENT, proto="https"))
    assert seen == {"secure": True, "forwarded": CLIENT}

    middleware(_request(CLIENT, forwarded="203.0.113.9", proto="https"))
    assert seen == {"secure": False, "forwarded": None}


def test_without_trusted_proxies_the_scheme_header_is_left_as_before(settings):
    settings.TRUSTED_PROXIES = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        return HttpResponse()

    ForwardedHeadersMiddleware(view)(_request(CLIENT, proto="https"))
    assert seen == {"secure": True}


def test_the_access_log_records_the_forwarded_client(behind_nginx):
    seen = {}

    def view(request):
        seen["ip"] = context.current().ip_address
        return HttpResponse()

    RequestContextMiddleware(view)(_request(PROXY, forwarded=CLIENT))
    assert seen["ip"] == CLIENT
    RequestContextMiddleware(view)(_request(CLIENT, forwarded="203.0.113.9"))
    assert seen["ip"] == CLIENT


def test_allauth_sees_the_forwarded_client(behind_nginx):
    assert AccountAdapter().get_client_ip(_request(PROXY, forwarded=CLIENT)) == CLIENT


def test_rate_limits_count_each_forwarded_client_on_its_own(behind_nginx):
    behind_nginx.RATE_LIMITS = {**behind_nginx.RATE_LIMITS, "upload": "2/h"}
    assert user_or_ip(_request(PROXY, forwarded=CLIENT)) == CLIENT
    first = [limit_reached(_request(PROXY, forwarded=CLIENT), "upload") for _ in range(3)]
    assert first == [False, False, True]
    # Another client behind the same proxy has its own count.
    assert not limit_reached(_request(PROXY, forwarded="198.51.100.8"), "upload")
