"""Who may add screenshots, and how visitors see them: under their step with alt text and
size, lazy, served by this site with the right headers; a draft article's images are hidden
from everyone but staff."""

import pytest
from django.contrib.auth.models import Permission

from kb.models import Article, StepImage
from tests.admin.support import PASSWORD, change_form_data
from tests.images.conftest import publish_drafts
from tests.images.support import (
    add_screenshot,
    first_step,
    image_bytes,
    post_step,
    step_url,
    upload,
)

pytestmark = pytest.mark.django_db


def media_url(image):
    return f"/media/{image.file.name}"


@pytest.fixture
def screenshot(editor_client, content):
    image = add_screenshot(
        editor_client, first_step(), image_bytes(size=(320, 200)),
        alt='The "Sync" button <top right>', caption="Contact toolbar",
    )  # fmt: skip
    editor_client.logout()
    publish_drafts()
    return image


def test_public_page_shows_the_image_under_its_step(client, screenshot):
    step = screenshot.step
    html = client.get(step.scenario.get_absolute_url()).content.decode()
    item = html[html.index(f'id="step-{step.pk}"') :]
    item = item[: item.index("</li>")]
    url = media_url(screenshot)
    assert f'<img src="{url}" alt="The &quot;Sync&quot; button &lt;top right&gt;"' in item
    assert 'width="320" height="200" loading="lazy"' in item
    assert f'<a href="{url}"' in item  # a click opens the full image
    assert "<figcaption>Contact toolbar</figcaption>" in item


def test_media_is_served_with_type_nosniff_and_cache_headers(client, screenshot):
    response = client.get(media_url(screenshot))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    again = client.get(media_url(screenshot), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_draft_article_images_are_hidden_from_anonymous(client, screenshot, django_user_model):
    Article.objects.filter(pk=screenshot.step.scenario.issue.article_id).update(status="draft")
    assert client.get(media_url(screenshot)).status_code == 404
    staff = django_user_model.objects.create_user("sam", password=PASSWORD, is_staff=True)
    client.force_login(staff)
    response = client.get(media_url(screenshot))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]  # never kept by a shared cache


def test_an_image_of_a_removed_row_or_outside_the_prefix_is_404(client, screenshot):
    name = screenshot.file.name
    StepImage.objects.filter(pk=screenshot.pk).delete()
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/step-images/../secret_key").status_code == 404
    assert client.get("/media/other/file.png").status_code == 404


def test_anonymous_cannot_reach_the_upload(client, content):
    step = first_step()
    response = client.get(step_url(step))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(step_url(step), {"images-0-alt": "x", "images-TOTAL_FORMS": "1"})
    assert response.status_code == 302 and not StepImage.objects.exists()


def test_staff_without_the_permission_cannot_add(client, content, django_user_model):
    user = django_user_model.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        codename__in=["view_solutionstep", "change_solutionstep"]))  # fmt: skip
    client.force_login(user)
    step = first_step()
    assert "images-TOTAL_FORMS" not in client.get(step_url(step)).content.decode()
    data = change_form_data(client.get(step_url(step)))
    data.update({"images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "images-0-alt": "An "
                 "image", "images-0-file": upload(image_bytes())})  # a forged inline row
    client.post(step_url(step), data)
    assert not StepImage.objects.exists()


def test_editor_reorders_replaces_and_removes(editor_client, content):
    step = first_step()
    first = add_screenshot(editor_client, step, image_bytes(color="red"), alt="First")
    second = add_screenshot(editor_client, step, image_bytes(color="blue"), alt="Second")
    assert [i.alt for i in step.images.all()] == ["First", "Second"]
    old_name = first.file.name

    def reorder_and_replace(data):
        data["images-0-order"], data["images-1-order"] = "30", "20"

    response = post_step(editor_client, step, edit=reorder_and_replace)
    assert response.status_code == 302
    assert [i.alt for i in step.images.all()] == ["Second", "First"]

    def replace_first(data):
        data["images-1-file"] = upload(image_bytes(color="green"))

    assert post_step(editor_client, step, edit=replace_first).status_code == 302
    first.refresh_from_db()
    assert first.file.name != old_name  # a new file; the old stays for the versions

    def remove_second(data):
        data["images-0-DELETE"] = "on"

    assert post_step(editor_client, step, edit=remove_second).status_code == 302
    assert [i.pk for i in step.images.all()] == [first.pk]
    assert second.pk != first.pk


def test_scenario_page_step_rows_link_to_screenshots_with_a_count(editor_client, content):
    step = first_step()
    add_screenshot(editor_client, step)
    add_screenshot(editor_client, step, alt="Another")
    html = editor_client.get(f"/admin/kb/scenario/{step.scenario_id}/change/").content.decode()
    assert f'<a href="{step_url(step)}#images-group">Screenshots (2)</a>' in html
    page = editor_client.get(step_url(step)).content.decode()
    assert 'id="images-group"' in page and "<img src=\"/media/step-images/" in page


def test_a_file_only_a_version_names_is_for_staff_only(editor_client, content):
    image = add_screenshot(editor_client, first_step())
    name = image.file.name
    image.delete()  # removed from the step; the file stays for the versions
    assert editor_client.get(f"/media/{name}").status_code == 200
    editor_client.logout()
    assert editor_client.get(f"/media/{name}").status_code == 404
