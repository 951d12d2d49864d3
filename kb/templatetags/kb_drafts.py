"""The staff-only "draft" banner, decided from the page's own object (no view has to pass it)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.inclusion_tag("kb/_draft_banner.html", takes_context=True)
def draft_banner(context):
    request = context.get("request")
    if not getattr(getattr(request, "user", None), "is_staff", False):
        return {"show": False}
    if context.get("preview_of") is not None:  # the admin's preview of a working copy
        return {"preview_of": context["preview_of"], "preview_admin_url": context["preview_admin_url"]}
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
