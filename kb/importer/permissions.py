"""Who may import what: the admin's own permissions, applied to what the plan says will happen.

Creating an article needs "add article"; replacing one that exists needs "change article";
removing scenarios needs "delete scenario"; publishing, or replacing an article that is
published (the public would see it at once), needs what the admin's Publish action needs,
"publish article" (reviewers). `user=None` is the operator at the command line, who may do
anything.
"""

from .errors import ImportFailed
from .planning import Plan

PUBLISH_PERMISSION = "kb.publish_article"  # the Publish action in the article admin asks for it


class NotAllowed(ImportFailed):
    """The import would do something this user may not do; nothing was written."""


def refusal(user, plan: Plan, *, publish: bool) -> str:
    """Why `user` may not run this import ("" when they may)."""
    if user is None:
        return ""
    slug = plan.article_slug
    if not plan.article_exists and not user.has_perm("kb.add_article"):
        return f"You may not add articles, so {slug!r} cannot be imported."
    if plan.article_exists and not user.has_perm("kb.change_article"):
        return (
            f"The article {slug!r} already exists, and replacing it needs the permission to "
            "change articles, which you do not have. Nothing was imported."
        )
    if plan.scenarios_removed and not user.has_perm("kb.delete_scenario"):
        return (
            f"This import removes {len(plan.scenarios_removed)} scenario(s) of {slug!r} "
            f"({', '.join(plan.scenarios_removed)}), which needs the permission to delete "
            "scenarios, which you do not have. Nothing was imported."
        )
    if publish and not user.has_perm(PUBLISH_PERMISSION):
        return (
            "Publishing needs the permission to publish articles (reviewers have it), which "
            "you do not have. Import without “Publish now” and ask a reviewer to publish it."
        )
    if plan.article_published and not user.has_perm(PUBLISH_PERMISSION):
        return (
            f"The article {slug!r} is published: replacing it would change the public page "
            "without review, which needs the permission to publish articles. Nothing was "
            "imported; edit its working copy in the admin instead, or ask a reviewer."
        )
    return ""


def check(user, plan: Plan, *, publish: bool) -> None:
    reason = refusal(user, plan, publish=publish)
    if reason:
        raise NotAllowed(reason)


def may_import(user) -> bool:
    """May open the import page at all: add new articles or change existing ones."""
    return user.has_perm("kb.add_article") or user.has_perm("kb.change_article")
