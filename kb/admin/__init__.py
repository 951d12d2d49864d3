"""Admin registrations, one module per area."""

from . import content, importer, reports, search  # noqa: F401
