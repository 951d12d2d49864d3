"""The products a query names, read from the System table (kb/search/naming.py)."""

import pytest

from kb.models import Article, System
from kb.search import labels, plan, reader, search


def named(text):
    return set(plan.plan(reader.searcher(), text).named)


LA, PM = "actionstep-legal-accounting", "actionstep-practice-management"
TRACKER, EXTERRO = "thomson-reuters-legal-tracker", "exterro-legal-hold"


@pytest.mark.parametrize(
    "text, systems",
    [
        ("token expired in legal tracker", {TRACKER}),  # its short name
        ("Thomson Reuters Legal Tracker token", {TRACKER}),  # its full name
        ("acknowledgment status exterro", {EXTERRO}),
        ("TR token expired", {TRACKER}),  # a synonym of its vendor's name
        ("matters stuck not syncing PM", {PM}),  # a synonym of its short name
        ("actionstep contact sync", {LA, PM}),  # the vendor of both
        ("PM and LA not talking to each other", {LA, PM}),
        ("acknowledgment status extero", {EXTERRO}),  # a typo corrected
    ],
)
def test_a_query_names_a_product_by_any_of_its_names(content, text, systems):
    assert named(text) == systems


@pytest.mark.parametrize(
    "text",
    [
        "credentials expired accounting integration",  # "accounting" is any accounting product
        "legal hold notice",  # "legal hold" is Exterro's product type, not its name
        "practice contact management",  # the words of a name, not in a row
        "sycn error contact",
    ],
)
def test_a_part_of_a_name_names_nothing(content, text):
    assert named(text) == set()


def test_a_new_product_is_named_once_saved(content):
    assert named("matter not syncing to docuvault") == set()
    System.objects.create(
        slug="docuvault", name="DocuVault Document Management", short_name="DocuVault"
    )
    assert named("matter not syncing to docuvault") == {"docuvault"}
    assert named("matter not syncing to docuvault document management") == {"docuvault"}


def test_a_renamed_product_is_named_by_its_new_name(content):
    system = System.objects.get(slug=EXTERRO)
    system.name, system.short_name = "Exterro Preserve", "Preserve"
    system.save()
    assert named("acknowledgment status preserve") == {EXTERRO}


def test_names_spelled_over_words_no_synonym_joins(content):
    System.objects.create(
        slug="trustline", name="Trustline Trust Accounting", short_name="Trust Accounting"
    )
    labels.invalidate()
    assert named("trust accounting bank feed") == {"trustline"}
    assert named("trust balance in accounting") == set()


def test_an_integration_article_stops_counting_for_a_product_taken_off_it(
    content, django_capture_on_commit_callbacks
):
    # tr-matter-fields-not-updating and tr-sync-job-not-updating are filed under Exterro; the
    # article about Legal Tracker and Exterro is what makes them Legal Tracker's too.
    exterro_filed = {"tr-matter-fields-not-updating", "tr-sync-job-not-updating"}
    text = "one field not coming across from legal tracker"
    assert search(text).results[0].slug in exterro_filed
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    with django_capture_on_commit_callbacks(execute=True):
        article.systems.remove(System.objects.get(slug=TRACKER))
    assert search(text).results[0].slug not in exterro_filed
