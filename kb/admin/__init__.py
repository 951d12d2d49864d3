"""Admin registrations, one module per area."""

from . import content, reports  # noqa: F401
