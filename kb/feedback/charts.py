"""Charts for the editors' reports, drawn server-side as inline SVG.

Geometry is worked out here and the template (admin/kb/reports/chart.html) only prints shapes:
no JavaScript, no external requests, and no style attributes (CSP style-src 'self'); colours
come from classes in static/css/reports.css.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass
class Shape:
    x: float
    y: float
    width: float = 0
    height: float = 0
    css: str = ""
    title: str = ""


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    css: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Shape] = field(default_factory=list)
    points: list[Shape] = field(default_factory=list)
    gridlines: list[Shape] = field(default_factory=list)  # x, y -> width (x2), height (y2)
    labels: list[Label] = field(default_factory=list)
    polyline: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, text)


def _r(value: float) -> float:
    return round(value, 1)


ROLLING_DAYS = 7


def helpful_trend(daily: list[dict], start: date, end: date, chart_id="helpful-trend"):
    """Helpful % over a trailing week (a single day's one or two votes would swing 0-100%),
    with the day's number of votes as pale bars; None without votes."""
    if not daily:
        return None
    width, height = 640, 220
    left, right, top, bottom = 44, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(1, (end - start).days)
    by_day = {row["day"]: row for row in daily}
    peak_votes = max(row["total"] for row in daily)
    chart = Chart(
        chart_id,
        f"Helpful % ({ROLLING_DAYS}-day rolling) and votes per day",
        f"Share of Yes answers over the {ROLLING_DAYS} days up to each day, from "
        f"{start:%d %b %Y} to {end:%d %b %Y}; bars show the number of votes each day.",
        width,
        height,
        legend=[("kb-chart-point", f"helpful % ({ROLLING_DAYS}-day rolling)"),
                ("kb-chart-volume", "votes per day")],
    )
    for percent in (0, 50, 100):
        y = _r(top + plot_h * (1 - percent / 100))
        chart.gridlines.append(Shape(left, y, left + plot_w, y, "kb-chart-grid"))
        chart.labels.append(Label(left - 6, y + 4, f"{percent}%", "end", "kb-chart-axis"))
    bar_w = max(1.0, plot_w / (span + 1) - 1)
    coordinates = []
    for day in date_span(start, end):
        x = _r(left + plot_w * (day - start).days / span)
        row = by_day.get(day)
        if row:
            bar_h = _r(plot_h * 0.3 * row["total"] / peak_votes)
            chart.bars.append(
                Shape(_r(x - bar_w / 2), _r(top + plot_h - bar_h), _r(bar_w), bar_h,
                      "kb-chart-volume", f"{day:%d %b}: {row['yes']} yes, {row['no']} no")
            )
        window = [by_day[d] for d in date_span(day - timedelta(days=ROLLING_DAYS - 1), day)
                  if d in by_day]
        if not window or not row:
            continue
        yes, total = sum(r["yes"] for r in window), sum(r["total"] for r in window)
        percent = round(100 * yes / total)
        y = _r(top + plot_h * (1 - percent / 100))
        coordinates.append(f"{x},{y}")
        chart.points.append(
            Shape(x, y, css="kb-chart-point",
                  title=f"{day:%d %b}: {percent}% helpful over {ROLLING_DAYS} days "
                        f"({yes} of {total} votes)")
        )
    chart.polyline = " ".join(coordinates)
    chart.labels.append(Label(left, height - 8, f"{start:%d %b}", "start", "kb-chart-axis"))
    chart.labels.append(Label(left + plot_w, height - 8, f"{end:%d %b}", "end", "kb-chart-axis"))
    return chart


FUNNEL_SERIES = [
    ("ticked", "kb-chart-ticked", "ticked"),
    ("fixed", "kb-chart-fixed", "this fixed it"),
    ("not_helpful", "kb-chart-not-helpful", "didn't help"),
    ("gave_up", "kb-chart-gave-up", "gave up here"),
]


def step_funnel(rows, chart_id="step-funnel"):
    """Per step, bars for ticked / fixed it / didn't help / gave up; None without data."""
    peak = max((getattr(row, key) for row in rows for key, _, _ in FUNNEL_SERIES), default=0)
    if not peak:
        return None
    bar_h, gap, label_w, value_w = 9, 12, 64, 40
    group_h = bar_h * len(FUNNEL_SERIES) + gap
    width = 640
    plot_w = width - label_w - value_w
    height = group_h * len(rows) + gap
    chart = Chart(
        chart_id,
        "Step funnel",
        "For each step: how many visitors ticked it, said it fixed the problem, said it did "
        "not help, and gave up after it.",
        width,
        height,
        legend=[(css, text) for _, css, text in FUNNEL_SERIES],
    )
    for i, row in enumerate(rows):
        y0 = gap + i * group_h
        css_row = " kb-chart-top" if row.resolves_most else ""
        chart.labels.append(
            Label(label_w - 8, y0 + bar_h * 2 + 3, f"Step {row.number}", "end",
                  "kb-chart-axis" + css_row)
        )
        for j, (key, css, text) in enumerate(FUNNEL_SERIES):
            value = getattr(row, key)
            bar_w = _r(plot_w * value / peak)
            y = y0 + j * bar_h
            chart.bars.append(
                Shape(label_w, y, max(bar_w, 0.5), bar_h - 1, css + css_row,
                      f"Step {row.number}: {value} {text}")
            )
            if value:
                chart.labels.append(
                    Label(label_w + bar_w + 4, y + bar_h - 2, str(value), "start", "kb-chart-value")
                )
    return chart


def date_span(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
