"""Links to pages named by a slug, for lists that hold many of them."""

from django import template

from kb.models.slug_urls import slug_url

register = template.Library()


@register.filter
def article_url(slug: str) -> str:
    """The article page's URL, as {% url 'kb:article' slug %} gives it, without a reverse()."""
    return slug_url("kb:article")(slug)
