"""Editors build and rearrange content through the admin, and the public page follows."""

import pytest

from kb.admin.content import StepInline
from kb.models import Article, Issue, Scenario, SolutionStep

from .support import (
    add_inline_row,
    change_form_data,
    errors_of,
    inline_rows,
    open_working_copy,
    publish_now,
    working_copy_url,
)

pytestmark = pytest.mark.django_db


def scenario_url(slug):
    return f"/admin/kb/scenario/{Scenario.objects.get(slug=slug).pk}/change/"


def public_step_texts(client, slug):
    response = client.get(f"/s/{slug}/")
    assert response.status_code == 200
    return [item.step.text for item in response.context["checklist"].items]


def test_editor_adds_article_with_an_issue_and_slugs_come_from_titles(editor_client):
    page = editor_client.get("/admin/kb/article/add/")
    data = change_form_data(page)
    data.update(title="Trust Accounting Sync Errors", slug="", status="draft")
    add_inline_row(data, "issues", title="Receipts Not Posted", slug="", order="")

    response = editor_client.post("/admin/kb/article/add/", data)

    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(title="Trust Accounting Sync Errors")
    assert article.slug == "trust-accounting-sync-errors"
    assert [(i.title, i.slug) for i in article.issues.all()] == [
        ("Receipts Not Posted", "receipts-not-posted")
    ]


def test_slug_made_from_a_taken_title_gets_a_number(editor_client, content):
    data = change_form_data(editor_client.get("/admin/kb/article/add/"))
    data.update(title="Legal Accounting Integration", slug="", status="draft")

    response = editor_client.post("/admin/kb/article/add/", data)

    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get(title="Legal Accounting Integration").slug == (
        "legal-accounting-integration-2"
    )


@pytest.mark.parametrize(
    "slug, message",
    [
        ("trust accounting/errors", "letters, numbers, underscores or hyphens"),
        ("Trust--Accounting", "lowercase letters, digits and single hyphens"),
    ],
)
def test_typed_slug_that_is_not_url_safe_is_refused(editor_client, slug, message):
    data = change_form_data(editor_client.get("/admin/kb/article/add/"))
    data.update(title="Trust Accounting", slug=slug, status="draft")

    response = editor_client.post("/admin/kb/article/add/", data)

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Article.objects.filter(title="Trust Accounting").exists()


def test_editor_adds_scenario_with_steps_menu_paths_and_fields(editor_client, content):
    published = Issue.objects.get(article__slug="legal-accounting-integration", order=1)
    issue = open_working_copy(editor_client, published)  # new content goes into the copy
    data = change_form_data(editor_client.get("/admin/kb/scenario/add/"))
    data.update(issue=issue.pk, title="Invoice Totals Differ", slug="", symptom="Totals differ.")
    add_inline_row(
        data,
        "steps",
        kind="step",
        text="Check the **tax group** on the invoice.",
        menu_paths="Admin -> Firm >  Settings\n\nAdmin > Billing",
        fields="Default Tax Group\nDefault Tax Group\nArea of Law",
        link_url="",
        order="",
    )

    response = editor_client.post("/admin/kb/scenario/add/", data)

    assert response.status_code == 302, errors_of(response)
    step = SolutionStep.objects.get(scenario__slug="invoice-totals-differ")
    assert step.menu_paths == ["Admin > Firm > Settings", "Admin > Billing"]
    assert step.fields == ["Default Tax Group", "Area of Law"]
    assert editor_client.get("/s/invoice-totals-differ/").status_code == 404  # until published
    publish_now(issue)
    page = editor_client.get("/s/invoice-totals-differ/")
    assert b"<strong>tax group</strong>" in page.content


def test_edited_step_text_shows_on_the_public_page_once_published(editor_client, client, content):
    url, clone = working_copy_url(editor_client, "contact-not-synced-pm")
    data = change_form_data(editor_client.get(url))
    first = inline_rows(data, "steps")[0]
    data[f"{first}-text"] = "Open the contact and press Resync now."

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    client.logout()
    assert public_step_texts(client, "contact-not-synced-pm")[0] != (
        "Open the contact and press Resync now."
    )
    publish_now(clone)
    assert public_step_texts(client, "contact-not-synced-pm")[0] == (
        "Open the contact and press Resync now."
    )


def test_reordering_steps_renumbers_them_10_20_30_in_the_new_order(editor_client, content):
    url, clone = working_copy_url(editor_client, "contact-not-synced-pm")
    before = public_step_texts(editor_client, "contact-not-synced-pm")
    data = change_form_data(editor_client.get(url))
    rows = inline_rows(data, "steps")
    data[f"{rows[-1]}-order"] = "0"  # move the last step to the top

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    publish_now(clone)
    assert public_step_texts(editor_client, "contact-not-synced-pm") == [before[-1], *before[:-1]]
    orders = list(
        SolutionStep.objects.filter(scenario__slug="contact-not-synced-pm").values_list(
            "order", flat=True
        )
    )
    assert orders == [10 * (i + 1) for i in range(len(before))]


def test_new_step_without_an_order_number_goes_last(editor_client, content):
    url, clone = working_copy_url(editor_client, "contact-not-synced-pm")
    before = public_step_texts(editor_client, "contact-not-synced-pm")
    data = change_form_data(editor_client.get(url))
    add_inline_row(data, "steps", kind="note", text="Call support if it still fails.", order="")

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    publish_now(clone)
    assert public_step_texts(editor_client, "contact-not-synced-pm") == [
        *before,
        "Call support if it still fails.",
    ]


@pytest.mark.slow
def test_step_made_a_sub_step_shows_under_its_parent(editor_client, content):
    url, clone = working_copy_url(editor_client, "contact-not-synced-pm")
    steps = list(SolutionStep.objects.filter(scenario__slug="contact-not-synced-pm"))
    copies = list(SolutionStep.objects.filter(scenario=clone))
    data = change_form_data(editor_client.get(url))
    rows = inline_rows(data, "steps")
    data[f"{rows[1]}-parent"] = str(copies[0].pk)

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    publish_now(clone)  # the published steps take the copy's shape, keeping their ids
    page = editor_client.get("/s/contact-not-synced-pm/")
    top = page.context["checklist"].items
    assert top[0].step.pk == steps[0].pk
    assert [child.step.pk for child in top[0].children] == [steps[1].pk]
    assert steps[1].pk not in [item.step.pk for item in top]


def test_parent_from_another_scenario_is_refused_with_a_clear_message(editor_client, content):
    url, _ = working_copy_url(editor_client, "contact-not-synced-pm")
    stranger = SolutionStep.objects.filter(scenario__slug="contact-not-synced-la").first()
    data = change_form_data(editor_client.get(url))
    data[f"{inline_rows(data, 'steps')[1]}-parent"] = str(stranger.pk)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "steps of other scenarios cannot be" in errors_of(response)
    assert SolutionStep.objects.filter(parent=stranger).count() == 0


def test_two_steps_made_sub_steps_of_each_other_are_refused(editor_client, content):
    url, clone = working_copy_url(editor_client, "contact-not-synced-pm")
    a, b = SolutionStep.objects.filter(scenario=clone)[:2]
    data = change_form_data(editor_client.get(url))
    rows = inline_rows(data, "steps")
    data[f"{rows[0]}-parent"] = str(b.pk)
    data[f"{rows[1]}-parent"] = str(a.pk)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "loop" in errors_of(response)
    assert not SolutionStep.objects.filter(pk__in=[a.pk, b.pk], parent__isnull=False).exists()


@pytest.mark.slow
def test_sub_step_of_a_sub_step_is_refused(editor_client, content):
    url, clone = working_copy_url(editor_client, "connection-credentials")
    sub = SolutionStep.objects.filter(scenario=clone, parent__isnull=False).first()
    data = change_form_data(editor_client.get(url))
    top_level = [
        row
        for row in inline_rows(data, "steps")
        if not data.get(f"{row}-parent") and str(data[f"{row}-id"]) != str(sub.parent_id)
    ]
    data[f"{top_level[0]}-parent"] = str(sub.pk)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "one level deep" in errors_of(response)


@pytest.mark.slow
def test_deleting_a_step_that_has_sub_steps_is_refused(editor_client, content):
    url, clone = working_copy_url(editor_client, "connection-credentials")
    parent = SolutionStep.objects.filter(scenario=clone, substeps__isnull=False).first()
    data = change_form_data(editor_client.get(url))
    row = next(r for r in inline_rows(data, "steps") if str(data[f"{r}-id"]) == str(parent.pk))
    data[f"{row}-DELETE"] = "on"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "has sub-steps" in errors_of(response)
    assert SolutionStep.objects.filter(pk=parent.pk).exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "menu_paths, message",
    [("Settings", "names only one menu"), ("Admin >> Firm", "empty part")],
)
def test_malformed_menu_path_is_refused(editor_client, content, menu_paths, message):
    url, _ = working_copy_url(editor_client, "contact-not-synced-pm")
    data = change_form_data(editor_client.get(url))
    data[f"{inline_rows(data, 'steps')[0]}-menu_paths"] = menu_paths

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert message in errors_of(response)


def test_javascript_link_url_is_refused(editor_client, content):
    url, _ = working_copy_url(editor_client, "contact-not-synced-pm")
    data = change_form_data(editor_client.get(url))
    data[f"{inline_rows(data, 'steps')[0]}-link_url"] = "javascript:alert(1)"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "valid URL" in errors_of(response)


def test_lists_show_counts_helpful_share_and_filter_by_status(editor_client, content):
    from kb.models import Vote

    scenario = Scenario.objects.get(slug="contact-not-synced-pm")
    for n, helpful in enumerate([True, True, True, False]):
        Vote.objects.create(
            article=scenario.issue.article, scenario=scenario, visitor=f"v{n}", helpful=helpful
        )

    listing = editor_client.get("/admin/kb/scenario/", {"q": "Contact Not Synchronized"})
    assert listing.status_code == 200
    assert b"75% of 4" in listing.content
    article_list = editor_client.get("/admin/kb/article/")
    row = next(
        r
        for r in article_list.context["cl"].result_list
        if r.slug == "legal-accounting-integration"
    )
    assert (row.n_issues, row.n_scenarios) == (9, 9)
    drafts = editor_client.get("/admin/kb/scenario/", {"issue__article__status__exact": "draft"})
    assert list(drafts.context["cl"].result_list) == []


@pytest.mark.slow
def test_steps_are_found_by_their_text_and_menu_paths(editor_client, content):
    listing = editor_client.get("/admin/kb/solutionstep/", {"q": '"Admin > Firm"'})
    assert listing.status_code == 200
    found = list(listing.context["cl"].result_list)
    expected = [
        step
        for step in SolutionStep.objects.all()
        if "admin > firm" in " ".join([step.text, *step.menu_paths]).lower()
    ]
    assert found and set(found) == set(expected)


def test_scenario_page_shows_how_each_step_is_numbered_for_readers(editor_client, content):
    public = editor_client.get("/s/connection-credentials/").context["checklist"]
    labels = [item.label for item in public.all_items()]
    assert any("." in label for label in labels)  # the scenario has numbered sub-steps

    page = editor_client.get(scenario_url("connection-credentials"))
    shown = [
        StepInline.position(None, form.instance)
        for form in page.context["inline_admin_formsets"][0].formset.forms
    ]
    assert shown == labels
    assert all(label in page.content.decode() for label in labels)


def test_step_page_previews_the_sanitised_text(editor_client, content):
    step = SolutionStep.objects.filter(scenario__slug="contact-not-synced-pm").first()
    SolutionStep.objects.filter(pk=step.pk).update(
        text="Press **Resync**. <script>alert(1)</script>"
    )
    page = editor_client.get(f"/admin/kb/solutionstep/{step.pk}/change/")
    html = page.content.decode()
    assert "<strong>Resync</strong>" in html
    assert "<script>alert(1)" not in html


def test_steps_are_listed_for_editing_in_the_order_readers_see_them(editor_client, content):
    page = editor_client.get(scenario_url("connection-credentials"))
    listed = [form.instance.pk for form in page.context["inline_admin_formsets"][0].formset.forms]
    tree = Scenario.objects.get(slug="connection-credentials").step_tree()
    expected = [pk for step in tree for pk in (step.pk, *(c.pk for c in step.children))]
    assert listed == expected


def test_reordering_scenarios_on_the_issue_page_changes_the_article_page(editor_client, content):
    published = Issue.objects.get(article__slug="tr-legal-tracker-integration")
    issue = open_working_copy(editor_client, published)
    url = f"/admin/kb/issue/{issue.pk}/change/"
    data = change_form_data(editor_client.get(url))
    rows = inline_rows(data, "scenarios")
    last_slug = Scenario.objects.get(pk=data[f"{rows[-1]}-id"]).slug.split("-wc")[0]
    data[f"{rows[-1]}-order"] = "0"

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert list(issue.scenarios.values_list("order", flat=True)) == [10, 20, 30, 40, 50]
    publish_now(issue)
    assert published.scenarios.first().slug == last_slug
    page = editor_client.get("/articles/tr-legal-tracker-integration/").content.decode()
    assert page.index(f"/s/{last_slug}/") < page.index("/s/tr-access-token-expired/")


@pytest.mark.slow
def test_every_content_page_links_to_its_public_page(editor_client, content):
    scenario = Scenario.objects.get(slug="contact-not-synced-pm")
    article, issue = scenario.issue.article, scenario.issue
    pages = {
        f"/admin/kb/scenario/{scenario.pk}/change/": "/s/contact-not-synced-pm/",
        f"/admin/kb/issue/{issue.pk}/change/": f"/articles/{article.slug}/#issue-{issue.slug}",
        f"/admin/kb/solutionstep/{scenario.steps.first().pk}/change/": "/s/contact-not-synced-pm/",
    }
    for admin_url, public_url in pages.items():
        html = editor_client.get(admin_url).content.decode()
        assert "View on site" in html and public_url in html, admin_url
    article_page = editor_client.get(f"/admin/kb/article/{article.pk}/change/")
    assert editor_client.get(article_page.context["original"].get_absolute_url()).status_code == 200
    assert b"View on site" in article_page.content


def test_step_edited_in_the_admin_is_found_through_the_search_api_at_once(
    editor_client, client, searchable, django_capture_on_commit_callbacks
):
    def top_slugs(query):
        return [hit["slug"] for hit in client.get("/api/search", {"q": query}).json()["results"]]

    assert "time-entry-cannot-save" not in top_slugs("quarantined ledger")
    url, clone = working_copy_url(editor_client, "time-entry-cannot-save")
    data = change_form_data(editor_client.get(url))
    first = inline_rows(data, "steps")[0]
    data[f"{first}-text"] = "Release the quarantined ledger before saving time."

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert "time-entry-cannot-save" not in top_slugs("quarantined ledger")  # not published yet

    with django_capture_on_commit_callbacks(execute=True):
        publish_now(clone)
    assert top_slugs("quarantined ledger")[0] == "time-entry-cannot-save"
