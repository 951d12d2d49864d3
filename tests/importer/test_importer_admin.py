"""The admin import page: paste or upload, preview, confirm; staff with permission only."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kb.models import Article, Scenario, SolutionStep, Status

URL = "/admin/kb/import/"
TEXT = """Printer Integration

Issue: Printer not found

Possible Solutions:
  • Go to Settings > Printers and click Add.

Possible Solutions:
  • Reinstall the driver.
"""


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def preview(client, **data):
    return client.post(URL, {"preview": "Preview", **data})


def test_preview_shows_the_structure_and_writes_nothing(editor_client):
    response = preview(editor_client, text=TEXT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Scenario: Printer not found" in page
    assert "Reinstall the driver" in page and "needs a title" in page
    assert "Settings &gt; Printers" in page
    assert "create article printer-integration" in page
    assert not Article.objects.exists()


def test_confirm_saves_the_previewed_article_as_a_draft(editor_client):
    confirm = preview(editor_client, text=TEXT).context["confirm"]
    response = editor_client.post(URL, {**{k: confirm[k].value() for k in confirm.fields},
                                        "confirm": "Confirm import"})  # fmt: skip
    article = Article.objects.get(slug="printer-integration")
    assert response.status_code == 302 and response.url.endswith(f"/{article.pk}/change/")
    assert article.status == Status.DRAFT
    assert Scenario.objects.filter(issue__article=article, title_inferred=True).count() == 1


def test_publish_box_publishes_on_confirm(editor, editor_client):
    # Publishing needs what the article admin's Publish action needs (reviewers have it).
    editor.user_permissions.add(Permission.objects.get(codename="publish_article"))
    confirm = preview(editor_client, text=TEXT, publish="on").context["confirm"]
    editor_client.post(URL, {**{k: confirm[k].value() for k in confirm.fields}, "confirm": "1"})
    assert Article.objects.get(slug="printer-integration").status == Status.PUBLISHED


def test_uploaded_file_is_previewed_and_named_as_the_source(editor_client):
    upload = SimpleUploadedFile("printers.txt", TEXT.encode("cp1252", errors="replace"))
    response = preview(editor_client, upload=upload)
    assert "Scenario: Printer not found" in response.content.decode()
    assert response.context["confirm"]["source_name"].value() == "printers.txt"


def test_windows_1252_upload_shows_a_warning_in_the_preview(editor_client):
    text = "Issue: Sync\nSolution: Enter the user’s password.\n"
    response = preview(editor_client, upload=SimpleUploadedFile("a.txt", text.encode("cp1252")))
    page = response.content.decode()
    assert "read as Windows-1252" in page and "user’s password" in page


def test_everything_previewed_is_escaped(editor_client):
    text = "Issue: <img src=x onerror=alert(1)>\nSolution: Click <script>alert(2)</script> now.\n"
    page = preview(editor_client, text=text).content.decode()
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("e.txt", b""), "The submitted file is empty"),
        (SimpleUploadedFile("b.bin", b"\x00\x01\x02" * 100), "binary file"),
        (SimpleUploadedFile("d.docx", b"PK\x03\x04rest"), "Word document"),
        (SimpleUploadedFile("n.txt", b"Just a letter.\n"), "Line 1: No troubleshooting"),
        (SimpleUploadedFile("big.txt", b"x" * (10 * 1024 * 1024)), "the import limit is 1 MB"),
    ],
)
def test_bad_uploads_get_a_form_error_and_nothing_is_written(editor_client, upload, message):
    response = preview(editor_client, upload=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_empty_paste_asks_for_text(editor_client):
    response = preview(editor_client, text="   ")
    assert "The file is empty" in response.content.decode()


def test_confirm_with_text_that_no_longer_parses_shows_an_error_not_a_500(editor_client):
    response = editor_client.post(URL, {"source_text": "nothing here", "confirm": "1"})
    assert response.status_code == 200
    assert "No troubleshooting structure" in response.content.decode()
    assert not SolutionStep.objects.exists()


def test_staff_without_the_add_article_permission_is_refused(db):
    client = Client()
    client.force_login(User.objects.create_user("viewer", is_staff=True))
    assert client.get(URL).status_code == 403
    assert preview(client, text=TEXT).status_code == 403
    assert not Article.objects.exists()


def test_non_staff_are_sent_to_the_admin_login(db):
    client = Client()
    client.force_login(User.objects.create_user("member"))
    response = preview(client, text=TEXT)
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not Article.objects.exists()


def test_posting_without_a_csrf_token_is_rejected(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert preview(client, text=TEXT).status_code == 403
    assert not Article.objects.exists()


def test_article_list_links_to_the_import_page(editor):
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(editor)
    page = client.get("/admin/kb/article/").content.decode()
    assert 'href="/admin/kb/import/"' in page


def test_article_page_offers_a_markdown_download_that_the_import_page_reads_back(content):
    user = User.objects.create_user("viewer", is_staff=True)
    # Replacing a published article from the import page is a publishing decision.
    for codename in ("view_article", "add_article", "change_article", "publish_article"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    page = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()
    assert 'href="/admin/kb/export/tr-legal-tracker-integration/"' in page

    download = client.get("/admin/kb/export/tr-legal-tracker-integration/")
    assert download["Content-Type"] == "text/markdown; charset=utf-8"
    assert "tr-legal-tracker-integration.md" in download["Content-Disposition"]
    upload = SimpleUploadedFile("tr.md", download.content)
    response = preview(client, upload=upload)
    assert "update article tr-legal-tracker-integration" in response.content.decode()
    assert response.context["plan"].scenarios_removed == []


def test_export_needs_the_view_permission_and_an_existing_article(db, editor_client):
    assert editor_client.get("/admin/kb/export/nope/").status_code == 403
    superuser = User.objects.create_superuser("boss", "b@example.com", None)
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/kb/export/nope/").status_code == 404
