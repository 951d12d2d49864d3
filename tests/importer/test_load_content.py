"""Loading content is all-or-nothing, and a broken fixture names the record at fault."""

import json

import pytest
from django.core.management import CommandError, call_command

from kb.models import Article, Scenario, SolutionStep


def write(tmp_path, name, records):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def article(slug="a1"):
    return {"model": "kb.article", "fields": {"slug": slug, "title": "A", "status": "published",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}}


def issue(slug="i1", article_slug="a1"):
    return {"model": "kb.issue", "fields": {"slug": slug, "article": [article_slug], "title": "I"}}


def scenario(slug="s1", issue_key=("i1", "a1")):
    return {"model": "kb.scenario", "fields": {"slug": slug, "issue": list(issue_key), "title": "S",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}}


def step(ref="s1/1", scenario_slug="s1"):
    fields = {"ref": ref, "text": "Do it", "order": 1}
    if scenario_slug:
        fields["scenario"] = [scenario_slug]
    return {"model": "kb.solutionstep", "fields": fields}


def test_loading_twice_changes_nothing(content):
    counts = (Article.objects.count(), Scenario.objects.count(), SolutionStep.objects.count())
    call_command("kb_load_content", verbosity=0)
    assert (Article.objects.count(), Scenario.objects.count(), SolutionStep.objects.count()) == counts


def test_step_without_scenario_is_refused_and_nothing_is_loaded(db, tmp_path):
    path = write(tmp_path, "bad.json", [article(), issue(), scenario(), step(scenario_slug=None)])
    with pytest.raises(CommandError, match=r"record 4 \(kb.solutionstep s1/1\): has no scenario"):
        call_command("kb_load_content", path)
    assert not Article.objects.exists()


def test_duplicate_slug_is_refused_naming_both_records(db, tmp_path):
    path = write(tmp_path, "dup.json", [article(), issue(), scenario(), scenario()])
    with pytest.raises(CommandError, match=r"record 4 .*duplicate kb.scenario s1 .*record 3"):
        call_command("kb_load_content", path)
    assert not Scenario.objects.exists()


def test_reference_to_missing_parent_is_refused(db, tmp_path):
    path = write(tmp_path, "orphan.json", [article(), issue(), scenario(issue_key=("nope", "a1"))])
    with pytest.raises(CommandError, match=r"issue nope/a1 not found"):
        call_command("kb_load_content", path)
    assert not Article.objects.exists()


def test_malformed_json_names_the_line(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n{"model": "kb.article",\n "fields": {', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.json: invalid JSON at line 3"):
        call_command("kb_load_content", str(path))


def test_database_error_rolls_back_the_whole_load(db, tmp_path):
    bad = article("a2")
    bad["fields"]["status"] = None  # NOT NULL in the database
    path = write(tmp_path, "partial.json", [article(), bad])
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("kb_load_content", path)
    assert not Article.objects.exists()
