"""Ranking quality on a query set, through the same path as the JSON API."""

from dataclasses import dataclass, field

from .api import search_json


@dataclass
class Miss:
    query: str
    accepted: list[str]
    got: list[str]


@dataclass
class Report:
    n: int = 0
    top1: float = 0.0
    best1: float = 0.0  # stricter: the first-listed (best) answer is first
    mrr5: float = 0.0
    recall3: float = 0.0
    misses: list[Miss] = field(default_factory=list)

    def summary(self) -> str:
        return f"n={self.n} top1={self.top1:.3f} mrr5={self.mrr5:.3f} recall3={self.recall3:.3f}"


def read_queries(path) -> list[tuple[str, list[str]]]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if "\t" not in line:
                raise ValueError(f"{path} line {number}: expected query<TAB>slugs")
            query, slugs = line.split("\t", 1)
            accepted = [s.strip() for s in slugs.split(",") if s.strip()]
            if not accepted:
                raise ValueError(f"{path} line {number}: no accepted slug")
            out.append((query, accepted))
    return out


def evaluate(queries, prefer=()) -> Report:
    """top1: an accepted slug is first (best1: the first-listed one is). mrr5: reciprocal rank
    of the first accepted slug within the top 5. recall3: an accepted slug is in the top 3.
    `prefer`: the searcher's products (system slugs), as a visitor sets them."""
    report = Report(n=len(queries))
    top1 = best1 = mrr = recall = 0.0
    for query, accepted in queries:
        got = [r["slug"] for r in search_json(query, limit=5, prefer=prefer)["results"]]
        top1 += bool(got) and got[0] in accepted
        best1 += bool(got) and got[0] == accepted[0]
        rank = next((i for i, slug in enumerate(got, 1) if slug in accepted), None)
        mrr += 1 / rank if rank else 0.0
        recall += bool(rank and rank <= 3)
        if not got or got[0] not in accepted:
            report.misses.append(Miss(query, accepted, got))
    if queries:
        n = len(queries)
        report.top1, report.best1, report.mrr5, report.recall3 = (
            x / n for x in (top1, best1, mrr, recall)
        )
    return report
