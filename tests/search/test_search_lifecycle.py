"""The index follows the database: saves, deletes, drafts, rollbacks, rebuilds, lost files and
changes saved by other processes."""

import io
import logging
import shutil
import threading

import pytest
from django.core.management import call_command
from django.db import transaction

from kb.models import Article, IndexChange, Issue, Scenario, SolutionStep, Status
from kb.search import analysis, engines, index, reader, search
from kb.search.documents import published_documents_for


def slugs(query):
    return [hit.slug for hit in search(query).results]


@pytest.fixture
def no_feed_check(settings):
    """Searches do not replay the feed: only the after-commit update can make a change show."""
    settings.KB_SEARCH_CATCHUP_SECONDS = 10_000


def make_scenario(status=Status.PUBLISHED, text="Quokka reports fail to render"):
    article = Article.objects.create(slug="reports", title="Reports", status=status)
    issue = Issue.objects.create(article=article, slug="reports", title="Reports issue")
    scenario = Scenario.objects.create(
        issue=issue, slug="reports-blank", title="Reports blank", symptom=text
    )
    return scenario


def test_saved_scenario_is_searchable_once_committed(
    content, no_feed_check, django_capture_on_commit_callbacks
):
    search("warm up")  # the index exists before the change
    with django_capture_on_commit_callbacks(execute=True):
        make_scenario()
    assert slugs("quokka") == ["reports-blank"]


def test_edit_replaces_the_old_text(content, no_feed_check, django_capture_on_commit_callbacks):
    search("warm up")
    scenario = Scenario.objects.get(slug="user-not-matched")
    with django_capture_on_commit_callbacks(execute=True):
        scenario.symptom = "Wombat accounts do not line up."
        scenario.save()
    assert slugs("wombat") == ["user-not-matched"]
    assert slugs("wombat").count("user-not-matched") == 1
    assert "user-not-matched" not in slugs("person")  # only the old symptom said it


def test_step_edit_updates_its_scenario(content, no_feed_check, django_capture_on_commit_callbacks):
    search("warm up")
    step = SolutionStep.objects.filter(scenario__slug="tr-webhook-not-configured").first()
    with django_capture_on_commit_callbacks(execute=True):
        step.text = "Check the platypus settings."
        step.save()
    assert slugs("platypus") == ["tr-webhook-not-configured"]


def test_deleted_scenario_leaves_the_index(content, django_capture_on_commit_callbacks):
    assert "tr-webhook-not-configured" in slugs("webhook")
    with django_capture_on_commit_callbacks(execute=True):
        Scenario.objects.get(slug="tr-webhook-not-configured").delete()
    assert "tr-webhook-not-configured" not in slugs("webhook")


def test_drafts_are_never_indexed(content):
    make_scenario(status=Status.DRAFT)
    assert slugs("quokka") == []
    assert slugs("quokka") == [] and search("quokka", include_drafts=True).results == []


def test_unpublishing_removes_and_publishing_adds(content, django_capture_on_commit_callbacks):
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Status.DRAFT
        article.save()
    assert not any(s.startswith("tr-") for s in slugs("legal tracker token webhook"))
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Status.PUBLISHED
        article.save()
    assert slugs("webhook")[0] == "tr-webhook-not-configured"


def test_scenario_systems_change_updates_the_facet(content, django_capture_on_commit_callbacks):
    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")
    legal_tracker = scenario.issue.article.systems.get(slug="thomson-reuters-legal-tracker")
    with django_capture_on_commit_callbacks(execute=True):
        scenario.systems.set([legal_tracker])
    hit = search("webhook").results[0]
    assert hit.system_slugs == ["thomson-reuters-legal-tracker"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_save_leaves_no_trace(content):
    search("warm up")
    changes = IndexChange.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_scenario()
        raise RuntimeError("the admin form failed after the save")
    assert IndexChange.objects.count() == changes
    assert slugs("quokka") == []


@pytest.mark.django_db(transaction=True)
def test_committed_save_is_applied_after_commit(content, no_feed_check):
    search("warm up")
    with transaction.atomic():
        make_scenario()
        assert slugs("quokka") == []  # not before the commit
    assert slugs("quokka") == ["reports-blank"]


def test_change_saved_by_another_process_is_caught_up_from_the_feed(content):
    search("warm up")
    # Another app server saved this: the row is in the database, its on_commit ran elsewhere.
    Scenario.objects.filter(slug="user-not-matched").update(symptom="Echidna users differ.")
    IndexChange.objects.create(scenario_id=Scenario.objects.get(slug="user-not-matched").pk)
    assert slugs("echidna") == ["user-not-matched"]


def test_feed_check_is_throttled(content, settings):
    search("warm up")
    settings.KB_SEARCH_CATCHUP_SECONDS = 10_000
    search("first check of this interval")
    Scenario.objects.filter(slug="user-not-matched").update(symptom="Echidna users differ.")
    IndexChange.objects.create(scenario_id=Scenario.objects.get(slug="user-not-matched").pk)
    assert slugs("echidna") == []
    settings.KB_SEARCH_CATCHUP_SECONDS = 0
    assert slugs("echidna") == ["user-not-matched"]


def _write_as_another_process(slug, symptom, *, stamp=True):
    """What another worker's catch-up does to the shared index: the document rewritten and,
    unless it was killed first, the generation's change stamp."""
    Scenario.objects.filter(slug=slug).update(symptom=symptom)
    scenario_id = Scenario.objects.get(slug=slug).pk
    gen = index.current_generation()
    engines.of_generation(gen).apply(gen, published_documents_for([scenario_id]))
    if stamp:
        index.mark_changed(gen)


def test_a_change_another_process_wrote_shows_at_the_next_search(content, no_feed_check):
    assert slugs("echidna") == []  # asked once: the answer is cached
    _write_as_another_process("user-not-matched", "Echidna users differ.")
    assert slugs("echidna") == ["user-not-matched"]


def test_a_writer_killed_before_its_stamp_is_caught_up_within_the_interval(content, settings):
    settings.KB_SEARCH_CATCHUP_SECONDS = 10_000
    assert slugs("echidna") == []
    _write_as_another_process("user-not-matched", "Echidna users differ.", stamp=False)
    settings.KB_SEARCH_CATCHUP_SECONDS = 0  # the interval is over
    assert slugs("echidna") == ["user-not-matched"]


def test_an_index_written_without_a_change_stamp_gets_one_when_opened(content, no_feed_check):
    search("warm up")
    gen = index.current_generation()
    (gen / index.STAMP_FILE).unlink()  # as an index written before stamps were
    reader.reset()  # a process starting on it
    assert slugs("echidna") == []
    assert (gen / index.STAMP_FILE).exists()
    _write_as_another_process("user-not-matched", "Echidna users differ.")
    assert slugs("echidna") == ["user-not-matched"]


def test_rebuild_swaps_in_a_new_generation_and_keeps_answering(content):
    before = index.current_generation()
    search("warm up")
    results = []
    errors = []

    def keep_searching():
        for _ in range(30):
            try:
                results.append(slugs("webhook")[:1])
            except Exception as exc:  # a failed search is what this test is about
                errors.append(exc)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    for _ in range(3):
        call_command("kb_rebuild_index", verbosity=0, stdout=io.StringIO())
    thread.join()
    assert errors == []
    assert all(r == ["tr-webhook-not-configured"] for r in results)
    assert index.current_generation() != before


def test_a_generation_changing_while_it_is_opened_is_opened_again_not_rebuilt(
    content, caplog, monkeypatch
):
    # Two rebuilds in a row removed it, or a commit replaced Whoosh's table of contents, between
    # reading the link and opening the files.
    search("warm up")
    call_command("kb_rebuild_index", verbosity=0, stdout=io.StringIO())
    opened = []
    open_generation = index.open_generation

    def vanishing_once(gen):
        opened.append(gen)
        if len(opened) == 1:
            raise FileNotFoundError(gen / "_MAIN_1.toc")
        return open_generation(gen)

    monkeypatch.setattr(index, "open_generation", vanishing_once)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kb.search"):
        assert slugs("webhook")[0] == "tr-webhook-not-configured"
    assert len(opened) == 2
    assert "rebuild" not in caplog.text


def test_an_operators_rebuild_waits_for_one_already_running(content):
    search("warm up")
    before = index.current_generation()
    done = threading.Event()

    def operator():
        call_command("kb_rebuild_index", verbosity=0, stdout=io.StringIO())
        done.set()

    with index.rebuild_lock(index.root()):  # a search is rebuilding a damaged index
        thread = threading.Thread(target=operator)
        thread.start()
        assert not done.wait(0.5)
        assert index.current_generation() == before
    thread.join(30)
    assert done.is_set() and index.current_generation() != before


def test_deleted_index_is_rebuilt_with_a_warning(content, caplog, search_index_dir):
    search("warm up")
    shutil.rmtree(search_index_dir)
    reader.reset()  # a new worker process
    with caplog.at_level(logging.WARNING, logger="kb.search"):
        assert slugs("webhook")[0] == "tr-webhook-not-configured"
    assert "rebuilding" in caplog.text


def test_deleted_index_under_a_running_process_is_rebuilt(content, caplog, search_index_dir):
    search("warm up")
    shutil.rmtree(search_index_dir)
    with caplog.at_level(logging.WARNING, logger="kb.search"):
        assert slugs("webhook")[0] == "tr-webhook-not-configured"
    assert "rebuilding" in caplog.text


def test_corrupt_index_is_rebuilt_with_a_warning(content, caplog):
    search("warm up")
    gen = index.current_generation()
    for path in gen.iterdir():
        if index.is_index_file(path):
            path.write_bytes(b"\x00garbage" * 10)
    reader.reset()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kb.search"):
        assert slugs("webhook")[0] == "tr-webhook-not-configured"
    assert "rebuilding" in caplog.text


def test_index_made_by_an_older_analyser_is_rebuilt_when_opened(
    content, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_scenario(text="Timekeeper rates are missing from the invoice")
    # Written by the analyser of version 1, which stemmed "timekeeper" to "timekeep".
    monkeypatch.setattr(analysis, "VERSION", "1")
    monkeypatch.setattr(analysis, "_STEMS", {})
    analysis.forget()
    call_command("kb_rebuild_index", verbosity=0)
    old = index.current_generation()
    monkeypatch.undo()
    analysis.forget()

    reader.reset()  # the first worker after the deploy
    with caplog.at_level(logging.WARNING, logger="kb.search"):
        assert slugs("timekeeper rates")[0] == "reports-blank"
    assert "made by analysis version 1, not 2" in caplog.text
    assert index.current_generation() != old


def test_index_check_reports_and_repairs_differences(content):
    search("warm up")
    Scenario.objects.filter(slug="user-not-matched").update(title="Changed behind its back")
    out = call_check()
    assert "out of date in the index: user-not-matched" in out
    out = call_check("--repair")
    assert "(repaired)" in out
    assert "stale=0" in call_check() and "missing=0" in call_check()


def call_check(*args):
    buffer = io.StringIO()
    try:
        call_command("kb_index_check", *args, stdout=buffer)
    except SystemExit:
        pass
    return buffer.getvalue()


def test_two_app_servers_with_their_own_index_catch_up_from_the_database(
    content, settings, tmp_path, django_capture_on_commit_callbacks
):
    server_a, server_b = tmp_path / "node-a", tmp_path / "node-b"
    settings.KB_INDEX_DIR = server_a
    assert slugs("webhook")[0] == "tr-webhook-not-configured"
    settings.KB_INDEX_DIR = server_b  # a node started later builds its index before serving
    assert slugs("webhook")[0] == "tr-webhook-not-configured"
    with django_capture_on_commit_callbacks(execute=True):  # saved through node B
        Scenario.objects.filter(slug="user-not-matched").get().steps.create(
            text="Ask the numbat team."
        )
    assert slugs("numbat") == ["user-not-matched"]
    settings.KB_INDEX_DIR = server_a
    reader.reset()  # node A's own process
    assert slugs("numbat") == ["user-not-matched"]
