"""Bar charts drawn as SVG on the server: geometry here, markup in
templates/includes/bar_chart.html. Each chart carries its numbers, so the template
also offers them as a table (for screen readers, and for people who want the figures)."""

from dataclasses import dataclass, field

from core.numbers import grouped

LABEL_WIDTH = 180
BAR_HEIGHT = 18
GAP = 6
PLOT_WIDTH = 300
CHAR_WIDTH = 7  # roughly, at the charts' 12px font: room for the longest value


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str
    url: str
    y: float
    width: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.75


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row, longest at full width."""

    title: str
    description: str
    column: str  # what the values are, as a table heading
    bars: list[Bar] = field(default_factory=list)
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH

    @property
    def width(self) -> int:
        longest = max((len(bar.value_text) for bar in self.bars), default=0)
        return self.label_width + self.plot_width + 10 + longest * CHAR_WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP)

    @property
    def value_x(self) -> float:
        return self.label_width + self.plot_width + 6


def bar_chart(title: str, description: str, column: str, rows, fmt=grouped) -> BarChart:
    """`rows` are (label, value, url); zero-valued rows keep their place with no bar."""
    rows = list(rows)
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            value_text=fmt(value),
            url=url,
            y=i * (BAR_HEIGHT + GAP),
            width=PLOT_WIDTH * float(value) / float(largest),
        )
        for i, (label, value, url) in enumerate(rows)
    ]
    return BarChart(title=title, description=description, column=column, bars=bars)
