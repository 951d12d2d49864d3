"""The client's address as far as the proxy setting lets us trust it.

One function for everything keyed by client address: the feedback rate limits
(kb.feedback.ratelimit) and the admin sign-in lockout (django-axes, through
AXES_CLIENT_IP_CALLABLE), so a guesser and a voter are told apart the same way.
"""

import ipaddress

from kb import conf


def client_ip(request) -> str | None:
    """The client's IP address, trusting exactly KB_TRUSTED_PROXY_COUNT proxies in front of us.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the client is the Nth
    entry from the right; anything further left was written by the client and can be forged.
    With no trusted proxy the header is ignored. None when the address is not an IP address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = conf.setting("KB_TRUSTED_PROXY_COUNT")
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            # Fewer entries than proxies: the request skipped an outer proxy, and every entry
            # there is still one a trusted proxy wrote; the leftmost is the closest to the client.
            remote = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
