"""kb_import / kb_export from the command line: dry runs, drafts, updates, round trips, refusals."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kb.models import Article, Issue, Scenario, SolutionStep, Status

from .support import SOURCES, structure

SMALL = """Printer Integration

Issue: Printer not found

Possible Solutions:
  • Go to Settings > Printers and click Add.
  • Restart the print service.

Possible Solutions:
  • Reinstall the driver from the vendor site.
"""


def write(tmp_path, text, name="article.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def run(*args):
    call_command("kb_import", *args, verbosity=0)


def test_dry_run_prints_the_tree_and_writes_nothing(db, tmp_path, capsys):
    call_command("kb_import", write(tmp_path, SMALL), "--dry-run")
    out = capsys.readouterr().out
    assert "Scenario printer-not-found: Printer not found" in out
    assert "Reinstall the driver from the vendor site  [needs a title]" in out
    assert "menu: Settings > Printers" in out
    assert "Would create article printer-integration" in out
    assert not Article.objects.exists() and not SolutionStep.objects.exists()


def test_import_creates_a_draft_unless_published(db, tmp_path):
    path = write(tmp_path, SMALL)
    run(path)
    article = Article.objects.get(slug="printer-integration")
    assert article.status == Status.DRAFT and article.source == "article.txt"
    assert Scenario.objects.filter(issue__article=article).count() == 2
    run(path, "--publish")
    article.refresh_from_db()
    assert article.is_published and article.published_at is not None


def test_reimport_after_the_file_changed_updates_and_removes_what_is_gone(db, tmp_path):
    run(write(tmp_path, SMALL))
    first = SolutionStep.objects.get(ref="printer-not-found/1")
    changed = SMALL.replace("Restart the print service.", "Restart the spooler.")
    changed = changed[: changed.index("Possible Solutions:\n  • Reinstall")]
    run(write(tmp_path, changed))
    assert list(Scenario.objects.values_list("slug", flat=True)) == ["printer-not-found"]
    assert Issue.objects.count() == 1
    assert SolutionStep.objects.get(ref="printer-not-found/2").text == "Restart the spooler."
    assert SolutionStep.objects.get(ref="printer-not-found/1").pk == first.pk


def test_scenario_slug_of_another_article_is_refused_and_nothing_is_written(content, tmp_path):
    text = "Other Guide\n\nIssue: Clash {#contact-not-synced-pm}\nSolution: Do it.\n"
    with pytest.raises(CommandError, match="already belongs to the article 'legal-accounting"):
        run(write(tmp_path, text))
    assert not Article.objects.filter(slug="other-guide").exists()


def test_one_bad_file_among_several_writes_nothing(db, tmp_path):
    good = write(tmp_path, SMALL, "good.txt")
    bad = write(tmp_path, "", "empty.txt")
    with pytest.raises(CommandError, match=r"empty.txt: The file is empty\. Nothing was written"):
        run(good, bad)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"   \n\n  \n", "The file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "looks like a Word document"),
        (b"Issue: X\nSolution:\x00\x00\x01 binary", r"binary file \(NUL byte at line 2\)"),
        (b"Issue: X\nSolution: caf\xc3\n\x81\x8d\x8f bytes", r"Line 3: the text is neither UTF-8"),
        (b"Dear team,\n\nthe printer is broken again.\n", "Line 1: No troubleshooting structure"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(db, tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, content))
    assert not Article.objects.exists()


def test_a_ten_megabyte_file_is_refused_by_its_size(db, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes((SMALL.encode() * 60_000)[: 10 * 1024 * 1024])
    with pytest.raises(
        CommandError, match=r"huge.txt: The file is 10.0 MB; the import limit is 1 MB"
    ):
        run(str(path))
    assert not Article.objects.exists()


def test_windows_1252_text_is_read_with_a_warning(db, tmp_path, capsys):
    text = "Issue: Sync\nSolution: Enter the admin user’s password and click “Save”.\n"
    call_command("kb_import", write(tmp_path, text, encoding="cp1252"))
    assert "read as Windows-1252" in capsys.readouterr().err
    step = SolutionStep.objects.get()
    assert step.text == "Enter the admin user’s password and click “Save”."


def test_utf16_with_byte_order_mark_is_read(db, tmp_path):
    run(write(tmp_path, "Issue: Sync\nSolution: Click Save.\n", encoding="utf-16"))
    assert SolutionStep.objects.get().text == "Click Save."


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="nope.txt: no such file"):
        run(str(tmp_path / "nope.txt"))


def test_command_exits_non_zero_on_bad_input(tmp_path):
    empty = write(tmp_path, "", "empty.txt")
    done = subprocess.run(
        [sys.executable, "manage.py", "kb_import", empty],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "The file is empty" in done.stderr


@pytest.mark.parametrize("slug", SOURCES)
def test_export_then_import_gives_back_the_same_article(content, tmp_path, slug):
    before = structure(slug)
    out = tmp_path / f"{slug}.md"
    call_command("kb_export", slug, "-o", str(out), verbosity=0)
    Article.objects.filter(slug=slug).delete()
    run(str(out), "--publish")
    assert structure(slug) == before


def test_importing_an_unchanged_export_changes_no_rows(content, tmp_path, capsys):
    out = tmp_path / "la.md"
    call_command("kb_export", "legal-accounting-integration", "-o", str(out))
    call_command("kb_import", str(out))
    assert "(0 rows changed)" in capsys.readouterr().out


def test_export_keeps_steps_whose_text_looks_like_markup(content, tmp_path):
    step = SolutionStep.objects.get(ref="tr-webhook-not-configured/1")
    step.text = "Note: this alternative starts like a label\nand has a second line."
    step.link_url = "https://example.com/help"
    step.save()
    before = structure("tr-legal-tracker-integration")
    out = tmp_path / "tr.md"
    call_command("kb_export", "tr-legal-tracker-integration", "-o", str(out), verbosity=0)
    Article.objects.filter(slug="tr-legal-tracker-integration").delete()
    run(str(out))
    assert structure("tr-legal-tracker-integration") == before


def test_export_of_an_unknown_article_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No article with the slug 'nope'"):
        call_command("kb_export", "nope")


def test_a_mapping_entry_that_matches_no_scenario_is_refused(db, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(
        '{"articles": {"article.txt": {"scenarios": [{"source_title": "Gone", "slug": "x"}]}}}'
    )
    with pytest.raises(CommandError, match=r"0 scenarios titled 'gone' in article.txt"):
        run(write(tmp_path, SMALL), "--mapping", str(mapping))
    assert not Article.objects.exists()


def test_a_mapping_typo_fix_that_no_longer_applies_is_refused(db, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text('{"articles": {"article.txt": {"fixes": [["teh", "the"]]}}}')
    with pytest.raises(CommandError, match=r"fix 'teh' not found in article.txt"):
        run(write(tmp_path, SMALL), "--mapping", str(mapping))


def test_a_mapping_with_a_misspelt_key_is_refused(db, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text('{"articles": {"article.txt": {"slgu": "x"}}}')
    with pytest.raises(CommandError, match=r"unknown keys \['slgu'\]"):
        run(write(tmp_path, SMALL), "--mapping", str(mapping))
