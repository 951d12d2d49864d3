"""A published article's screenshots go into its working copy, and the working copy's
screenshots are what publishing puts on the public page."""

import pytest

from kb.content.publishing import publish
from kb.models import StepImage
from tests.admin.support import open_working_copy
from tests.images.conftest import publish_drafts
from tests.images.support import add_screenshot, first_step, image_bytes

pytestmark = pytest.mark.django_db


def public_images(client, step) -> int:
    html = client.get(step.scenario.get_absolute_url()).content.decode()
    return html.count('loading="lazy"')


def test_screenshots_travel_through_the_working_copy(client, editor_client, content):
    step = first_step()
    add_screenshot(editor_client, step, alt="Before")
    publish_drafts()
    assert public_images(client, step) == 1

    clone_step = open_working_copy(editor_client, step)
    assert list(StepImage.objects.filter(step=clone_step).values_list("alt", flat=True)) == [
        "Before"
    ]
    add_screenshot(editor_client, clone_step, image_bytes(color="red"), alt="Added in the copy")
    assert public_images(client, step) == 1  # not public until published

    publish(clone_step.scenario.issue.article)

    alts = set(StepImage.objects.filter(step=step).values_list("alt", flat=True))
    assert alts == {"Before", "Added in the copy"}
    assert public_images(client, step) == 2
