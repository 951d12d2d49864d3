"""Forms: where request input is validated before a view acts on it."""
