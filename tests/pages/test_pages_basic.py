"""Every catalogue scenario has a readable page at a stable URL; drafts stay private."""

import pytest

from kb.models import Article, Status
from tests.conftest import ALL_SLUGS


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_every_catalogue_scenario_has_a_page(client, content, slug):
    response = client.get(f"/s/{slug}/")
    assert response.status_code == 200
    assert response.context["scenario"].slug == slug


def test_draft_article_and_its_scenarios_are_hidden_from_the_public(client, content):
    Article.objects.filter(slug="tr-legal-tracker-integration").update(status=Status.DRAFT)
    assert client.get("/s/tr-webhook-not-configured/").status_code == 404
    assert client.get("/articles/tr-legal-tracker-integration/").status_code == 404


def test_unknown_scenario_is_404(client, content):
    assert client.get("/s/no-such-thing/").status_code == 404
