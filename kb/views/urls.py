from django.urls import path

from kb import conf
from kb.support import views as support

from . import api, bench, feedback, media, pages, products, scenario, search

app_name = "kb"

urlpatterns = [
    path("", pages.home, name="home"),
    path("search", search.search_page, name="search"),
    path("articles/", pages.article_index, name="articles"),
    path("articles/<slug:slug>/", pages.article_detail, name="article"),
    path("systems/<slug:slug>/", pages.system_detail, name="system"),
    path("s/<slug:slug>/", scenario.scenario_detail, name="scenario"),
    path("s/<slug:slug>/checklist/reset", scenario.checklist_reset, name="checklist_reset"),
    # Step refs are natural keys like "contact-not-synced-pm/4.1", hence `path`.
    path("steps/<path:ref>/check", scenario.step_check, name="step_check"),
    path("steps/<path:ref>/outcome", scenario.step_outcome, name="step_outcome"),
    # Screenshots on steps, read through the storage API (kb/views/media.py).
    path("media/<path:name>", media.media, name="media"),
    path("feedback/vote/", feedback.vote, name="vote"),
    path("api/search", api.search, name="api_search"),
    path("products", products.products, name="products"),
    path("support/new", support.support_new, name="support_new"),
    path("support/sent", support.support_sent, name="support_sent"),
    path("support/go", support.support_go, name="support_go"),
]

if conf.setting("KB_BENCH"):
    urlpatterns.append(path("bench/floor", bench.floor, name="bench-floor"))
