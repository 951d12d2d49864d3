from django.urls import path

from . import api, pages

app_name = "kb"

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/<slug:slug>/", pages.article_detail, name="article"),
    path("s/<slug:slug>/", pages.scenario_detail, name="scenario"),
    path("api/search", api.search, name="api_search"),
]
