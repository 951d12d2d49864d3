"""Screenshots are added as editors add them: on a draft article's steps (a published article's
steps are read-only; they change in its working copy). Tests that look at the public page
publish the draft afterwards (`publish_drafts`)."""

import pytest

from kb.content.publishing import publish
from kb.models import Article, Status


@pytest.fixture
def content(content):
    Article.objects.update(status=Status.DRAFT, published_at=None)
    return content


def publish_drafts():
    for article in Article.objects.filter(status=Status.DRAFT):
        publish(article)
