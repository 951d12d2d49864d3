"""Whatever an editor pastes, the parser either understands it or says why; never crashes.
And whatever it understood, kb_export's Markdown reads back to the same tree."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.importer import ImportFailed, parse
from kb.importer.exporter import render

from .support import comparable

LINES = st.sampled_from([
    "Issue: A", "Issue:", "Scenario 1: B", "Scenario:", "Scenario 2: B", "Possible Solutions:",
    "Possible Solution: ok", "Solution:", "Solution: do x", "Solution: Note: x", "Note:",
    "Note: n", "  Note: indented note", "Tip: t", "Warning: w", "Fields:", "Fields: a; b",
    "  - Fields:", "    - F One", "Menu: A > B", "- Menu:", "      - Admin > X", "- item",
    "  - sub", "    - subsub", "  1. num", "  3) paren", "1. top", "• bullet", "* star",
    "- see <https://a.b/c>", "- https://only.url/x", "https://x.y/z.png", "text para",
    "   indented para", "continued line", "", "\u00a0", "\tTabbed", "Symptom: s", "Systems: x",
    "Source: f", "# T {#s}", "## Issue: I {#i .needs-title}", "Issue: X {#bad slug}",
    "- Alternative: Issue: x", "- Issue: in bullet", "Step: st", "Alternative: al",
    "a > b > c", "<x> {#}", "Modified on Mon", "Was this article helpful?",
])  # fmt: skip
DOCUMENTS = st.tuples(st.lists(LINES, max_size=25), st.booleans()).map(
    lambda pair: ("<!-- kb-export v1 -->\n" if pair[1] else "") + "\n".join(pair[0])
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(DOCUMENTS)
def test_any_text_is_parsed_or_refused_with_a_reason(text):
    try:
        parse(text)
    except ImportFailed as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(DOCUMENTS)
def test_every_parsed_article_survives_export_and_import(text):
    try:
        article = parse(text)
    except ImportFailed:
        return
    again = parse(render(article))
    assert comparable(dataclasses.asdict(again)) == comparable(dataclasses.asdict(article))
