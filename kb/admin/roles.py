"""The "Editor" group: edits content (drafts and working copies) and synonyms, submits for
review, reads feedback, never manages users. The "Reviewer" group: an editor who also publishes
(kb.publish_article), sends drafts back, unpublishes and deletes published articles.

Kept in step with the models on every migrate (post_migrate), so a permission added with a new
model reaches editors without a data migration, and a fresh database gets the group at once.
"""

from django.contrib.auth.models import Group, Permission

EDITOR_GROUP = "Editor"
REVIEWER_GROUP = "Reviewer"

#: Models editors add, change, delete and view (with their history).
EDITABLE = [
    "article", "articleslugredirect", "issue", "scenario", "solutionstep", "slugredirect", "system",
    "synonym", "stepimage",
]  # fmt: skip
#: Feedback editors may read but never alter: what visitors told us stays as they said it.
READABLE = ["vote", "stepoutcome", "stepcheck", "pageview", "searchlog"]


def editor_permissions():
    codenames = [f"{action}_{model}" for model in EDITABLE for action in (
        "add", "change", "delete", "view"
    )]  # fmt: skip
    codenames += [f"view_{model}" for model in READABLE]
    # Support requests: read them and close them, never rewrite what a visitor sent.
    codenames += ["view_supportrequest", "change_supportrequest"]
    codenames += ["view_insights"]  # search insights, suggested synonyms, content gaps
    return Permission.objects.filter(content_type__app_label="kb", codename__in=codenames)


def ensure_editor_group(sender=None, using="default", **kwargs):
    """Both groups, kept in step with the models (the name stays for the post_migrate hook)."""
    editors = editor_permissions().using(using)
    group, _ = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    group.permissions.set(editors)
    publish = Permission.objects.using(using).filter(
        content_type__app_label="kb", codename="publish_article"
    )
    group, _ = Group.objects.using(using).get_or_create(name=REVIEWER_GROUP)
    group.permissions.set(editors | publish)
