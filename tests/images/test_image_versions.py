"""A version holds each step's screenshots: compare shows them added, removed, re-described;
restore brings them back onto the step, files untouched; kb_prune_images removes only files
that no row and no version names."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from kb.content.restore import restore
from kb.models import ArticleVersion, StepImage
from tests.images.support import add_screenshot, first_step, image_bytes, post_step

pytestmark = pytest.mark.django_db


def latest(step):
    return ArticleVersion.objects.filter(article=step.scenario.issue.article).latest("number")


def compare(client, step, a, b) -> str:
    article_id = step.scenario.issue.article_id
    url = f"/admin/kb/article/{article_id}/versions/compare/?a={a}&b={b}"
    return client.get(url).content.decode()


def test_versions_hold_compare_and_restore_screenshots(editor_client, content):
    step = first_step()
    image = add_screenshot(editor_client, step, alt="Sync button")
    with_image = latest(step)
    [held] = [
        s for issue in with_image.snapshot["issues"] for sc in issue["scenarios"]
        for s in sc["steps"] if s["id"] == step.pk
    ][0]["images"]  # fmt: skip
    assert held["file"] == image.file.name and held["alt"] == "Sync button"
    assert compare(editor_client, step, with_image.number - 1, with_image.number).count(
        "Screenshot added"
    ) == 1

    def new_alt(data):
        data["images-0-alt"] = "Sync button, top right"

    assert post_step(editor_client, step, edit=new_alt).status_code == 302
    html = compare(editor_client, step, with_image.number, latest(step).number)
    assert "Screenshot alt text" in html and "<ins>, top right</ins>" in html

    def remove(data):
        data["images-0-DELETE"] = "on"

    assert post_step(editor_client, step, edit=remove).status_code == 302
    assert not StepImage.objects.exists()
    assert default_storage.exists(image.file.name)  # a version still names it
    html = compare(editor_client, step, with_image.number, latest(step).number)
    assert "Screenshot removed" in html

    restore(with_image)
    back = step.images.get()
    assert (back.file.name, back.alt, back.width) == (image.file.name, "Sync button", 120)
    assert editor_client.get(f"/media/{back.file.name}").status_code == 200


def test_prune_keeps_files_that_rows_or_versions_name(editor_client, content):
    step = first_step()
    kept_by_row = add_screenshot(editor_client, step, alt="Kept").file.name
    kept_by_version = add_screenshot(editor_client, step, image_bytes(color="red"),
                                     alt="Old").file.name  # fmt: skip
    StepImage.objects.filter(file=kept_by_version).delete()
    orphan = default_storage.save("step-images/" + "0" * 32 + ".png", open_bytes())
    call_command("kb_prune_images", "--keep-hours", "0", verbosity=0)
    assert default_storage.exists(kept_by_row) and default_storage.exists(kept_by_version)
    assert not default_storage.exists(orphan)


def open_bytes():
    from django.core.files.base import ContentFile

    return ContentFile(image_bytes())
