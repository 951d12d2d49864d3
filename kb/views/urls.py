from django.conf import settings
from django.urls import path

from . import bench, pages

app_name = "kb"

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/<slug:slug>/", pages.article_detail, name="article"),
    path("s/<slug:slug>/", pages.scenario_detail, name="scenario"),
]

if settings.KB_BENCH:
    urlpatterns.append(path("bench/floor", bench.floor, name="bench-floor"))
