"""The benchmark's trivial view never ships switched on."""

from django.conf import settings


def test_floor_view_is_not_served_unless_the_benchmark_asks(client, db):
    assert not settings.KB_BENCH
    assert client.get("/bench/floor").status_code == 404
