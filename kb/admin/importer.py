"""Admin pages to bring articles in from text and take them out again as Markdown.

/admin/kb/import/: paste or upload, preview the structure, confirm. Who may create, replace,
remove or publish what is kb.importer.permissions, checked at the preview and again, with the
database as it is then, when saving. A re-import that would archive scenarios with feedback shows
how much and needs the "archive" box ticked. The confirm step re-parses the same text (sent back
in a hidden field) rather than trusting anything from the preview.

/admin/kb/export/<slug>/: the kb_export Markdown as a download ("view article" permission).
Both are wired in kb/urls.py through admin.site.admin_view, so only active staff reach them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kb.importer import ImportFailed, decode, parse
from kb.importer.exporter import export_markdown
from kb.importer.permissions import may_import, refusal
from kb.importer.reading import check_size, max_bytes
from kb.importer.writer import plan, save
from kb.models import Article


class ImportForm(forms.Form):
    text = forms.CharField(
        label="Paste the article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100, "spellcheck": "false"}),
    )
    upload = forms.FileField(label="…or upload a text file (.txt, .md)", required=False)
    publish = forms.BooleanField(
        label="Publish now (otherwise new articles are drafts)", required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("upload")
        if upload and text.strip():
            raise forms.ValidationError("Paste text or upload a file, not both.")
        try:
            if upload:
                check_size(upload.size)
                text, notes = decode(upload.read())
            else:
                text, notes = decode(text.encode("utf-8"))
            article = parse(text, source=upload.name if upload else "")
            article.notes = notes
            data["article"], data["plan"], data["source_text"] = article, plan(article), text
        except ImportFailed as exc:
            raise forms.ValidationError(str(exc)) from exc
        reason = refusal(self.user, data["plan"], publish=data.get("publish", False))
        if reason:
            raise forms.ValidationError(reason)
        return data


class ConfirmForm(forms.Form):
    """The text that was previewed, sent back to be parsed again and saved."""

    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False)
    publish = forms.BooleanField(widget=forms.HiddenInput, required=False)
    archive_removed = forms.BooleanField(
        label="Archive the removed scenarios, keeping their feedback",
        required=False,
        initial=False,  # never ticked for the editor
    )

    def clean(self):
        data = super().clean()
        if len(data.get("source_text", "").encode("utf-8")) > max_bytes():
            raise forms.ValidationError("The text is larger than the import limit.")
        try:
            data["article"] = parse(data.get("source_text", ""), source=data.get("source_name", ""))
            plan(data["article"])
        except ImportFailed as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


@require_http_methods(["GET", "POST"])
def import_article(request):
    if not may_import(request.user):
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": "Import an article"}
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                result = save(
                    confirm.cleaned_data["article"],
                    publish=confirm.cleaned_data["publish"],
                    user=request.user,
                    archive_confirmed=confirm.cleaned_data["archive_removed"],
                )
            except ImportFailed as exc:  # refused, unconfirmed, or the database changed
                confirm.add_error(None, str(exc))
            else:
                messages.success(request, f"Imported: {result.summary()}.")
                article = Article.objects.get(slug=result.article_slug)
                return redirect(reverse("admin:kb_article_change", args=[article.pk]))
        form = ImportForm(initial={"text": request.POST.get("source_text", "")})
        context["confirm_errors"] = confirm.non_field_errors() or ["The preview was incomplete."]
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            article = form.cleaned_data["article"]
            context.update(
                article=article,
                plan=form.cleaned_data["plan"],
                confirm=ConfirmForm(
                    initial={
                        "source_text": form.cleaned_data["source_text"],
                        "source_name": article.source,
                        "publish": form.cleaned_data["publish"],
                    }
                ),  # fmt: skip
            )
    else:
        form = ImportForm()
    context["form"] = form
    context["max_kb"] = max_bytes() // 1024
    return render(request, "admin/kb/import.html", context)


@require_GET
def export_article(request, slug):
    if not request.user.has_perm("kb.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article, slug=slug)
    response = HttpResponse(export_markdown(article), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.md"'
    return response
