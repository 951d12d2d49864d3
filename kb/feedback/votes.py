"""The "Was this article helpful?" votes: which page a vote form belongs to (what the widget
shows is kb.feedback.widget).

A vote form carries a signed token naming its page (article, or scenario) and the browser it
was served to. A form whose target was edited, or copied into another browser, fails the
signature check and is refused with a message, instead of landing a vote on the wrong page.
"""

import hashlib
from dataclasses import dataclass

from django.core import signing

from kb.models import Article, Scenario, Vote

TOKEN_SALT = "kb.feedback.vote"
# Long enough for a tab left open over a holiday; the token only binds page and browser.
TOKEN_MAX_AGE = 60 * 60 * 24 * 30


class BadToken(Exception):
    """The form was changed, is too old, or came from another browser."""


class OtherBrowser(BadToken):
    """The form was served to another visitor id (copied, or the browser drops cookies)."""


@dataclass
class Target:
    article: Article
    scenario: Scenario | None = None

    @property
    def page(self):
        return self.scenario or self.article

    @property
    def url(self) -> str:
        return self.page.get_absolute_url()

    def votes(self):
        return Vote.objects.for_target(self.article, self.scenario)


def _visitor_digest(visitor: str) -> str:
    # The visitor id itself stays in its httponly cookie; the page only carries a digest.
    return hashlib.sha256(visitor.encode()).hexdigest()[:16]


def make_token(visitor: str, *, article_id: int, scenario_id: int | None = None) -> str:
    payload = {"a": article_id, "s": scenario_id, "v": _visitor_digest(visitor)}
    return signing.dumps(payload, salt=TOKEN_SALT)


def token_for(target: Target, visitor: str) -> str:
    return make_token(
        visitor,
        article_id=target.article.pk,
        scenario_id=target.scenario.pk if target.scenario else None,
    )


def read_token(token: str, visitor: str, user) -> Target | None:
    """The page a token names, or None when that page no longer exists (or is hidden).

    Raises BadToken when the token was tampered with, has expired, or belongs to another
    browser.
    """
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadToken("This form has expired. Reload the page and answer again.") from exc
    except signing.BadSignature as exc:
        raise BadToken(
            "This form was changed after it was sent to you. Reload the page and answer again."
        ) from exc
    if not isinstance(payload, dict) or payload.get("v") != _visitor_digest(visitor):
        raise OtherBrowser(
            "This form was opened in another browser session. Reload the page and answer again."
        )
    if payload.get("s"):
        scenario = (
            Scenario.objects.visible_to(user)
            .select_related("issue__article")
            .filter(pk=payload["s"])
            .first()
        )
        return Target(scenario.issue.article, scenario) if scenario else None
    article = Article.objects.visible_to(user).filter(pk=payload.get("a")).first()
    return Target(article) if article else None


def target_of(page) -> Target:
    if isinstance(page, Scenario):
        return Target(page.issue.article, page)
    return Target(page)
