"""A published scenario's URL keeps working: renaming (in the working copy) asks first and
leaves a redirect once published."""

import pytest

from kb.models import Article, Scenario, SlugRedirect, Status

from .support import (
    change_form_data,
    errors_of,
    open_working_copy,
    publish_now,
)

pytestmark = pytest.mark.django_db

OLD = "tr-webhook-not-configured"
NEW = "tr-webhook-status-not-configured"


def change_url(slug, client=None):
    """The scenario's change page; for a published one, its working copy's (opened by
    `client`)."""
    scenario = Scenario.objects.get(slug=slug)
    if client is not None and scenario.is_published:
        scenario = open_working_copy(client, scenario)
    return f"/admin/kb/scenario/{scenario.pk}/change/"


def publish_url(url):
    publish_now(Scenario.objects.get(pk=url.split("/")[-3]))


def test_renaming_a_published_scenario_asks_for_confirmation(editor_client, content):
    url = change_url(OLD, editor_client)
    data = change_form_data(editor_client.get(url))
    data["slug"] = NEW

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "I understand the old URL will redirect" in errors_of(response)
    assert b'name="confirm_slug_change"' in response.content
    assert Scenario.objects.filter(slug=OLD).exists()


def test_confirmed_rename_keeps_the_old_url_redirecting(editor_client, client, content):
    url = change_url(OLD, editor_client)
    data = change_form_data(editor_client.get(url))
    data.update(slug=NEW, confirm_slug_change="on")

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    client.logout()
    assert client.get(f"/s/{OLD}/").status_code == 200  # until the working copy is published
    publish_url(url)
    old = client.get(f"/s/{OLD}/")
    assert (old.status_code, old["Location"]) == (301, f"/s/{NEW}/")
    assert client.get(f"/s/{NEW}/").status_code == 200


def test_renaming_back_removes_the_redirect_that_would_shadow_it(editor_client, content):
    for now, slug in ((OLD, NEW), (NEW, OLD)):
        url = change_url(now, editor_client)
        data = change_form_data(editor_client.get(url))
        data.update(slug=slug, confirm_slug_change="on")
        response = editor_client.post(url, data)
        assert response.status_code == 302, errors_of(response)
        publish_url(url)

    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == [NEW]
    assert editor_client.get(f"/s/{OLD}/").status_code == 200


def test_draft_scenario_is_renamed_without_a_redirect(editor_client, content):
    Article.objects.filter(slug="tr-legal-tracker-integration").update(status=Status.DRAFT)
    url = change_url(OLD)
    data = change_form_data(editor_client.get(url))
    data["slug"] = NEW

    assert editor_client.post(url, data).status_code == 302
    assert not SlugRedirect.objects.exists()


def test_slug_still_redirecting_for_another_scenario_is_refused(editor_client, content):
    other = Scenario.objects.get(slug="tr-access-token-expired")
    SlugRedirect.objects.create(old_slug="token-expired", scenario=other)
    url = change_url(OLD, editor_client)
    data = change_form_data(editor_client.get(url))
    data.update(slug="token-expired", confirm_slug_change="on")

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "old address of another page" in errors_of(response)


def test_published_scenario_slug_cannot_be_changed_from_the_issue_page(editor_client, content):
    scenario = open_working_copy(editor_client, Scenario.objects.get(slug=OLD))
    url = f"/admin/kb/issue/{scenario.issue.pk}/change/"
    data = change_form_data(editor_client.get(url))
    row = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == scenario.pk)
    data[f"{row}-slug"] = NEW

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "change its slug on the scenario's own page" in errors_of(response)


def test_confirmed_article_rename_keeps_the_old_article_url_redirecting(
    editor_client, client, content
):
    published = Article.objects.get(slug="tr-legal-tracker-integration")
    article = open_working_copy(editor_client, published)
    url = f"/admin/kb/article/{article.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data["slug"] = "thomson-reuters-legal-tracker"

    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "I understand the old URL will redirect" in errors_of(refused)

    data["confirm_slug_change"] = "on"
    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    publish_now(article)
    page = editor_client.get(f"/admin/kb/article/{published.pk}/change/")
    client.logout()
    old = client.get("/articles/tr-legal-tracker-integration/")
    assert (old.status_code, old["Location"]) == (301, "/articles/thomson-reuters-legal-tracker/")
    assert client.get("/articles/thomson-reuters-legal-tracker/").status_code == 200
    assert b"/articles/tr-legal-tracker-integration/" in page.content  # listed as an old URL
