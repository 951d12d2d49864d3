"""kb_eval: measures ranking on a TSV file and ends with one machine-readable line."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parents[1] / "data"
SUMMARY = re.compile(r"^n=(\d+) top1=(\d\.\d{3}) mrr5=(\d\.\d{3}) recall3=(\d\.\d{3})$")


def run_eval(path):
    out = io.StringIO()
    call_command("kb_eval", str(path), stdout=out)
    return out.getvalue().splitlines()


def test_eval_prints_misses_and_ends_with_the_summary_line(content, tmp_path):
    tsv = tmp_path / "q.tsv"
    tsv.write_text(
        "# comment\n"
        "webhook not configured\ttr-webhook-not-configured\n"
        "legal hold acknowledgement\ttr-hold-ack-status-missing,tr-access-token-expired\n"
        "webhook not configured\tuser-not-matched\n",
        encoding="utf-8",
    )
    lines = run_eval(tsv)
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    assert match.groups() == ("3", "0.667", "0.667", "0.667")
    misses = [line for line in lines if line.startswith("MISS")]
    assert len(misses) == 1 and "user-not-matched" in misses[0]


def test_dev_queries_meet_the_quality_bar(content):
    n, top1, mrr5, _ = SUMMARY.match(run_eval(DATA / "dev_queries.tsv")[-1]).groups()
    assert float(top1) >= 0.95 and float(mrr5) >= 0.97


def test_eval_refuses_a_malformed_file(content, tmp_path):
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        run_eval(tsv)
