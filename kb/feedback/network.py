"""A pseudonymous name for the client's network: a keyed hash of its /24 (IPv4) or /64 (IPv6).

Stored with each search so the learned ranking can count distinct offices, not only distinct
cookies (which anyone can clear). The address itself is never stored; the hash is keyed with
SECRET_KEY, so it cannot be reversed by hashing every network, and a whole office shares one.
"""

import ipaddress

from django.utils.crypto import salted_hmac

from kb.models.feedback import NETWORK_MAX_LENGTH
from kb.visitor.client_ip import client_ip

SALT = "kb.feedback.network"
IPV4_PREFIX = 24
IPV6_PREFIX = 64


def network_of_address(address: str | None) -> str:
    """The keyed hash of the network holding `address`; "" when there is no valid address."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    return salted_hmac(SALT, str(network), algorithm="sha256").hexdigest()[:NETWORK_MAX_LENGTH]


def network_of(request) -> str:
    return network_of_address(client_ip(request))
