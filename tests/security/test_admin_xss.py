"""Text saved in the admin never carries script onto a public page."""

import re

import pytest

from tests.admin.support import (
    change_form_data,
    errors_of,
    inline_rows,
    publish_now,
    working_copy_url,
)

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"
PAYLOADS = "\n\n".join(
    [
        "<script>alert('step')</script>",
        '<img src="x" onerror="alert(1)">',
        "<svg onload=alert(2)><circle/></svg>",
        "[open the settings](javascript:alert(3))",
        '<a href="JaVaScRiPt:alert(4)">settings</a>',
        "[tab](java&#115;cript:alert(5))",
        "<javascript:alert(6)>",
        '<p style="x" onclick="alert(7)">Click</p>',
        '<iframe src="javascript:alert(8)"></iframe>',
        "Keep **this** and [the docs](https://example.com/help).",
    ]
)


def assert_inert(html: str):
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
        assert "src=" in tag, f"inline script reached the page: {tag}"
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, flags=re.I), "event handler attribute"
    assert "javascript:" not in html.lower()
    assert "java&#115;cript" not in html.lower()
    assert "<iframe" not in html.lower() and "<svg onload" not in html.lower()


def test_script_handlers_and_javascript_links_saved_in_the_admin_are_inert(
    editor_client, client, content
):
    url, copy = working_copy_url(editor_client, SLUG)
    data = change_form_data(editor_client.get(url))
    data["symptom"] = PAYLOADS
    row = inline_rows(data, "steps")[0]
    data[f"{row}-text"] = PAYLOADS
    data[f"{row}-fields"] = "<b onmouseover=alert(9)>Tax</b>"
    data[f"{row}-menu_paths"] = "Admin > Firm <img src=x onerror=alert(10)"

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    preview = f"/admin/kb/article/{copy.issue.article_id}/preview/{copy.pk}/"
    assert_inert(editor_client.get(preview).content.decode())  # the preview, as staff see it
    publish_now(copy)
    client.logout()
    html = client.get(f"/s/{SLUG}/").content.decode()
    assert_inert(html)
    assert "<strong>this</strong>" in html  # Markdown still works
    assert 'href="https://example.com/help"' in html
    assert "&lt;b onmouseover=alert(9)&gt;Tax&lt;/b&gt;" in html  # field names are plain text
