"""The search log as a browser fills it: live typing sends the id of the search the page shows
(kb.js), so it stays one row, and opening a result marks that row, on a desktop and a phone."""

from playwright.sync_api import expect

from kb.feedback import writebehind
from kb.models import SearchLog


def test_live_typing_is_one_search_and_opening_a_result_marks_it(device_page, site, batched):
    page = device_page
    sent = []  # each live search request's KB-Search-Log header

    def track(request):
        if "/search?" in request.url:
            sent.append(request.headers.get("kb-search-log"))

    page.on("request", track)
    page.goto(f"{site}/search")
    box = page.locator("#q")
    for word in ["webhook", " not", " configured"]:
        box.press_sequentially(word, delay=10)
        expect(page.locator("#result-count")).to_contain_text(f"“{box.input_value()}”")
    shown = page.locator("[data-search-log]").get_attribute("data-search-log")
    assert sent[0] is None and sent[-1] == shown  # each keystroke names the search it continues
    page.locator(".result-title a").first.click()
    expect(page.locator("h1")).to_be_visible()
    writebehind.flush_all()
    row = SearchLog.objects.get()
    assert (str(row.pk), row.normalized) == (shown, "webhook not configured")
    assert row.clicked_scenario is not None and row.clicked_scenario.get_absolute_url() in page.url
    page.watch.assert_clean()
