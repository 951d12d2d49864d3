"""Shared helpers for the importer tests: where the seeds are, and a comparable article tree."""

import dataclasses
import os
from pathlib import Path

import pytest
from django.conf import settings

from kb.importer.exporter import from_database
from kb.models import Article

SEEDS_DIR = Path(os.environ.get("KB_SEEDS_DIR", settings.BASE_DIR.parent / "shared" / "seeds"))
MAPPING = settings.BASE_DIR / "fixtures" / "import-mappings" / "seeds.json"
FIXTURES = settings.BASE_DIR / "fixtures"
SOURCES = {
    "legal-accounting-integration": "000_92c9ce71aca96dfa.txt",
    "tr-legal-tracker-integration": "004_f0337e897363c926.txt",
}
needs_seeds = pytest.mark.skipif(
    not SEEDS_DIR.is_dir(), reason=f"seed articles not found in {SEEDS_DIR} (set KB_SEEDS_DIR)"
)
# Bookkeeping of the parse, not part of the structure an editor sees.
IGNORED = {"line", "source_title", "notes", "mirrors_scenario"}


def seed_paths():
    return [str(SEEDS_DIR / name) for name in SOURCES.values()]


def comparable(tree):
    if isinstance(tree, dict):
        # A step's images: None (a hand-written file says nothing) reads back from an export as
        # the empty list it then holds.
        return {k: comparable([] if k == "images" and v is None else v)
                for k, v in tree.items() if k not in IGNORED}  # fmt: skip
    if isinstance(tree, list):
        return [comparable(v) for v in tree]
    return tree


def structure(slug):
    """Everything about an article an import or export must keep, read from the database."""
    return comparable(dataclasses.asdict(from_database(Article.objects.get(slug=slug))))
