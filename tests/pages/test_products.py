"""The visitor's own products: chosen on the search page, kept in a cookie, ranked first.

A knowledge base for many products holds the same symptom once per product; which product the
visitor works with is what tells those answers apart. Their scenarios rank first, the others
stay in the list, and a query that names a product finds that product's first.
"""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kb.search import search
from kb.visitor.products import COOKIE_NAME
from tests.search.test_search_noise import add_competitors

PM = "actionstep-practice-management"
LA = "actionstep-legal-accounting"
URL = reverse("kb:products")


def twins_in_another_product():
    # The seed's "Cannot Save Time Entry in Practice Management", in another product, titled
    # in the user's very words.
    add_competitors(
        (
            f"Time entry won't save in Ledgerly ({n})",
            f'When a fee earner saves a time entry, Ledgerly shows "E-{n}: Time entry cannot be '
            'saved".',
            ["Check that the period is open.", "Save the time entry again."],
        )
        for n in range(6)
    )


def top(text, **kwargs):
    return search(text, **kwargs).results[0].slug


def test_twins_in_another_product_win_for_a_visitor_who_chose_none(content):
    twins_in_another_product()
    assert top("time entry wont save").startswith("ledgerly")
    assert top("time entry wont save", prefer=(LA,)).startswith("ledgerly")  # not its product


def test_the_visitors_product_ranks_first_among_twins(content):
    twins_in_another_product()
    assert top("time entry wont save", prefer=(PM,)) == "time-entry-cannot-save"
    # The others stay in the list.
    slugs = [hit.slug for hit in search("time entry wont save", prefer=(PM,)).results]
    assert any(slug.startswith("ledgerly") for slug in slugs)


def test_a_query_naming_another_product_still_finds_it(content):
    twins_in_another_product()
    assert top("time entry wont save in ledgerly", prefer=(PM,)).startswith("ledgerly")


def test_what_the_query_names_outranks_what_the_visitor_chose(content, monkeypatch):
    import kb.search
    from kb.search import tuning

    text = "contact not syncing to legal accounting"
    assert top(text, prefer=(PM,)) == "contact-not-synced-la"
    # Were the choice to count as well, Practice Management's own scenario would come first.
    monkeypatch.setattr(tuning, "NAMES_OVERRIDE_PREFER", False)
    kb.search._cache.clear()  # the answers cache would give the first answer again
    assert top(text, prefer=(PM,)) == "contact-not-synced-pm"


def test_a_filter_by_system_is_not_reordered_by_the_preference(content):
    twins_in_another_product()
    hits = search("time entry wont save", systems=("ledgerly",), prefer=(PM,)).results
    assert hits and all(hit.slug.startswith("ledgerly") for hit in hits)


def test_saving_products_keeps_them_in_a_cookie_and_returns_to_the_search(client, content):
    response = client.post(URL, {"system": [PM, LA], "next": "/search?q=time+entry"})
    assert response.status_code == 303
    assert response["Location"] == "/search?q=time+entry"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == f"{LA},{PM}"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_an_unknown_product_is_refused_with_a_reason_and_nothing_is_kept(client, content):
    client.cookies[COOKIE_NAME] = PM
    response = client.post(URL, {"system": [PM, "no-such-product"], "next": "/search"})
    assert response.status_code == 400
    assert "No such product: no-such-product." in response.content.decode()
    assert COOKIE_NAME not in response.cookies  # the earlier choice stands


def test_an_offsite_return_address_goes_to_the_search_page_instead(client, content):
    response = client.post(URL, {"system": [PM], "next": "https://evil.example/phish"})
    assert response.status_code == 303
    assert response["Location"] == reverse("kb:search")


def test_clear_forgets_the_products(client, content):
    client.cookies[COOKIE_NAME] = PM
    response = client.post(URL, {"clear": "1", "system": [PM], "next": "/search"})
    assert response.status_code == 303
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_products_are_only_changed_by_a_post(client, content):
    assert client.get(URL, {"system": PM}).status_code == 405


def test_the_search_page_ranks_and_marks_the_visitors_products(client, content):
    twins_in_another_product()
    page = reverse("kb:search")
    before = client.get(page, {"q": "time entry wont save"}).content.decode()
    assert before.index("Ledgerly (") < before.index("Cannot Save Time Entry")
    client.cookies[COOKIE_NAME] = PM
    after = client.get(page, {"q": "time entry wont save"}).content.decode()
    assert "Your products rank first: Practice Management" in after
    assert after.index("Cannot Save Time Entry") < after.index("Ledgerly (")
    hits = search("time entry wont save", prefer=(PM,)).results
    mine = [hit for hit in hits if PM in hit.system_slugs]
    assert 0 < len(mine) < len(hits)
    assert after.count("Your product</span>") == len(mine)  # the Ledgerly ones are not marked


def test_a_stale_or_forged_cookie_is_ignored(client, content):
    client.cookies[COOKIE_NAME] = "gone-product,<script>"
    response = client.get(reverse("kb:search"), {"q": "time entry wont save"})
    assert response.status_code == 200
    assert "Your products: choose them" in response.content.decode()


def test_the_api_ranks_the_products_it_is_given(client, content):
    twins_in_another_product()
    api = reverse("kb:api_search")
    plain = client.get(api, {"q": "time entry wont save"}).json()
    mine = client.get(api, {"q": "time entry wont save", "prefer": PM}).json()
    assert plain["results"][0]["slug"].startswith("ledgerly")
    assert mine["results"][0]["slug"] == "time-entry-cannot-save"


def test_the_api_refuses_an_unknown_product_with_a_reason(client, content):
    response = client.get(reverse("kb:api_search"), {"q": "time entry", "prefer": "nope"})
    assert response.status_code == 400
    assert response.json() == {"error": "prefer: No such product: nope."}


def test_kb_eval_refuses_an_unknown_product(content, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("cannot save time entry\ttime-entry-cannot-save\n")
    with pytest.raises(CommandError, match="No such product: nope"):
        call_command("kb_eval", str(queries), prefer="nope")


def products_form(html):
    start = html.index('class="my-product-toggle"')
    return html[start : html.index("</form>", start)]


def test_a_system_page_adds_and_removes_it_from_the_visitors_products(client, content):
    page = reverse("kb:system", args=[PM])
    assert "Add to your products" in products_form(client.get(page).content.decode())
    client.cookies[COOKIE_NAME] = LA
    form = products_form(client.get(page).content.decode())
    # The form posts the products already chosen plus this one.
    assert f'name="system" value="{LA}"' in form and f'name="system" value="{PM}"' in form
    response = client.post(URL, {"system": [LA, PM], "next": page})
    assert response.cookies[COOKIE_NAME].value == f"{LA},{PM}"
    client.cookies[COOKIE_NAME] = f"{LA},{PM}"
    form = products_form(client.get(page).content.decode())
    assert "Remove from your products" in form
    assert f'name="system" value="{PM}"' not in form  # removing posts the others only
