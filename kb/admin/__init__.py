"""Admin registrations, one module per area."""

from . import content, search  # noqa: F401
