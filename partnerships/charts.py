"""Bar charts as lists: each bar is a link holding its label, a bar drawn to scale and
its value, all real text (templates/includes/bar_chart.html). They wrap and keep the
page's font size at any width, and a screen reader reads each bar as it reads a link."""

from dataclasses import dataclass, field

from core.numbers import grouped


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str
    url: str
    percent: float  # of the longest bar


@dataclass(frozen=True)
class BarChart:
    """Bars, one per row, the longest at full width."""

    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)


def bar_chart(title: str, description: str, rows, fmt=grouped, full: float | None = None) -> BarChart:
    """`rows` are (label, value, url); zero-valued rows keep their place with no bar. A
    bar of `full` (by default, the largest) spans the width."""
    rows = list(rows)
    largest = full or max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(label=label, value=value, value_text=fmt(value), url=url, percent=100 * float(value) / float(largest))
        for label, value, url in rows
    ]
    return BarChart(title=title, description=description, bars=bars)
