"""The bulk document path (rebuilds, index checks, feed replay) indexes exactly what a scenario
page shows: the same document `scenario_document()` builds from a scenario instance."""

import math

import pytest
from django.core.management import call_command

from kb.models import Article, Issue, Scenario, SolutionStep, Status, StepKind, System
from kb.search.documents import (
    iter_published_documents,
    published_documents_for,
    published_scenarios,
    scenario_document,
)


def instance_documents():
    return [(s.id, scenario_document(s)) for s in published_scenarios()]


@pytest.fixture
def varied(content):
    """Seed content, synthetic noise, and the awkward cases: own systems listed out of name
    order, steps saved out of order (and two with the same order), a draft article."""
    call_command("kb_synth", scenarios=120, seed=1, verbosity=0)
    zeta = System.objects.create(slug="zeta-billing", name="Zeta Billing", short_name="")
    alpha = System.objects.create(slug="alpha-docs", name="Alpha Docs", short_name="Docs")
    article = Article.objects.create(slug="billing", title="Billing", status=Status.PUBLISHED)
    article.systems.set([zeta, alpha])
    issue = Issue.objects.create(article=article, slug="invoices", title="Invoices fail")
    inherits = Scenario.objects.create(
        issue=issue, slug="invoice-blank", title="Invoice is blank", symptom="Blank PDF."
    )
    own = Scenario.objects.create(
        issue=issue, slug="invoice-late", title="Invoice arrives late", symptom="Days late."
    )
    own.systems.set([zeta, System.objects.get(slug="exterro-legal-hold")])
    for order, text in [(3, "Resend the invoice."), (1, "Open Settings > Invoices."), (2, "")]:
        SolutionStep.objects.create(
            scenario=inherits,
            order=order,
            text=text,
            menu_paths=["Settings > Invoices", 7] if order == 1 else [],
            fields=["Invoice Number", None] if order == 3 else [],
        )
    SolutionStep.objects.create(scenario=inherits, order=1, text="Check the printer queue.")
    SolutionStep.objects.create(
        scenario=own, order=0, kind=StepKind.WARNING, text="Late invoices cannot be recalled."
    )
    draft = Article.objects.create(slug="draft-notes", title="Draft notes", status=Status.DRAFT)
    draft_issue = Issue.objects.create(article=draft, slug="notes", title="Notes")
    Scenario.objects.create(issue=draft_issue, slug="notes-draft", title="Unpublished")
    return {"inherits": inherits, "own": own}


def test_bulk_path_builds_the_same_documents_as_scenario_instances(varied):
    expected = instance_documents()

    assert list(iter_published_documents()) == expected
    # Across batch boundaries too, and for single updates (the change-feed path).
    assert list(iter_published_documents(batch_size=7)) == expected
    ids = [sid for sid, _ in expected]
    assert published_documents_for(ids[::5]) == dict(expected[::5])


def test_every_published_scenario_and_no_draft_is_documented(varied):
    documented = {doc["slug"] for _, doc in iter_published_documents(batch_size=50)}

    published = set(Scenario.objects.published().values_list("slug", flat=True))
    assert documented == published
    assert Scenario.objects.filter(is_synthetic=True).count() == 120
    assert "notes-draft" not in documented
    draft_id = Scenario.objects.get(slug="notes-draft").id
    assert published_documents_for([draft_id, varied["own"].id, 10**9]).keys() == {varied["own"].id}


def test_systems_come_from_the_scenario_else_its_article_in_name_order(varied):
    docs = published_documents_for([varied["inherits"].id, varied["own"].id])

    inherits, own = docs[varied["inherits"].id], docs[varied["own"].id]
    assert inherits["display"]["system_slugs"] == ["alpha-docs", "zeta-billing"]
    assert inherits["facet"] == "billing|alpha-docs,zeta-billing"
    assert own["display"]["systems"] == ["Exterro Legal Hold", "Zeta Billing"]
    assert "exterro" in own["terms"]["context"].split()
    assert "docs" not in own["terms"]["context"].split()


def test_steps_are_in_their_checklist_order(varied):
    doc = published_documents_for([varied["inherits"].id])[varied["inherits"].id]

    assert doc["display"]["steps"] == [
        "Open Settings > Invoices.",
        "Check the printer queue.",
        "Resend the invoice.",
    ]
    assert doc["terms"]["menus"] == "set invoic"
    assert doc["terms"]["fieldnames"] == "invoic number"


def test_a_batch_costs_a_fixed_number_of_queries_whatever_it_holds(
    varied, django_assert_max_num_queries
):
    total = Scenario.objects.published().count()
    assert total > 130

    # Scenarios, their steps, their systems, their articles' systems: four queries a batch.
    with django_assert_max_num_queries(4):
        assert sum(1 for _ in iter_published_documents()) == total
    with django_assert_max_num_queries(4 * math.ceil(total / 40) + 1):
        assert sum(1 for _ in iter_published_documents(batch_size=40)) == total
