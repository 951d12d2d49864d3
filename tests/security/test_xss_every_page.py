"""Script placed in any text staff or visitors can enter is inert on every page that shows it.

Hostile titles, symptoms, step text (raw HTML, Markdown links), menu paths, field names, link
URLs, system names, feedback comments and reasons, search queries and synonyms are stored, then
every public page and fragment, every admin changelist, change form, history and delete page,
the feedback reports and the JSON API are fetched and parsed (tests/security/xss_support.py).
A guard test checks that every GET endpoint of the URLconf was visited, so a new page is
covered or named here on purpose.
"""

import json
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

from kb.content.images import reencode
from kb.feedback.votes import make_token
from kb.models import (
    Article,
    ArticleSlugRedirect,
    Issue,
    Outcome,
    PageView,
    Scenario,
    SearchLog,
    SlugRedirect,
    SolutionStep,
    Status,
    StepCheck,
    StepImage,
    StepKind,
    StepOutcome,
    SupportRequest,
    Synonym,
    System,
    Vote,
)
from tests.feedback.support import as_visitor, new_visitor
from tests.images.support import image_bytes

from .urlconf_walk import endpoints
from .xss_support import (
    HOSTILE,
    JS_URL,
    MARK,
    SHORT,
    SNIPPET_HOSTILE,
    SNIPPET_QUERY,
    inspect_html,
)

# GET endpoints with nothing user-entered to show, or that only redirect.
NOT_SHOWING_CONTENT = {
    "kb_insights_suggestion_decide",  # POST only: a 303 back to the suggestions page
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:view_on_site",
    "django.contrib.admin.sites.AdminSite.catch_all_view",
    "django.views.generic.base.View.as_view.<locals>.view",  # /admin/<model>/<id>/ redirects
    "kb:checklist_reset",  # POST only
    "kb:step_check",  # POST only; its fragment is fetched by POST below
    "kb:step_outcome",
    "kb:support_go",  # logs the click and redirects to the configured help desk
    "admin:kb_article_restore",  # POST only
    "admin:kb_article_mark_reviewed",  # POST only: a 303 back to "Due for review"
    # Review actions: POST only, each a 303 back to a change page visited below.
    "admin:kb_article_working_copy",
    "admin:kb_article_submit",
    "admin:kb_article_publish",
    "admin:kb_article_send_back",
    # Image bytes only (re-encoded at upload), with nosniff and a sandboxing CSP; the hostile
    # alt text and caption are checked on the scenario and step pages.
    "kb:media",
}


@pytest.fixture
def hostile(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    system = System.objects.create(slug="hostile-system", name=SHORT, short_name="<b>x</b>")
    article = Article.objects.create(
        slug="hostile-article", title=SHORT, summary=HOSTILE, status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    article.systems.add(system)
    issue = Issue.objects.create(article=article, slug="hostile-issue", title=SHORT)
    scenario = Scenario.objects.create(
        issue=issue, slug="hostile-scenario", title=SHORT, symptom=f"sync fails {HOSTILE}"
    )
    scenario.systems.add(system)
    Scenario.objects.create(
        issue=issue, slug="hostile-snippet", title="Ledger export stalls",
        symptom=f"Ledger export stalls {SNIPPET_HOSTILE}",
    )
    step = SolutionStep.objects.create(
        scenario=scenario, ref="hostile-step", order=1, kind=StepKind.STEP,
        text=f"Open the sync settings {HOSTILE}", menu_paths=[f"Admin > {HOSTILE}"],
        fields=[HOSTILE],
        link_url=JS_URL,  # the admin form refuses it; a fixture or the ORM does not
    )
    SolutionStep.objects.create(
        scenario=scenario, ref="hostile-note", order=2, kind=StepKind.NOTE, text=HOSTILE,
        parent=step,
    )
    StepImage.objects.create(
        step=step, file=reencode(image_bytes()).content, alt=HOSTILE[:300],
        caption=HOSTILE[-300:],  # both fields hold 300 characters: every payload in one of them
    )
    visitor = new_visitor()
    for target in ({"scenario": scenario}, {}):
        Vote.objects.create(
            article=article, visitor=visitor, helpful=False, comment=HOSTILE,
            reasons=["other", SHORT], **target,
        )
    StepOutcome.objects.create(step=step, visitor=visitor, outcome=Outcome.NOT_HELPFUL)
    StepCheck.objects.create(step=step, visitor=visitor)
    PageView.objects.create(article=article, scenario=scenario, day=timezone.localdate(), count=3)
    for query in (HOSTILE[:500], SHORT):
        SearchLog.objects.create(query=query, normalized=query.lower(), results_count=0,
                                 visitor=visitor)
    SearchLog.objects.create(query="sync fails", normalized="sync fails", results_count=1,
                             top_slug=scenario.slug, clicked_scenario=scenario,
                             clicked_at=timezone.now())
    synonym = Synonym.objects.create(terms=f"sync, {SHORT}", note=SHORT[:200])
    SupportRequest.objects.create(
        visitor=visitor, query=HOSTILE[:500], products=SHORT[:500], scenario=scenario,
        article=article, steps_summary=HOSTILE, name=SHORT[:120], email="x@example.com",
        description=HOSTILE,
    )
    # A second version of each, so history pages have a change (a diff) to show.
    for obj, field in ((article, "title"), (issue, "title"), (scenario, "symptom"),
                       (step, "text"), (synonym, "terms")):
        setattr(obj, field, getattr(obj, field).replace("alert(1)", "alert(10)"))
        obj.save()
    SlugRedirect.objects.create(old_slug="old-hostile-scenario", scenario=scenario)
    ArticleSlugRedirect.objects.create(old_slug="old-hostile-article", article=article)
    user = get_user_model().objects.create_superuser(
        "xss-admin", "x@example.com", "pw-Long-enough-1"
    )
    group = Group.objects.create(name=SHORT[:150])
    # A failed sign-in: the attacker chooses the username and the user agent the lockout
    # records keep (and the admin lists).
    Client().post("/admin/login/", {"username": SHORT, "password": "wrong"},
                  HTTP_USER_AGENT=SHORT)
    AccessLog.objects.create(username=SHORT, user_agent=SHORT, ip_address="192.0.2.9",
                             http_accept=SHORT, path_info="/admin/login/")
    if not AccessFailureLog.objects.exists():  # kept only when the failure log is switched on
        AccessFailureLog.objects.create(username=SHORT, user_agent=SHORT, http_accept=SHORT,
                                        ip_address="192.0.2.9", path_info="/admin/login/")
    for obj in (article, scenario, issue, system, synonym):
        LogEntry.objects.log_actions(
            user.pk, [obj], CHANGE, change_message=f'[{{"changed": {{"fields": ["{SHORT}"]}}}}]'
        )
    return {
        "article": article, "scenario": scenario, "step": step, "system": system,
        "visitor": visitor, "user": user, "synonym": synonym, "issue": issue, "group": group,
    }


def _checked(response, path, *, shows=True):
    assert response.status_code < 500, f"{path}: {response.status_code}"
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return _checked_json(json.loads(body), path)
    found = inspect_html(body)
    assert found.problems == [], f"{path}: {found.problems}"
    if shows:
        text = "".join(found.text)
        assert MARK in text or "alert(" in text, f"{path} did not show the hostile text"
    return found


def _checked_json(data, path):
    """JSON strings are data; the only HTML in the API is the snippet, which must be inert."""
    for hit in data.get("results", []):
        found = inspect_html(hit["snippet"])
        assert found.problems == [], f"{path}: {found.problems}"
        tags = {t for t in _tags(hit["snippet"])}
        assert tags <= {"mark"}, f"{path}: snippet carries {tags}"


def _tags(html):
    from html.parser import HTMLParser

    seen = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append(tag)

    Tags().feed(html)
    return seen


def _public_pages(hostile):
    scenario, article, system = hostile["scenario"], hostile["article"], hostile["system"]
    q = quote(HOSTILE[:190])
    return [
        ("/", True, {}),
        (article.get_absolute_url(), True, {}),
        (f"/systems/{system.slug}/", True, {}),
        (scenario.get_absolute_url(), True, {}),
        # "Back to results" carries the search's query from the Referer.
        (scenario.get_absolute_url(), True, {"HTTP_REFERER": f"http://testserver/search?q={q}"}),
        ("/articles/", True, {}),
        (f"/support/new?scenario={scenario.slug}&q={q}", True, {}),
        ("/support/sent", False, {}),
        (f"/search?q={q}", True, {}),
        (f"/search?q={q}", True, {"HTTP_HX_REQUEST": "true"}),
        ("/search?q=sync+fails", True, {}),
        ("/search?q=sync+fails", True, {"HTTP_HX_REQUEST": "true"}),
        (f"/search?q=sync+fails&system={quote(SHORT)}&article={quote(SHORT)}", True, {}),
        (f"/search?q={quote(SNIPPET_QUERY)}", True, {}),
        (f"/search?q={quote(SNIPPET_QUERY)}", True, {"HTTP_HX_REQUEST": "true"}),
        (f"/nope/{quote(SHORT)}/", False, {}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_public_pages_and_fragments_keep_hostile_text_inert(hostile, who):
    client = Client()
    if who == "staff":
        client.force_login(hostile["user"])
    as_visitor(client, hostile["visitor"])
    for path, shows, extra in _public_pages(hostile):
        _checked(client.get(path, **extra), path, shows=shows)
    if who == "anonymous":
        _checked(client.get("/admin/login/?next=" + quote(JS_URL)), "admin login", shows=False)


@pytest.mark.parametrize("extra", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_a_hostile_snippet_reaches_the_results_whole_and_inert(hostile, extra):
    # The walk above finds nothing only if the snippet is escaped, not because a <mark> broke
    # the payload: the payload must be on the page in one piece, as text.
    response = Client().get("/search", {"q": SNIPPET_QUERY}, **extra)
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', response.content.decode(), re.S)
    assert snippets, "no snippet on the results page"
    found = inspect_html(snippets[0])
    assert found.problems == []
    assert SNIPPET_HOSTILE in "".join(found.text)


def test_vote_widget_states_keep_a_hostile_comment_inert(hostile):
    client = as_visitor(Client(), hostile["visitor"])
    scenario = hostile["scenario"]
    token = make_token(hostile["visitor"], article_id=scenario.issue.article_id,
                       scenario_id=scenario.pk)
    for state in ("ask", "reasons", "thanks"):
        path = f"/feedback/vote/?token={quote(token)}&feedback={state}"
        _checked(client.get(path, HTTP_HX_REQUEST="true"), path, shows=state == "reasons")
    # A refused post shows the comment back in the form, plain and HTMX.
    data = {"token": token, "helpful": "no", "refine": "1", "reasons": ["other"],
            "comment": HOSTILE * 3}
    for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post("/feedback/vote/", data, **extra)
        assert response.status_code == 400
        _checked(response, "/feedback/vote/ (refused)")


def test_checklist_fragments_keep_hostile_step_text_inert(hostile):
    client = as_visitor(Client(), hostile["visitor"])
    step = hostile["step"]
    for path, data in ((f"/steps/{step.ref}/check", {"done": "1"}),
                       (f"/steps/{step.ref}/outcome", {"outcome": "fixed"}),
                       (f"/s/{hostile['scenario'].slug}/checklist/reset", {})):
        _checked(client.post(path, data, HTTP_HX_REQUEST="true"), path)


def test_a_step_link_is_shown_only_for_a_web_address(hostile, client):
    step, url = hostile["step"], hostile["scenario"].get_absolute_url()
    for link, shown in ((JS_URL, False), (" JavaScript:alert(1)", False),
                        ("https://example.com/shot.png", True)):
        # Saved as an editor saves (a raw update() would bypass the change feed, and with it
        # the search index and the pages' content version).
        step.link_url = link
        step.save()
        page = client.get(url).content.decode()
        assert ('class="ref-link"' in page) is shown, link


def _admin_pages(hostile):
    pages = []
    objects = {Article: hostile["article"], Scenario: hostile["scenario"],
               Issue: hostile["issue"], System: hostile["system"], Synonym: hostile["synonym"],
               SolutionStep: hostile["step"], Vote: Vote.objects.first(),
               SearchLog: SearchLog.objects.first(), Group: hostile["group"],
               AccessAttempt: AccessAttempt.objects.first(), AccessLog: AccessLog.objects.first(),
               AccessFailureLog: AccessFailureLog.objects.first(),
               SlugRedirect: SlugRedirect.objects.first(),
               SupportRequest: SupportRequest.objects.first(),
               ArticleSlugRedirect: ArticleSlugRedirect.objects.first()}
    logged = {Article, Scenario, Issue, System, Synonym}  # LogEntry rows name these
    live = {Issue, Scenario, SolutionStep}  # parts of a published article: deleting is refused
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        shows = model in objects
        pages.append((reverse("admin:%s_%s_changelist" % info), shows))
        pages.append((reverse("admin:%s_%s_changelist" % info) + f"?q={quote(SHORT)}", False))
        pages.append((reverse("admin:%s_%s_add" % info), False))
        obj = objects.get(model) or model.objects.first()
        if obj is None:
            continue
        for action in ("change", "history", "delete"):
            try:
                path = reverse(f"admin:%s_%s_{action}" % info, args=[obj.pk])
            except NoReverseMatch:
                continue
            refused = action == "delete" and model in live
            pages.append((path, model in logged and not refused if action != "change" else shows))
        versions = getattr(obj, "history", None)
        if versions is not None and hasattr(versions, "first"):
            # simple_history's page for one past version (and the form to revert to it).
            path = reverse("admin:%s_%s_simple_history" % info,
                           args=[obj.pk, versions.order_by("history_id").first().history_id])
            pages.append((path, shows))
    article, scenario = hostile["article"], hostile["scenario"]
    pages += [
        (reverse("admin:auth_user_password_change", args=[hostile["user"].pk]), False),
        ("/admin/", False),
        ("/admin/kb/", False),
        (reverse("admin:kb_reports"), True),
        (reverse("admin:kb_report_article", args=[article.pk]), True),
        (reverse("admin:kb_report_scenario", args=[scenario.pk]), True),
        (reverse("admin:kb_report_search"), True),
        (reverse("kb_report_selfservice"), True),
        (reverse("kb_admin_import"), False),
        (reverse("kb_admin_export", args=[article.slug]), False),
        (reverse("kb_insights"), True),
        (reverse("kb_insights_suggestions"), False),
        (reverse("kb_insights_gaps"), True),
        *_version_pages(hostile),
        _due_page(hostile),
        *_review_pages(hostile),
    ]
    return pages


def _due_page(hostile):
    """"Due for review" listing the hostile article, last reviewed by a hostile username."""
    reviewer = get_user_model().objects.create_user(SHORT[:150])
    Article.objects.filter(pk=hostile["article"].pk).update(
        review_due_on=timezone.localdate() - timedelta(days=1),
        last_reviewed_at=timezone.now(), last_reviewed_by=reviewer,
    )
    return (reverse("admin:kb_article_due"), True)


def _review_pages(hostile):
    """The hostile article's working copy, submitted with a hostile note and sent back with a
    hostile comment: its change pages, preview and comparison with the published article."""
    from kb.content import review, working_copy

    clone = working_copy.open_for(hostile["article"], user=hostile["user"])
    review.submit(clone, hostile["user"], note=HOSTILE)
    review.send_back(clone, hostile["user"], comment=HOSTILE)
    issue = clone.issues.get()
    scenario = issue.scenarios.get(title=SHORT)
    SolutionStep.objects.filter(scenario=scenario).update(text=f"Changed {HOSTILE}")
    return [
        (reverse("admin:kb_article_change", args=[clone.pk]), True),
        (reverse("admin:kb_issue_delete", args=[issue.pk]), True),
        (reverse("admin:kb_scenario_change", args=[scenario.pk]), True),
        (reverse("admin:kb_article_preview", args=[clone.pk]), True),
        (reverse("admin:kb_article_preview_scenario", args=[clone.pk, scenario.pk]), True),
        (reverse("admin:kb_article_compare_published", args=[clone.pk]), True),
        (reverse("admin:kb_article_change", args=[hostile["article"].pk]), True),
    ]


def _version_pages(hostile):
    """The article's versions and a comparison of two, both holding hostile text."""
    from kb.content import versions

    article = hostile["article"]
    versions.record(article, message=HOSTILE)
    SolutionStep.objects.filter(pk=hostile["step"].pk).update(text=f"Changed {HOSTILE}")
    versions.record(article, message=HOSTILE)
    compare = reverse("admin:kb_article_compare", args=[article.pk]) + "?a=1&b=2"
    return [(reverse("admin:kb_article_versions", args=[article.pk]), True), (compare, True)]


@pytest.mark.slow
def test_admin_pages_and_reports_keep_hostile_text_inert(hostile):
    client = Client()
    client.force_login(hostile["user"])
    for path, shows in _admin_pages(hostile):
        response = client.get(path)
        if response["Content-Type"].startswith("text/html"):
            _checked(response, path, shows=shows)
        else:  # the Markdown export is a download, never rendered by the browser
            assert "attachment" in response.get("Content-Disposition", ""), path


def test_admin_import_preview_keeps_hostile_text_inert(hostile):
    client = Client()
    client.force_login(hostile["user"])
    text = (
        f"Hostile article {SHORT}\n\nThe following issues may be experienced:\n\n"
        f"Issue: Contact not synchronized {SHORT}\n\nPossible Solutions:\n\n"
        f"  \u2022 In Practice Management {HOSTILE}\n"
        f"  \u2022 Go to Admin > {SHORT} <https://example.com/a.png>\n"
    )
    response = client.post(reverse("kb_admin_import"), {"text": text})
    _checked(response, "import preview")


def test_search_api_keeps_hostile_text_inert(hostile, client):
    url = reverse("kb:api_search")
    for q in ("sync fails", HOSTILE[:500], SHORT):
        response = client.get(url, {"q": q})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        _checked_json(response.json(), f"{url}?q={q[:20]}")
    results = client.get(url, {"q": SNIPPET_QUERY}).json()["results"]
    assert SNIPPET_HOSTILE in "".join(inspect_html(results[0]["snippet"]).text)


def test_products_refusal_keeps_hostile_text_inert(hostile, client):
    # The refusal names the product asked for, and links back to the address given.
    response = client.post(reverse("kb:products"), {"system": SHORT, "next": f"/search?q={SHORT}"})
    assert response.status_code == 400
    _checked(response, "products refusal")


def test_every_get_endpoint_is_visited(hostile):
    visited = set()
    for path, _, _ in _public_pages(hostile):
        visited.add(_view_name(path.split("?")[0]))
    for path, _ in _admin_pages(hostile):
        visited.add(_view_name(path.split("?")[0]))
    visited |= {"kb:vote", "kb:api_search", "admin:login", "kb:products"}
    names = {e.name for e in endpoints()}
    missing = names - visited - NOT_SHOWING_CONTENT
    assert missing == set(), "pages not checked for XSS: " + ", ".join(sorted(missing))


def _view_name(path):
    try:
        match = resolve(path)
    except Exception:
        return None
    return match.view_name or f"{match.func.__module__}.{match.func.__qualname__}"
