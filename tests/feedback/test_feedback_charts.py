"""The report charts: what the SVG shapes say."""

from datetime import date

from kb.feedback.charts import helpful_trend, step_funnel
from kb.feedback.reports import StepRow


def _day(day, yes, no):
    return {"day": date(2026, 5, day), "yes": yes, "no": no, "total": yes + no}


def test_trend_is_a_rolling_week_so_single_votes_do_not_swing_it():
    daily = [_day(1, 3, 0), _day(2, 0, 1), _day(20, 0, 2)]
    chart = helpful_trend(daily, date(2026, 5, 1), date(2026, 5, 31))
    titles = [point.title for point in chart.points]
    assert titles[0].startswith("01 May: 100% helpful")
    assert titles[1].startswith("02 May: 75% helpful")  # 3 of 4 over the week, not 0%
    assert titles[2].startswith("20 May: 0% helpful")  # the early votes fell out of the week
    assert len(chart.polyline.split()) == 3
    assert len([bar for bar in chart.bars if bar.css == "kb-chart-volume"]) == 3


def test_trend_without_votes_draws_nothing():
    assert helpful_trend([], date(2026, 5, 1), date(2026, 5, 31)) is None


def test_funnel_scales_bars_to_the_largest_count_and_marks_the_top_step():
    rows = [StepRow(step=None, number="1", ticked=10, fixed=1),
            StepRow(step=None, number="2", ticked=5, fixed=4, resolves_most=True)]
    chart = step_funnel(rows)
    ticked = [bar for bar in chart.bars if bar.css.startswith("kb-chart-ticked")]
    assert ticked[0].width == 2 * ticked[1].width
    assert any("kb-chart-top" in bar.css for bar in chart.bars if "Step 2" in bar.title)
    assert not any("kb-chart-top" in bar.css for bar in chart.bars if "Step 1" in bar.title)


def test_funnel_without_activity_draws_nothing():
    assert step_funnel([StepRow(step=None, number="1")]) is None
