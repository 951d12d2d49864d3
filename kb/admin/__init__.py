"""Admin registrations, one module per area."""

from . import content  # noqa: F401
from . import importer  # noqa: F401,E402
