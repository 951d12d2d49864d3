"""Importing the two seed files with the seed mapping reproduces the shipped fixtures exactly."""

import json

import pytest
from django.core.management import call_command

from kb.importer import Mapping, read_article
from kb.importer.fixture import fixture_records
from kb.models import Article, Scenario, SolutionStep, Status

from .support import (
    FIXTURES,
    MAPPING,
    SEEDS_DIR,
    SOURCES,
    needs_seeds,
    seed_paths,
    structure,
)


@needs_seeds
@pytest.mark.parametrize("article_slug", SOURCES)
def test_seed_with_mapping_yields_exactly_the_shipped_fixture_records(article_slug):
    mapping = Mapping.load(MAPPING)
    source = SOURCES[article_slug]
    article = read_article((SEEDS_DIR / source).read_bytes(), source, mapping)
    records = fixture_records(article, timestamp=mapping.fixture_timestamp, status="published")
    shipped = json.loads((FIXTURES / f"{article_slug}.json").read_text(encoding="utf-8"))
    # Record by record, so a failure names the first step whose text, kind, order, nesting,
    # menu paths, fields or link differs.
    for ours, theirs in zip(records, shipped, strict=True):
        assert ours == theirs


@needs_seeds
def test_emit_fixture_regenerates_the_shipped_files_byte_for_byte(tmp_path):
    call_command(
        "kb_import", *seed_paths(), "--mapping", str(MAPPING), "--publish",
        "--emit-fixture", str(tmp_path), verbosity=0,
    )  # fmt: skip
    for slug in SOURCES:
        emitted = (tmp_path / f"{slug}.json").read_text(encoding="utf-8")
        assert emitted == (FIXTURES / f"{slug}.json").read_text(encoding="utf-8")


@needs_seeds
def test_importing_the_seeds_gives_the_same_content_as_loading_the_fixtures(content):
    loaded = {slug: structure(slug) for slug in SOURCES}
    Article.objects.all().delete()
    call_command("kb_import", *seed_paths(), "--mapping", str(MAPPING), "--publish", verbosity=0)
    assert {slug: structure(slug) for slug in SOURCES} == loaded
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


@needs_seeds
def test_reimporting_the_seeds_updates_in_place_and_keeps_step_identity(content):
    step_ids = dict(SolutionStep.objects.values_list("ref", "pk"))
    history = SolutionStep.history.count()
    SolutionStep.objects.filter(ref="tr-webhook-not-configured/1").update(text="edited by hand")
    for _ in range(2):
        call_command("kb_import", *seed_paths(), "--mapping", str(MAPPING), verbosity=0)
    assert dict(SolutionStep.objects.values_list("ref", "pk")) == step_ids
    assert Scenario.objects.count() == 14 and Article.objects.count() == 2
    restored = SolutionStep.objects.get(ref="tr-webhook-not-configured/1")
    assert restored.text.startswith("Check if the configurations")
    # Only the one step that differed was saved again: an unchanged import leaves no history.
    assert SolutionStep.history.count() == history + 1
