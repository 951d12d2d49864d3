"""Search keeps answering while 50 admin edits are saved and full rebuilds run at the same time;
afterwards the index matches the database exactly (kb_index_check finds no difference).

bench/search_during_writes.py runs the same with more edits and prints the figures.
"""

import pytest

from kb.models import Scenario
from kb.search import search

from .search_under_writes import index_check, run


@pytest.mark.slow
def test_searches_answer_during_edits_and_a_rebuild_and_the_index_ends_exact(
    transactional_db, content, editor, settings
):
    settings.KB_SEARCH_CATCHUP_SECONDS = 1.0  # as deployed: a feed check at most once a second
    search("warm up")
    outcome = run(editor, edits=50)
    assert outcome.errors == []
    assert outcome.edits_saved == 50 and outcome.rebuilds >= 2
    assert outcome.searches > 50
    code, report = index_check()
    assert code == 0 and "missing=0 extra=0 stale=0" in report, report
    # Every edit is findable: the last word saved on each scenario.
    last = {}
    for n in range(50):
        last[n % Scenario.objects.count()] = n
    for n in last.values():
        assert search(f"numbat{n}").results, f"numbat{n}"
