"""The plain-text parser on small inputs: each rule an editor relies on, one at a time."""

import pytest

from kb.importer import ImportFailed, parse
from kb.models import StepKind


def scenario_of(text, index=0):
    return parse(text).scenarios()[index]


def test_issue_heading_with_solutions_becomes_one_scenario_sharing_its_title():
    article = parse("My Article\n\nIssue: Sync fails\n\nPossible Solutions:\n• Restart it.\n")
    assert article.title == "My Article"
    [issue] = article.issues
    [scenario] = issue.scenarios
    assert (issue.title, scenario.title) == ("Sync fails", "Sync fails")
    assert issue.slug == scenario.slug == "sync-fails"
    assert not scenario.title_inferred
    assert scenario.steps[0].kind == StepKind.ALTERNATIVE


def test_scenario_headings_group_under_one_issue_and_solution_bullets_are_ordered_steps():
    text = (
        "Issue: TR failure\n\nScenario 1: Token expired\n\nSolution:\n  • Sign in.\n  • Save.\n"
        "\nScenario 2: Webhook off\nSolution: Check the webhook.\n"
    )
    article = parse(text)
    [issue] = article.issues
    assert [s.title for s in issue.scenarios] == ["Token expired", "Webhook off"]
    assert [s.kind for s in issue.scenarios[0].steps] == [StepKind.STEP, StepKind.STEP]
    assert issue.scenarios[1].steps[0].text == "Check the webhook."
    assert article.title == "TR failure"  # no title line: the first issue names the article


def test_solutions_without_a_heading_become_a_scenario_that_needs_a_title():
    text = (
        "KB\n\nIssue: A thing breaks\nPossible Solutions:\n - Fix one.\n\n\n"
        "Possible Solutions:\n - Verify the user exists in both systems. Also check security.\n"
    )
    article = parse(text)
    assert len(article.issues) == 2
    lost = article.issues[1].scenarios[0]
    assert lost.title_inferred and article.issues[1].title_inferred
    assert lost.title == "Verify the user exists in both systems"
    assert lost.slug == "verify-the-user-exists-in-both-systems"


def test_numbered_items_under_a_bullet_are_substeps_and_an_indented_paragraph_is_a_note():
    text = (
        "Issue: X\nPossible Solutions:\n  • Refresh the connection.\n"
        "    1. Go to Admin > Legal Accounting.\n    2. Click Refresh.\n\n"
        "      Once done, the page closes.\n  • Try again.\n"
    )
    [first, second] = scenario_of(text).steps
    assert [c.kind for c in first.children] == [StepKind.STEP, StepKind.STEP, StepKind.NOTE]
    assert first.children[0].menu_paths == ["Admin > Legal Accounting"]
    assert first.children[2].text == "Once done, the page closes."
    assert second.text == "Try again."


def test_short_title_case_sub_bullets_are_fields_and_sentences_are_sub_alternatives():
    text = (
        "Issue: X\nPossible Solutions:\n  • Set these fields:\n    • Area of Law\n"
        "    • Default Tax Group\n  • The system validates:\n    • Creating time after the date.\n"
        "    • Being a fee earner.\n"
    )
    fields_step, checks_step = scenario_of(text).steps
    assert fields_step.fields == ["Area of Law", "Default Tax Group"]
    assert fields_step.children == []
    assert [c.kind for c in checks_step.children] == [StepKind.ALTERNATIVE] * 2
    assert checks_step.fields == []


@pytest.mark.parametrize(
    ("sentence", "paths"),
    [
        ("In PM, go to Admin > General settings. Then save.", ["Admin > General settings"]),
        ("Check (Settings -> Partner ->Scheduler) is on.", ["Settings > Partner > Scheduler"]),
        (
            "See (A -> B) and the log (C > D Log) to check.",
            ["A > B", "C > D Log"],
        ),
        ("If the count > 5 then stop.", []),
    ],
)
def test_menu_paths_with_either_arrow_are_stored_normalised(sentence, paths):
    step = scenario_of(f"Issue: X\nSolution: {sentence}\n").steps[0]
    assert step.menu_paths == paths
    assert step.text == sentence  # the prose keeps the author's arrows


def test_fields_named_in_prose_toggles_option_groups_and_quoted_checkboxes():
    text = (
        "Issue: X\nPossible Solutions:\n - Toggle Allow separate numbering to on.\n"
        " - Ensure Force [address | city] for contacts are disabled.\n"
        " - Make sure the “Enable Integration” checkbox is checked.\n"
    )
    steps = scenario_of(text).steps
    assert [s.fields for s in steps] == [
        ["Allow separate numbering"],
        ["Force address", "Force city"],
        ["Enable Integration"],
    ]


def test_note_line_and_bare_url_become_notes_the_url_kept_as_a_link():
    text = (
        "Issue: X\nSolution:\n * Click save.\n\nhttps://example.com/shot.png\n\n"
        "Note: SSO users sign in differently\n"
    )
    steps = scenario_of(text).steps
    assert [s.kind for s in steps] == [StepKind.STEP, StepKind.NOTE, StepKind.NOTE]
    assert steps[1].link_url == "https://example.com/shot.png"
    assert steps[1].text.startswith("Screenshot")
    assert steps[2].text == "SSO users sign in differently."  # sentences end with a stop


def test_warning_label_gives_a_warning_step():
    steps = scenario_of("Issue: X\nSolution:\n- Do it.\nWarning: this deletes data.\n").steps
    assert steps[1].kind == StepKind.WARNING


def test_page_chrome_is_dropped_and_nothing_after_the_feedback_widget_is_read():
    text = (
        "Title\n\nModified on Thu, 23 Oct at 10:01 AM\n\nIssue: X\nSolution: Do it.\n\n"
        "Was this article helpful?\n\nThat’s Great!\nIssue: Not real\nSolution: Nope.\n"
        "CAPTCHA verification is required.\n"
    )
    article = parse(text)
    assert article.summary == ""
    assert [s.title for s in article.scenarios()] == ["X"]


def test_whitespace_and_no_break_spaces_are_collapsed():
    step = scenario_of(
        "Issue: X\u00a0\nSolution:\n  • Click the Parties\u00a0 menu.\u00a0 \n"
    ).steps[0]
    assert step.text == "Click the Parties menu."


def test_a_colon_that_introduces_nothing_becomes_a_full_stop():
    text = "Issue: X\nPossible Solutions:\n • Open it:\n   1. Validate it:\n   2. Save.\n"
    [step] = scenario_of(text).steps
    assert step.text == "Open it:"  # it introduces the numbered steps
    assert step.children[0].text == "Validate it."


def test_continuation_lines_join_the_item_above():
    step = scenario_of("Issue: X\nSolution:\n - Click save\n   and wait.\n").steps[0]
    assert step.text == "Click save and wait."


def test_headings_with_a_slug_marker_keep_that_slug():
    article = parse("# Guide {#my-guide}\n\n## Issue: Sync fails {#sync-fails-pm}\nSolution: Go.\n")
    assert article.slug == "my-guide"
    assert article.scenarios()[0].slug == "sync-fails-pm"


def test_two_scenarios_with_the_same_title_get_distinct_slugs():
    text = "Issue: X\nScenario 1: Same\nSolution: A.\nScenario 2: Same\nSolution: B.\n"
    assert [s.slug for s in parse(text).scenarios()] == ["same", "same-2"]


def test_prose_without_structure_is_refused_naming_the_first_line():
    with pytest.raises(ImportFailed, match=r"Line 2: No troubleshooting structure found"):
        parse("\nDear team,\nplease find the notes attached.\n")


def test_a_heading_without_solutions_is_refused_naming_its_line():
    text = (
        "Issue: X\nScenario 1: Works\nSolution: ok.\n"
        "Scenario 2: Empty one\nScenario 3: Z\nSolution: Z.\n"
    )
    with pytest.raises(ImportFailed, match=r"Line 4: Scenario 'Empty one' has no solutions"):
        parse(text)


def test_an_overlong_heading_is_refused():
    with pytest.raises(ImportFailed, match=r"Line 1: heading is 250 characters"):
        parse("Issue: " + "x" * 250 + "\nSolution: Do it.\n")


def test_an_empty_note_is_refused_naming_its_line():
    with pytest.raises(ImportFailed, match=r"Line 3: this note has no text"):
        parse("Issue: X\nSolution: Do it.\nNote:\n")
