"""Indexing analyses text with `analyze_words`, the fast path; queries with `analyze`. Both must
give the same words and terms for every text, or a document would hold terms no query makes."""

import pytest
from django.core.management import call_command
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb.models import Scenario, SolutionStep
from kb.search.analysis import analyze, analyze_words


def reference(text):
    tokens = analyze(text)
    return [word for word, _, _, _ in tokens], [term for _, term, _, _ in tokens]


# What the analysis treats specially: compounds written as two words, hyphenated prefixes,
# apostrophes, accents and case, British spellings, stop words; and the separators between.
PIECES = st.sampled_from(
    "sign in log on out set up web hook e mail time sheet super user re un de dis mis pre non "
    "co enter synced Re RE Sign LOG the not won't contact's ’s it's café Résumé synchronised "
    "organisation advise acknowledgement number 42 x".split()
)
SEPARATORS = st.sampled_from([" ", "-", "--", "\n", " . ", "'", "’", ", ", "- ", " -", "", "_"])


@st.composite
def tricky_text(draw):
    pieces = draw(st.lists(st.tuples(PIECES, SEPARATORS), max_size=12))
    return draw(SEPARATORS) + "".join(piece + sep for piece, sep in pieces)


@settings(max_examples=500, deadline=None, database=None)
@given(tricky_text())
@example("Sign in")
@example("re-enter the web hook, then log")
@example("re-")
@example("e-mail-")
@example("log\nin")
def test_fast_analysis_gives_the_words_and_terms_of_analyze(text):
    assert analyze_words(text) == reference(text)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=80))
def test_fast_analysis_agrees_on_any_text(text):
    assert analyze_words(text) == reference(text)


@pytest.mark.django_db
def test_fast_analysis_agrees_on_all_content(content):
    call_command("kb_synth", scenarios=150, seed=4, verbosity=0)
    texts = list(SolutionStep.objects.values_list("text", flat=True))
    texts += [t for row in Scenario.objects.values_list("title", "symptom") for t in row]

    assert len(texts) > 1000
    for text in texts:
        assert analyze_words(text) == reference(text), text
