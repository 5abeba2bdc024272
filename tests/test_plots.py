"""The plots: financial-year date axes that never crowd, a band between replicates only
from enough of them, subtitles that state the period run, and words, not column names,
in the legends."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from helpers import small_scenario  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402

from sim.labels import MODEL_NAMES, PATH_NAMES  # noqa: E402
from sim.results.recorder import TIMESERIES_COLUMNS  # noqa: E402
from sim.runs.run import run_scenario  # noqa: E402
from sim.sweep.plots import plot_bands  # noqa: E402
from sim.viz.comparison import comparison_figure  # noqa: E402
from sim.viz.dates import MAX_LABELS, financial_year_axis, year_ticks  # noqa: E402
from sim.viz.spread import MIN_REPLICATES_FOR_BAND  # noqa: E402
from sim.viz.summary import plot_summary, summary_figure  # noqa: E402

RAW_NAMES = set(TIMESERIES_COLUMNS) | set(MODEL_NAMES) | set(PATH_NAMES)
PLANNED = "PCT commissioning with payment by results, 2010-11 to 2019-20"


def _labels_after_axis(months: int, start: str = "2010-04-01") -> list[str]:
    figure, ax = plt.subplots()
    dates = pd.date_range(start, periods=months, freq="MS")
    ax.plot(dates, range(months))
    financial_year_axis(ax, dates[0], dates[-1])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    plt.close(figure)
    return labels


def test_a_ten_year_run_is_labelled_by_every_other_financial_year():
    assert _labels_after_axis(120) == ["2010-11", "2012-13", "2014-15", "2016-17", "2018-19"]


def test_a_three_year_run_is_labelled_by_each_financial_year():
    assert _labels_after_axis(36) == ["2010-11", "2011-12", "2012-13"]


@pytest.mark.parametrize("months", [1, 5, 13, 36, 120, 240, 600])
def test_tick_labels_stay_few_for_any_length(months):
    dates, labels = year_ticks(pd.Timestamp("1991-06-01"),
                               pd.Timestamp("1991-06-01") + pd.DateOffset(months=months - 1))
    assert 1 <= len(labels) <= MAX_LABELS
    assert all(d.month == 4 for d in dates[1:])
    assert all(len(label) == 7 and label[4] == "-" for label in labels)


@pytest.fixture(scope="module")
def five():
    """Five replicates of a small 14-month run whose description names a longer period."""
    scenario = small_scenario(size=1000, practices=2, months=14, seed=3, description=PLANNED)
    return run_scenario(scenario, replicates=MIN_REPLICATES_FOR_BAND)


def _summary(output, replicates: int):
    timeseries = output.timeseries[output.timeseries["replicate"] < replicates]
    return summary_figure(timeseries, output.scenario)


def _fills(ax) -> list:
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


@pytest.mark.parametrize("replicates, bands, thin_lines", [(1, 0, 0), (3, 0, 3), (5, 1, 0)])
def test_summary_bands_only_from_five_replicates(five, replicates, bands, thin_lines):
    figure = _summary(five, replicates)
    emergency = figure.axes[0]
    assert len(_fills(emergency)) == bands
    assert len(emergency.lines) == 2 + thin_lines  # the mean, the 12-month mean, each run
    legend = [t.get_text() for t in emergency.get_legend().get_texts()]
    assert any(("shaded" in text) == (bands == 1) for text in legend)
    assert any(("thin lines" in text) == (thin_lines > 0) for text in legend)
    plt.close(figure)


def test_summary_subtitle_gives_the_period_run(five):
    figure = _summary(five, 1)
    title = figure.get_suptitle()
    assert "April 2010 to May 2011 (14 months)" in title
    assert "2019-20" not in title
    assert "PCT commissioning" in title
    plt.close(figure)


def _texts(figure) -> list[str]:
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes)]
    texts = [t.get_text() for legend in legends if legend for t in legend.get_texts()]
    ticks = [t.get_text() for ax in figure.axes for t in ax.get_yticklabels()]
    return texts + ticks


def test_summary_legends_are_words(five, tmp_path):
    figure = _summary(five, 5)
    texts = _texts(figure)
    assert "Total spending" not in texts and "Budget (allocation)" in texts
    assert not RAW_NAMES & set(texts)
    plt.close(figure)
    plot_summary(five.timeseries, five.scenario, tmp_path / "summary.png")
    assert (tmp_path / "summary.png").stat().st_size > 0


def test_comparison_legends_are_words_and_bands_need_five(five):
    other = small_scenario(size=1000, practices=2, months=14, seed=3,
                           commissioning={"model": "fundholding"}).with_overrides(
        name="fundholding")
    fundholding = run_scenario(other, replicates=2)
    reference = five.scenario.with_overrides(name="pct")
    stacked = pd.concat([five.timeseries.assign(scenario="pct"),
                         fundholding.timeseries.assign(scenario="fundholding")])
    figure = comparison_figure(stacked, [reference, other])
    texts = _texts(figure)
    assert {"PCT commissioning", "GP fundholding", "Total spending"} <= set(texts)
    assert not RAW_NAMES & set(texts)
    assert not _fills(figure.axes[0])  # the fewest replicates (2) decide for every line
    assert "April 2010 to May 2011" in figure.get_suptitle()
    plt.close(figure)


def test_sweep_bands_need_five_replicates(tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr("matplotlib.axes.Axes.fill_between",
                        lambda self, *a, **k: drawn.append(self))
    dates = pd.date_range("2010-04-01", periods=3, freq="MS")
    rows = [{"series": series, "point": 0, "arm": "pct", "row": 0, "date": date,
             "replicates": replicates, "mean": 1.0, "q05": 0.5, "q25": 0.8, "q50": 1.0,
             "q75": 1.2, "q95": 1.5}
            for series in ("emergency_admissions_per_1000", "spend_total", "qalys")
            for date in dates for replicates in (4,)]
    plot_bands(pd.DataFrame(rows), tmp_path / "few.png")
    assert not drawn
    plot_bands(pd.DataFrame(rows).assign(replicates=5), tmp_path / "enough.png")
    assert len(drawn) == 3
