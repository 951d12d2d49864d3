"""The shipped fixtures hold both seed articles exactly as the catalogue structures them."""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from kb.models import Article, Scenario, SolutionStep, StepKind
from tests.conftest import ALL_SLUGS, CATALOGUE

SEEDS_DIR = Path(
    os.environ.get("KB_SEEDS_DIR", settings.BASE_DIR.parent / "shared" / "seeds")
)
SOURCES = {
    "legal-accounting-integration": "000_92c9ce71aca96dfa.txt",
    "tr-legal-tracker-integration": "004_f0337e897363c926.txt",
}
CHROME = ["Was this article helpful", "CAPTCHA", "Modified on", "Thank you for your feedback"]


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def test_every_catalogue_scenario_is_in_its_article(content):
    for article_slug, slugs in CATALOGUE.items():
        found = Scenario.objects.filter(issue__article__slug=article_slug)
        assert sorted(found.values_list("slug", flat=True)) == sorted(slugs)
    assert Scenario.objects.count() == len(ALL_SLUGS)


def test_both_articles_are_published_with_their_systems(content):
    la = Article.objects.get(slug="legal-accounting-integration")
    tr = Article.objects.get(slug="tr-legal-tracker-integration")
    assert la.is_published and tr.is_published
    assert {s.short_name for s in la.systems.all()} == {"Legal Accounting", "Practice Management"}
    assert {s.short_name for s in tr.systems.all()} == {"Exterro", "Legal Tracker"}


def test_no_page_chrome_in_any_text(content):
    texts = [s.text for s in SolutionStep.objects.all()]
    texts += [f"{s.title} {s.symptom}" for s in Scenario.objects.all()]
    texts += [f"{a.title} {a.summary}" for a in Article.objects.all()]
    for text in texts:
        for chrome in CHROME:
            assert chrome.lower() not in text.lower()


def test_structure_keeps_substeps_notes_paths_fields_and_the_screenshot(content):
    refresh = Scenario.objects.get(slug="connection-credentials").step_tree()
    assert [s.kind for s in refresh] == [StepKind.ALTERNATIVE, StepKind.ALTERNATIVE]
    assert [c.kind for c in refresh[0].children] == ["step", "step", "step", "note"]
    assert refresh[0].children[0].menu_paths == ["Admin > Legal Accounting"]

    billing = SolutionStep.objects.get(scenario__slug="matter-not-synced-pm", text__contains="Billing Overview")
    assert billing.fields == [
        "Area of Law",
        "Default Billing Group",
        "Default Case File Group",
        "Default Tax Group",
        "Default Rate Group",
    ]
    sync_job = SolutionStep.objects.get(scenario__slug="tr-sync-job-not-updating")
    assert sync_job.menu_paths[1] == "Settings > Integration Partner > Thomson Reuters > Audit log"
    token = Scenario.objects.get(slug="tr-access-token-expired").step_tree()
    assert any(s.link_url.startswith("https://") for s in token)
    assert token[-1].kind == StepKind.NOTE and "SSO" in token[-1].text


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"seed articles not found in {SEEDS_DIR}")
@pytest.mark.parametrize("article_slug", CATALOGUE)
def test_steps_follow_source_order(content, article_slug):
    """Each step's opening words occur in the source, later than the step before it."""
    source = " ".join(words((SEEDS_DIR / SOURCES[article_slug]).read_text(encoding="utf-8")))
    for scenario in Scenario.objects.filter(issue__article__slug=article_slug):
        position = -1
        flat = [s for top in scenario.step_tree() for s in [top, *top.children]]
        for step in flat:
            if step.link_url and not step.text.startswith("Screenshot"):
                continue
            if step.text.startswith("Screenshot"):
                continue  # our label for the source's bare image URL
            opening = " ".join(words(step.text)[:6])
            found = source.find(opening, position + 1)
            assert found > position, f"{scenario.slug}: {opening!r} out of order or missing"
            position = found


def test_fixtures_use_natural_keys_only():
    for path in (settings.BASE_DIR / "fixtures").glob("*.json"):
        for record in json.loads(path.read_text(encoding="utf-8")):
            assert "pk" not in record, f"{path.name} depends on a primary key"
