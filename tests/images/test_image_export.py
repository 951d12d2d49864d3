"""Screenshots in the Markdown export, read back by the importer: images stay with their step,
alt text and captions included; an image the site does not hold is refused, never fetched."""

import pytest

from kb.importer import ImportFailed, parse
from kb.importer.exporter import export_markdown
from kb.importer.writer import save
from kb.models import Article, StepImage
from tests.images.support import add_screenshot, first_step, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustrated(editor_client, content):
    step = first_step()
    add_screenshot(editor_client, step, image_bytes(size=(200, 100)),
                   alt="The [Sync] button \\ toolbar", caption='Click "Sync"')  # fmt: skip
    add_screenshot(editor_client, step, image_bytes(color="red"), alt="Second")
    return step


def images_of(step):
    return [(i.file.name, i.alt, i.caption, i.width, i.height) for i in step.images.all()]


def test_export_lists_each_image_under_its_step(editor_client, illustrated):
    article = illustrated.scenario.issue.article
    response = editor_client.get(f"/admin/kb/export/{article.slug}/")
    text = response.content.decode()
    first, second = illustrated.images.all()
    assert (
        f"  - Images:\n    - ![The \\[Sync\\] button \\\\ toolbar](/media/{first.file.name} "
        f'"Click \\"Sync\\"")\n    - ![Second](/media/{second.file.name})'
    ) in text
    step_line = text.index(illustrated.text.split("\n")[0][:40])
    assert step_line < text.index("- Images:")


def test_export_import_round_trip_keeps_images_with_their_step(illustrated):
    article = illustrated.scenario.issue.article
    before = images_of(illustrated)
    text = export_markdown(article)
    save(parse(text))  # unchanged: nothing to do
    assert images_of(illustrated) == before

    StepImage.objects.all().delete()  # lost in the database, still in storage and the file
    save(parse(text))
    assert images_of(illustrated) == before

    edited = text.replace("![Second]", "![Second, described better]")
    save(parse(edited))
    assert [i.alt for i in illustrated.images.all()][1] == "Second, described better"
    assert export_markdown(Article.objects.get(pk=article.pk)) == edited


def test_an_export_without_a_steps_images_removes_them(illustrated):
    article = illustrated.scenario.issue.article
    text = export_markdown(article)
    without = "\n".join(line for line in text.split("\n") if "Images:" not in line
                        and "![" not in line)  # fmt: skip
    save(parse(without))
    assert not illustrated.images.exists()


def test_external_image_is_refused_and_never_fetched(illustrated, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("fetched")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    text = export_markdown(illustrated.scenario.issue.article)
    first = illustrated.images.first()
    for bad, reason in [
        (f"https://evil.example/{first.file.name}", "not a screenshot stored on this site"),
        ("/media/step-images/" + "f" * 32 + ".png", "not stored on this site"),
        ("/media/step-images/../../secret_key.png", "not a screenshot address"),
    ]:
        changed = text.replace(f"/media/{first.file.name}", bad)
        with pytest.raises(ImportFailed, match=reason) as refused:
            save(parse(changed))
        assert refused.value.line  # the message names the line
    assert images_of(illustrated)[0][0] == first.file.name


def test_image_without_alt_text_is_refused(illustrated):
    text = export_markdown(illustrated.scenario.issue.article).replace("![Second]", "![]")
    with pytest.raises(ImportFailed, match="no alt text"):
        parse(text)


def test_a_hand_written_file_says_nothing_about_images_unless_it_lists_them():
    text = "Printer\n\nIssue: Printer not found\n\nSolution:\n- Restart it.\n- Reinstall.\n"
    steps = parse(text).scenarios()[0].steps
    assert [s.images for s in steps] == [None, None]  # the saved steps keep theirs
    listed = text.replace("- Reinstall.\n", "- Reinstall.\n  - Images:\n"
                          "    - ![Driver dialog](/media/step-images/abc.png)\n")
    [_, second] = parse(listed).scenarios()[0].steps
    assert second.images == [{"file": "step-images/abc.png", "alt": "Driver dialog",
                              "caption": "", "line": 9}]
