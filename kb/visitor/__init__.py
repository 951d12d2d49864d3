"""Who the visitor is and what their request carries: the visitor cookie (identity), their
products (products), their address as far as proxies are trusted (client_ip), and the reading
of untrusted input (untrusted)."""
