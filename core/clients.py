"""Who is asking: the client's address, read through trusted reverse proxies only.

Behind a reverse proxy every request comes from the proxy's address. The
proxy appends the address it received the request from to X-Forwarded-For;
anything to the left of that was written by the client and proves nothing.
So the header is read from the right, skipping only the proxies named in
NUMIXS_TRUSTED_PROXIES (addresses or networks), and only when the request
itself came from one of them. Without that setting the header is ignored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _trusted(address):
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.NUMIXS_TRUSTED_PROXIES)))


def client_ip(request):
    """The client's address (django-axes calls this too: AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        if not _trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a garbled header: fall back to the proxy, never to the text
    return remote
