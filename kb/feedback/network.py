"""A pseudonymous name for the client's network: a keyed hash of its /24 (IPv4) or /64 (IPv6).

Stored with each search so the learned ranking can count distinct offices, not only distinct
cookies (which anyone can clear). The address itself is never stored; the hash is keyed with
SECRET_KEY, so it cannot be reversed by hashing every network, and a whole office shares one.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.utils.crypto import salted_hmac

from kb.models.feedback import NETWORK_MAX_LENGTH
from kb.visitor.client_ip import client_ip

SALT = "kb.feedback.network"
IPV4_PREFIX = 24
IPV6_PREFIX = 64


def network_of_address(address: str | None) -> str:
    """The keyed hash of the network holding `address`; "" when there is no valid address."""
    return _network_hash(address or "", settings.SECRET_KEY)


@lru_cache(maxsize=4096)  # a search page asks for every search: an office asks again and again
def _network_hash(address: str, secret: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    digest = salted_hmac(SALT, str(network), secret=secret, algorithm="sha256").hexdigest()
    return digest[:NETWORK_MAX_LENGTH]


def network_of(request) -> str:
    return network_of_address(client_ip(request))
