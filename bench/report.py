"""Turn bench/run.py's raw figures into the tables of BENCHMARKS.md (medians of the runs)."""

from support import median

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def fmt(value, digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, float) and abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def latency(figures):
    runs = figures.get("runs", [])
    return {k: median([r[k] for r in runs]) for k in ("p50", "p95", "p99", "n")} if runs else {}


def brief(task, figures):
    if figures.get("skipped"):
        return figures["skipped"]
    if task == "rebuild":
        return f"{fmt(median(figures['seconds']))} s, {figures['index_bytes'] / 1e6:.1f} MB"
    if task == "latency":
        lat = latency(figures)
        return f"p50 {fmt(lat['p50'])} / p95 {fmt(lat['p95'])} / p99 {fmt(lat['p99'])} ms"
    if task in ("incremental", "edit-poll"):
        s = figures["searchable_ms"]
        missed = figures["missed"]
        return f"searchable p50 {fmt(s['p50'])} / p95 {fmt(s['p95'])} ms, missed {missed}"
    if task == "devset":
        kb_eval, plain = figures.get("kb_eval_top1"), figures["top1_in_accepted"]
        return f"top1 {fmt(kb_eval, 3)} (kb_eval), {fmt(plain, 3)} (plain)"
    if task == "http":
        rows = [
            f"{name} {fmt(median([r['rps'] for r in runs]))}/s"
            for name, runs in figures["wrk"].items()
        ]
        return "; ".join(rows) + (f"; missing: {figures['missing']}" if figures["missing"] else "")
    return str(figures)


def _search_table(results):
    lines = [
        "| scenarios | rebuild s | index MB | search p50 / p95 / p99 ms | first search ms "
        "| edit: save ms | edit: searchable p50 / p95 ms | edit via API p50 / p95 ms "
        "| dev top1 (kb_eval) | dev top1 (plain) | process RSS MB |",
        "|---:|---:|---:|---|---:|---:|---|---|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        rebuild, lat_raw = size.get("rebuild", {}), size.get("latency", {})
        none = {"p50": None, "p95": None}
        inc = size.get("incremental", {"save_ms": none, "searchable_ms": none, "missed": 0})
        lat = latency(lat_raw)
        api = size.get("http", {}).get("edit_via_api")
        n = f" (n={lat['n']:.0f})" if lat.get("n") and lat["n"] < 500 else ""
        lines.append(
            "| "
            + " | ".join(
                [
                    f"{size['size']:,}",
                    fmt(median(rebuild.get("seconds", []))),
                    fmt(rebuild["index_bytes"] / 1e6) if "index_bytes" in rebuild else "n/a",
                    f"{fmt(lat.get('p50'))} / {fmt(lat.get('p95'))} / {fmt(lat.get('p99'))}{n}",
                    fmt(lat_raw.get("first_ms")),
                    fmt(inc["save_ms"]["p50"]),
                    f"{fmt(inc['searchable_ms']['p50'])} / {fmt(inc['searchable_ms']['p95'])}"
                    + (f" ({inc['missed']} missed)" if inc["missed"] else ""),
                    f"{fmt(api['searchable_ms']['p50'])} / {fmt(api['searchable_ms']['p95'])}"
                    if api
                    else "n/a",
                    fmt(size.get("devset", {}).get("kb_eval_top1"), 3),
                    fmt(size.get("devset", {}).get("top1_in_accepted"), 3),
                    fmt(lat_raw.get("rss_mb"), 0),
                ]
            )
            + " |"
        )
    return lines


def _http_table(results):
    lines = [
        "| scenarios | endpoint | req/s | ratio to floor | p50 ms | p99 ms | non-2xx |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        http = size.get("http")
        if not http:
            continue
        floor = median([r["rps"] for r in http["wrk"].get("floor", [])])
        for name, runs in http["wrk"].items():
            rps = median([r["rps"] for r in runs])
            ratio = f"{rps / floor:.1%}" if floor and rps is not None else "n/a"
            lines.append(
                f"| {size['size']:,} | {name} | {fmt(rps)} | {ratio} "
                f"| {fmt(median([r['p50_ms'] for r in runs]), 2)} "
                f"| {fmt(median([r['p99_ms'] for r in runs]), 2)} "
                f"| {sum(r['non_2xx'] for r in runs)} / {sum(r['requests'] for r in runs)} |"
            )
        for name, why in http.get("missing", {}).items():
            lines.append(f"| {size['size']:,} | {name} | not measured: {why} | | | | |")
    return lines


def _memory_and_pages(results):
    lines = [
        "| scenarios | worker RSS MB (after load) | page | HTML gzip KB | CSS+JS gzip KB "
        "| total gzip KB | external requests |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        http = size.get("http")
        if not http:
            continue
        rss = ", ".join(fmt(r, 0) for r in http["worker_rss_mb"])
        for name, page in http["pages"].items():
            assets = sum(page["assets_gzip"].values())
            lines.append(
                f"| {size['size']:,} | {rss} | {name} (HTTP {page['status']}) "
                f"| {fmt(page['html_gzip'] / 1024)} | {fmt(assets / 1024)} "
                f"| {fmt(page['total_gzip'] / 1024)} | {len(page['external'])} |"
            )
    return lines


def markdown(results):
    m = results["machine"]
    info = results["sizes"][-1]["info"] if results["sizes"] else {}
    return "\n".join(
        [
            f"### {info.get('engine', 'whoosh')} engine: run of {results['started']} UTC "
            f"({results.get('seconds', 0) / 60:.0f} min)",
            "",
            f"Command: `{results['command']}`",
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; {m['os']}."
            + (f" A 10-million-step Python loop: {m['loop_s']} s." if m.get("loop_s") else ""),
            f"Versions: Python {m['python']}, Django {info.get('django')}, "
            f"{info.get('whoosh')}, {info.get('database')}, gunicorn {m['gunicorn']}, {m['wrk']}.",
            "Each figure is the median of the runs (at least two). Sizes are synthetic scenarios "
            "(kb_synth, seed 1) on top of the 14 seed scenarios.",
            "",
            "#### Index and in-process search (500 generated symptom queries, top 10)",
            "",
            *_search_table(results),
            "",
            "#### HTTP: gunicorn, 2 sync workers, wrk 1 thread x 4 connections",
            "",
            *_http_table(results),
            "",
            "#### Memory and page weight",
            "",
            *_memory_and_pages(results),
        ]
    )


def write_benchmarks(path, text, engine="whoosh"):
    """Replace the generated part of BENCHMARKS.md for this engine, keeping the hand-written
    analysis and the other engine's part."""
    start, end = START.replace("start", f"start:{engine}"), END.replace("end", f"end:{engine}")
    old = path.read_text() if path.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    if start not in old:
        old += f"\n{start}\n{end}\n"
    head, rest = old.split(start, 1)
    tail = rest.split(end, 1)[1] if end in rest else ""
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}")
