"""The staff-only "draft" banner, decided from the page's own object (no view has to pass it)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def draft_banner(context):
    """The banner, rendered as an inclusion tag would; for the public, no banner, without
    rendering the template (every page they see asks)."""
    request = context.get("request")
    if not getattr(getattr(request, "user", None), "is_staff", False):
        return "\n"  # what the template gives with no banner: its file's last line break
    values = _banner(context)
    new = context.new(values)
    if context.get("csrf_token") is not None:
        new["csrf_token"] = context["csrf_token"]
    return context.template.engine.get_template("kb/_draft_banner.html").render(new)


def _banner(context) -> dict:
    """The banner template's context, for a staff user's page."""
    if context.get("preview_of") is not None:  # the admin's preview of a working copy
        return {
            "preview_of": context["preview_of"],
            "preview_admin_url": context["preview_admin_url"],
        }
    for name in ("scenario", "article"):
        obj = context.get(name)
        if obj is not None and hasattr(obj, "is_published"):
            break
    else:
        return {"show": False}
    if obj.is_published:
        return {"show": False}
    try:
        edit_url = reverse(f"admin:kb_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        edit_url = ""
    return {"show": True, "edit_url": edit_url}
