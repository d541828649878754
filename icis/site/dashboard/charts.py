"""Charts drawn on the server as SVG: no script and no style attribute, so the page's
Content-Security-Policy holds; colours and lines come from classes in static/css/dashboard.css.
Each chart names itself with <title> and <desc> (read out by screen readers, which also get the
data table printed beside it) and scales with its viewBox, so it fits a phone's width."""

from dataclasses import dataclass
from math import ceil, log10

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 480, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 10, 12, 40
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Series:
    """One set of values, one per label; `css` picks its colour (dash-s1 … dash-s4) and, for
    lines, its dash (dash-previous)."""

    name: str
    values: list[float]
    css: str = "dash-s1"


def nice_top(value: float) -> tuple[float, float]:
    """The top of the value axis and its step: four steps of 1, 2 or 5 times a power of
    ten (at least 1), reaching at least `value`."""
    if value <= 0:
        return 4.0, 1.0
    raw = value / 4
    power = 10 ** int(log10(raw)) if raw >= 1 else 10 ** (int(log10(raw)) - 1)
    for multiple in (1, 2, 5, 10):
        step = multiple * power
        if step * 4 >= value:
            break
    step = max(step, 1)  # counts and amounts: never a fraction of one on the axis
    return step * 4, step


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _f(value: float) -> str:
    """A coordinate, to a tenth of a unit."""
    return f"{value:.1f}"


def _y(value: float, top: float) -> float:
    return TOP + PLOT_H - (value / top * PLOT_H if top else 0)


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> SafeString:
    head = format_html(
        '<svg class="dash-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
    )
    # Every part was built by format_html, which escapes what it is given.
    return mark_safe(head + "".join(body) + "</svg>")  # nosec B308 B703


def _axes(top: float, step: float, labels: list[str], slot: float, centre: bool) -> list[str]:
    """Grid lines with their values, and the labels along the bottom (as many as fit)."""
    parts = []
    ticks = round(top / step) if step else 0
    for tick in range(ticks + 1):
        value = tick * step
        y = _y(value, top)
        parts.append(
            format_html(
                '<line class="dash-gridline" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="dash-tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                _f(y),
                WIDTH - RIGHT,
                _f(y),
                LEFT - 6,
                _f(y + 4),
                _number(value),
            )
        )
    # At most eight labels along the bottom; on a phone every other one is hidden (CSS).
    every = max(1, ceil(len(labels) / 8))
    for index, label in enumerate(labels):
        if index % every:
            continue
        x = LEFT + slot * index + (slot / 2 if centre else 0)
        parts.append(
            format_html(
                '<text class="dash-tick{}" x="{}" y="{}" text-anchor="middle">{}</text>',
                " dash-minor" if (index // every) % 2 else "",
                _f(x),
                HEIGHT - BOTTOM + 18,
                label,
            )
        )
    parts.append(
        format_html(
            '<line class="dash-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            LEFT,
            TOP + PLOT_H,
            WIDTH - RIGHT,
            TOP + PLOT_H,
        )
    )
    return parts


def bar_chart(
    *, chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]
) -> SafeString:
    """Bars side by side for each label, one per series."""
    top, step = nice_top(max((max(s.values, default=0) for s in series), default=0))
    slot = PLOT_W / max(len(labels), 1)
    bar = slot * 0.8 / max(len(series), 1)
    body = _axes(top, step, labels, slot, centre=True)
    for index, label in enumerate(labels):
        for position, one in enumerate(series):
            value = one.values[index]
            y = _y(value, top)
            body.append(
                format_html(
                    '<rect class="dash-bar {}" x="{}" y="{}" width="{}" '
                    'height="{}"><title>{}, {}: {}</title></rect>',
                    one.css,
                    _f(LEFT + slot * index + slot * 0.1 + bar * position),
                    _f(y),
                    _f(max(bar - 1, 0.5)),
                    _f(TOP + PLOT_H - y),
                    label,
                    one.name,
                    _number(value),
                )
            )
    return _frame(chart_id, title, desc, body)


def line_chart(
    *, chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]
) -> SafeString:
    """One line per series across the labels (a series may stop early: its values are
    shorter)."""
    top, step = nice_top(max((max(s.values, default=0) for s in series), default=0))
    slot = PLOT_W / max(len(labels) - 1, 1)
    body = _axes(top, step, labels, slot, centre=False)
    for one in series:
        points = " ".join(
            f"{LEFT + slot * index:.1f},{_y(value, top):.1f}"
            for index, value in enumerate(one.values)
        )
        if points:
            body.append(
                format_html(
                    '<polyline class="dash-line {}" points="{}"><title>{}</title></polyline>',
                    one.css,
                    points,
                    one.name,
                )
            )
    return _frame(chart_id, title, desc, body)


def legend(series: list[Series]) -> SafeString:
    """The series' names with their colours, as a list beside the chart."""
    items = "".join(
        format_html('<li><span class="dash-key {}"></span>{}</li>', one.css, one.name)
        for one in series
    )
    # Each item was built by format_html, which escapes the names.
    return mark_safe(f'<ul class="dash-legend">{items}</ul>')  # nosec B308 B703
