"""What "Contact support" hands off, and where it goes.

The hand-off carries the query, the visitor's products, and (from a scenario page) the steps
tried and how each went. It goes to a configured URL template (KB_SUPPORT_URL, with {subject},
{body}, {query} and {products} replaced by URL-encoded values), else to a mailto: address
(KB_SUPPORT_EMAIL), else to the built-in request form (/support/new).

The page's link always points at this site (/support/go or /support/new) and the hand-off is
built when it is clicked, so it carries the steps as they are then, and the click is counted.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.text import Truncator

from kb import conf
from kb.feedback import checklist as checklists
from kb.feedback.writebehind import flush_all as flush_pending
from kb.models import Scenario, SearchLog, System
from kb.visitor.products import from_request as products_of

QUERY_MAX_CHARS = 200
# Mail clients and help desks refuse very long URLs: the body is cut to fit.
LINK_BODY_MAX_CHARS = 1800


@dataclass
class Handoff:
    query: str
    products: tuple[str, ...]  # system slugs
    product_names: list[str]
    scenario: Scenario | None
    steps_summary: str

    @property
    def subject(self) -> str:
        if self.scenario is not None:
            return f"Still stuck: {self.scenario.title}"
        if self.query:
            return f"No answer found for “{self.query}”"
        return "Help request"

    @property
    def summary(self) -> str:
        """Plain text for the ticket's description."""
        lines = []
        if self.query:
            lines.append(f"Searched for: {self.query}")
        if self.product_names:
            lines.append(f"Products: {', '.join(self.product_names)}")
        if self.scenario is None and self.query:
            lines.append("No article in the knowledge base answered it.")
        if self.steps_summary:
            lines += ["", self.steps_summary]
        return "\n".join(lines)

    def context_query(self) -> str:
        """The query string that names this hand-off on /support/go and /support/new."""
        params = {"q": self.query}
        if self.scenario is not None:
            params["scenario"] = self.scenario.slug
        return urlencode({k: v for k, v in params.items() if v})


def channel() -> str:
    """ "url", "email" or "form": where "Contact support" goes as configured now."""
    if conf.setting("KB_SUPPORT_URL"):
        return "url"
    if conf.setting("KB_SUPPORT_EMAIL"):
        return "email"
    return "form"


def build(request, scenario: Scenario | None = None, query: str = "") -> Handoff:
    query = " ".join(query.split())[:QUERY_MAX_CHARS]
    if not query and scenario is not None:
        query = _last_query(request.visitor_id, scenario)
    systems = list(System.objects.all())
    mine = products_of(request, systems)
    if not mine and scenario is not None:
        mine = tuple(sorted(s.slug for s in scenario.effective_systems()))
    names = [s.name for s in systems if s.slug in mine]
    steps = ""
    if scenario is not None:
        page_url = request.build_absolute_uri(scenario.get_absolute_url())
        steps = checklists.build(scenario, request.visitor_id).summary(page_url)
    return Handoff(query, mine, names, scenario, steps)


def _last_query(visitor: str, scenario: Scenario) -> str:
    """What this visitor searched before opening the scenario, if they came from a search."""
    flush_pending()  # the click may still be in this process's memory
    log = (
        SearchLog.objects.filter(visitor=visitor, clicked_scenario=scenario)
        .order_by("-clicked_at")
        .first()
    )
    return log.query[:QUERY_MAX_CHARS] if log else ""


def contact_url(handoff: Handoff) -> str:
    """The link a page shows: the built-in form, or the counting redirect to the help desk."""
    name = "kb:support_new" if channel() == "form" else "kb:support_go"
    query = handoff.context_query()
    return reverse(name) + (f"?{query}" if query else "")


def link(query: str = "", scenario: Scenario | None = None) -> str:
    """contact_url() for a page that knows only the query and the scenario."""
    return contact_url(Handoff(" ".join(query.split())[:QUERY_MAX_CHARS], (), [], scenario, ""))


def destination(handoff: Handoff) -> str:
    """The configured help desk URL or mailto: link, filled in with this hand-off."""
    body = Truncator(handoff.summary).chars(LINK_BODY_MAX_CHARS)
    values = {
        "subject": handoff.subject,
        "body": body,
        "query": handoff.query,
        "products": ", ".join(handoff.product_names),
    }
    template = conf.setting("KB_SUPPORT_URL")
    if template:
        for key, value in values.items():
            template = template.replace("{" + key + "}", quote(value, safe=""))
        return template
    address = conf.setting("KB_SUPPORT_EMAIL")
    # mailto: wants %20 for spaces (RFC 6068), which quote() gives and urlencode() does not.
    return (
        f"mailto:{quote(address, safe='@')}?subject={quote(values['subject'], safe='')}"
        f"&body={quote(body, safe='')}"
    )
