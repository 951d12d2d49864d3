"""Scale-out: two app servers (gunicorn, two workers each) with their own index directories
share one database. An edit saved on one server is found by search on the other within
5 seconds (each catches up from the IndexChange feed), and a server started later builds its
index from the database before it takes a request.

bench/scale_out.py measures the delay over more edits and prints the figures.
"""

import statistics
import time

import pytest
from django.db import connection, transaction

from kb.models import Scenario

from .scale_out_support import database_url, start_node, wait_found, wait_serving

EDITS = 5
MAX_DELAY = 5.0


@pytest.mark.slow
def test_edit_on_one_server_is_found_on_the_other_and_a_late_server_starts_ready(
    transactional_db, content, settings, tmp_path
):
    url = database_url(connection)
    a = start_node("a", url, tmp_path)
    b = start_node("b", url, tmp_path)
    nodes = [a, b]
    try:
        for node in (a, b):
            assert wait_serving(node, "webhook not configured")[0] == "tr-webhook-not-configured"
        # This process saves as one of server A's workers would: same index directory.
        settings.KB_INDEX_DIR = a.index_dir
        scenarios = list(Scenario.objects.order_by("slug")[:EDITS])
        delays = []
        for n, scenario in enumerate(scenarios):
            with transaction.atomic():
                scenario.symptom += f" wombat{n}"
                scenario.save()
            committed = time.monotonic()
            assert scenario.slug in a.search(f"wombat{n}")  # A's own index: at once
            delays.append(wait_found(b, f"wombat{n}", scenario.slug, since=committed))
        assert max(delays) <= MAX_DELAY, delays
        print(f"scale-out delay: median {statistics.median(delays):.2f} s, max {max(delays):.2f} s")

        c = start_node("c", url, tmp_path)
        nodes.append(c)
        deadline = time.monotonic() + 60
        # Built at start-up, before any request reaches the server.
        while not (c.index_dir / "current").exists():
            assert c.process.poll() is None and time.monotonic() < deadline, c.log.read_text()
            time.sleep(0.1)
        for n, scenario in enumerate(scenarios):
            assert wait_serving(c, f"wombat{n}")[:1] == [scenario.slug]
    finally:
        for node in nodes:
            node.stop()
