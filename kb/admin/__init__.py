"""Admin registrations, one module per area."""

from . import content, importer, reports  # noqa: F401
