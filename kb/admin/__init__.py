"""Admin registrations, one module per area."""

from . import content, importer, reports, search, support  # noqa: F401
