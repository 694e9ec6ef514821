"""The audit trail records the client's address, not the reverse proxy's (S.3)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from audit.log import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.req("S.3")
def test_without_trusted_proxies_it_takes_the_connection_address():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.req("S.3")
@override_settings(TRUSTED_PROXIES=frozenset({"10.0.0.2"}))
def test_behind_a_trusted_proxy_it_takes_the_forwarded_client():
    assert client_ip(_request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


@pytest.mark.req("S.3")
@override_settings(TRUSTED_PROXIES=frozenset({"10.0.0.2"}))
def test_a_client_cannot_forge_an_address_in_front_of_the_proxy():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


@pytest.mark.req("S.3")
@override_settings(TRUSTED_PROXIES=frozenset({"10.0.0.2"}))
def test_a_request_not_from_the_proxy_ignores_the_header():
    assert client_ip(_request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"
