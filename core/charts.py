"""Bar charts drawn on the server as SVG: no JavaScript, read aloud, printable.

Funder reports show them in the Wagtail admin and on paper, so a chart is plain markup:
the <svg> is an image named by its <title> and <desc> (role="img", aria-labelledby), each
bar carries a <title> with its exact value (hovering shows it), numbers are written the
French way (1 234,5) and the colours are Okabe and Ito's colour-blind-safe set, each at
least 3:1 against white (WCAG 1.4.11). The same input gives the same markup, so tests
compare it. Values are counts, hours or euros: never negative.
"""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

WIDTH = 800
FONT_SIZE = 13
CHAR_WIDTH = FONT_SIZE * 0.6  # a generous average for a sans-serif: labels are cut to fit
PAD = 8
TEXT = "#1f2328"  # 15:1 on white
AXIS = "#59636e"  # 6:1 on white
GRID = "#d1d9e0"  # decorative: the values are also written on the axis
# Okabe & Ito's set without the colours under 3:1 on white (orange, sky blue, yellow);
# a darker ochre and a grey take their places. Series beyond six reuse the colours.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#A6761D", "#5E5E5E")
COLUMN_PLOT_HEIGHT = 280
BAR_THICKNESS = 18  # one bar of a horizontal chart; a stack is a little thicker
STACK_THICKNESS = 24
BAND_GAP = 14
LEGEND_ROW = 22
CATEGORY_CHARS = 28  # longest label beside horizontal bars, or under slanted columns
LEGEND_CHARS = 40
SLANT_BELOW = 14  # characters under a column: fewer, and the names are slanted
CHART_ID = re.compile(r"[A-Za-z][\w-]*\Z")
THIN_SPACE = "\u202f"  # French thousands separator (narrow no-break space)
HUNDREDTH = Decimal("0.01")


def french_number(value):
    """1234.5 → '1 234,5': narrow no-break spaces, a decimal comma, at most two decimals."""
    number = _decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    whole, fraction = f"{number:,.2f}".split(".")
    fraction = fraction.rstrip("0")
    whole = whole.replace(",", THIN_SPACE)
    return f"{whole},{fraction}" if fraction else whole


def bar_chart(
    *,
    title,
    description,
    categories,
    series,
    unit="",
    stacked=False,
    horizontal=False,
    chart_id,
):
    """A <figure> holding an accessible SVG bar chart, or a sentence when there is no data.

    `series` is a list of (label, values), one value per category (int or Decimal,
    None for 0). `horizontal` suits long category names (towns, partners); its height
    grows with the number of categories. `stacked` piles the series up in each category.
    """
    if not CHART_ID.match(chart_id):
        raise ValueError(f"chart_id must be a plain HTML id, not {chart_id!r}")
    categories = [str(category) for category in categories]
    series = [(str(label), _values(values, len(categories))) for label, values in series]
    heights = _bar_ends(series, stacked)
    if not categories or not any(heights):
        return _empty(title)
    chart = Chart(title, description, categories, series, unit, stacked, chart_id)
    return chart.bars() if horizontal else chart.columns()


class Chart:
    """The geometry shared by both orientations; columns() and bars() draw."""

    def __init__(self, title, description, categories, series, unit, stacked, chart_id):
        self.title, self.description = title, description
        self.categories, self.series = categories, series
        self.unit, self.stacked, self.chart_id = unit, stacked, chart_id
        self.whole = all(value == value.to_integral_value() for _, vs in series for value in vs)
        self.ticks = _ticks(max(_bar_ends(series, stacked)), self.whole)
        self.top = self.ticks[-1]

    def columns(self):
        """Vertical bars: the categories along the bottom, the values up the left."""
        legend, legend_height = self._legend(PAD)
        unit_line = FONT_SIZE + PAD if self.unit else 0
        plot_top = PAD + legend_height + unit_line + FONT_SIZE + PAD  # room for value labels
        widest_tick = max(len(french_number(tick)) for tick in self.ticks) * CHAR_WIDTH
        left = max(PAD + widest_tick + PAD, 40)
        right = 2 * PAD
        band = (WIDTH - left - right) / len(self.categories)
        fitting = int((band - 4) // CHAR_WIDTH)
        # Cut names stay readable down to about 14 characters; below that, slant them.
        slanted = fitting < SLANT_BELOW and max(len(c) for c in self.categories) > fitting
        if slanted:
            first = min(len(self.categories[0]), CATEGORY_CHARS) * CHAR_WIDTH * 0.71
            left = max(left, PAD + first - band / 2)
            band = (WIDTH - left - right) / len(self.categories)
            longest = min(max(len(c) for c in self.categories), CATEGORY_CHARS)
            label_height = longest * CHAR_WIDTH * 0.71 + FONT_SIZE + 2 * PAD
        else:
            label_height = FONT_SIZE + 2 * PAD
        bottom = plot_top + COLUMN_PLOT_HEIGHT
        height = bottom + label_height + PAD

        def y(value):
            return bottom - float(value / self.top) * COLUMN_PLOT_HEIGHT

        parts = [legend]
        if self.unit:
            parts.append(_text(PAD, PAD + legend_height + FONT_SIZE, self.unit, fill=AXIS))
        for tick in self.ticks:
            parts.append(_line(left, y(tick), WIDTH - right, y(tick), GRID if tick else AXIS))
            parts.append(_text(left - PAD, y(tick) + 4, french_number(tick), anchor="end"))
        for index, category in enumerate(self.categories):
            start = left + index * band
            bars, labels = self._column_group(index, category, start, band, y)
            label = (
                _slanted_label(start + band / 2, bottom + FONT_SIZE + PAD, category)
                if slanted
                else _text(
                    start + band / 2,
                    bottom + FONT_SIZE + PAD,
                    _truncate(category, fitting),
                    anchor="middle",
                )
            )
            parts.append(_group(category, [*bars, *labels, label]))
        return self._figure(height, parts)

    def bars(self):
        """Horizontal bars: the categories down the left, the values along the bottom."""
        legend, legend_height = self._legend(PAD)
        plot_top = PAD + legend_height + PAD
        longest = min(max(len(c) for c in self.categories), CATEGORY_CHARS)
        left = PAD + longest * CHAR_WIDTH + PAD
        ends = [self._end_label(index) for index in range(len(self.categories))]
        widest_end = max(len(label) for label in ends) if ends else 0
        right = max(widest_end, len(french_number(self.top)) // 2 + 1) * CHAR_WIDTH + 2 * PAD
        thickness = STACK_THICKNESS if self.stacked else BAR_THICKNESS * len(self.series)
        band = thickness + BAND_GAP
        bottom = plot_top + band * len(self.categories)
        height = bottom + FONT_SIZE + 2 * PAD + (FONT_SIZE + PAD if self.unit else 0)
        plot_right = WIDTH - right

        def x(value):
            return left + float(value / self.top) * (plot_right - left)

        parts = [legend]
        for tick in self.ticks:
            parts.append(_line(x(tick), plot_top, x(tick), bottom, GRID if tick else AXIS))
            parts.append(
                _text(x(tick), bottom + FONT_SIZE + PAD, french_number(tick), anchor="middle")
            )
        if self.unit:
            parts.append(
                _text(plot_right, bottom + 2 * FONT_SIZE + 2 * PAD, self.unit, anchor="end")
            )
        for index, category in enumerate(self.categories):
            start = plot_top + index * band + BAND_GAP / 2
            bars, labels = self._bar_group(index, category, start, x)
            label = _text(
                left - PAD,
                start + thickness / 2 + 4,
                _truncate(category, CATEGORY_CHARS),
                anchor="end",
            )
            parts.append(_group(category, [*bars, *labels, label]))
        return self._figure(height, parts)

    def _column_group(self, index, category, start, band, y):
        """The rects of one category (side by side or stacked) and their value labels."""
        bars, labels = [], []
        if self.stacked:
            width = min(band * 0.6, 80)
            left = start + (band - width) / 2
            base = Decimal(0)
            for number, (_, values) in enumerate(self.series):
                value = values[index]
                box = left, y(base + value), width, y(base) - y(base + value)
                bars.append(self._bar(number, category, value, box))
                base += value
            total = self._end_label(index)
            if _fits(total, width):
                labels.append(_text(left + width / 2, y(base) - 4, total, anchor="middle"))
            return bars, labels
        group = min(band * 0.8, 56 * len(self.series))
        gap = 2 if len(self.series) > 1 else 0
        width = group / len(self.series) - gap
        for number, (_, values) in enumerate(self.series):
            value = values[index]
            left = start + (band - group) / 2 + number * (width + gap)
            bars.append(
                self._bar(number, category, value, (left, y(value), width, y(0) - y(value)))
            )
            text = french_number(value)
            if _fits(text, width):
                labels.append(_text(left + width / 2, y(value) - 4, text, anchor="middle"))
        return bars, labels

    def _bar_group(self, index, category, start, x):
        """The rects of one category of a horizontal chart, each value written after them."""
        bars, labels = [], []
        if self.stacked:
            base = Decimal(0)
            for number, (_, values) in enumerate(self.series):
                value = values[index]
                box = x(base), start, x(base + value) - x(base), STACK_THICKNESS
                bars.append(self._bar(number, category, value, box))
                base += value
            middle = start + STACK_THICKNESS / 2 + 4
            labels.append(_text(x(base) + 4, middle, self._end_label(index)))
            return bars, labels
        for number, (_, values) in enumerate(self.series):
            value = values[index]
            top = start + number * BAR_THICKNESS
            box = x(0), top, x(value) - x(0), BAR_THICKNESS - 2
            bars.append(self._bar(number, category, value, box))
            middle = top + (BAR_THICKNESS - 2) / 2 + 4
            labels.append(_text(x(value) + 4, middle, french_number(value)))
        return bars, labels

    def _end_label(self, index):
        """What is written at the end of a category's bar(s): the longest, for the margin."""
        if self.stacked:
            return french_number(sum(values[index] for _, values in self.series))
        return max((french_number(values[index]) for _, values in self.series), key=len)

    def _bar(self, number, category, value, box):
        """One rect, in its series' colour, with a <title>: category — series : value."""
        x, y, width, height = box
        label = self.series[number][0]
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}><title>{}</title></rect>',
            _n(x),
            _n(y),
            _n(max(width, 0)),
            _n(max(height, 0)),
            PALETTE[number % len(PALETTE)],
            # Stacked segments touch: a white edge tells them apart whatever the colours.
            format_html(' stroke="{}" stroke-width="1"', "#ffffff") if self.stacked else "",
            self._bar_title(category, label, value),
        )

    def _bar_title(self, category, label, value):
        amount = french_number(value)
        if self.unit:
            amount = f"{amount}\u00a0{self.unit}"
        return gettext("%(category)s — %(series)s : %(value)s") % {
            "category": category,
            "series": label,
            "value": amount,
        }

    def _legend(self, top):
        """A swatch and the name of each series, rows wrapping; nothing for a single series."""
        if len(self.series) < 2:
            return "", 0
        items, x, y = [], PAD, top
        for number, (label, _) in enumerate(self.series):
            text = _truncate(label, LEGEND_CHARS)
            width = 12 + 6 + len(text) * CHAR_WIDTH + 20
            if x > PAD and x + width > WIDTH - PAD:
                x, y = PAD, y + LEGEND_ROW
            tooltip = format_html("<title>{}</title>", label) if text != label else ""
            items.append(
                format_html(
                    '<g>{}<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                    '<text x="{}" y="{}">{}</text></g>',
                    tooltip,
                    _n(x),
                    _n(y + 1),
                    PALETTE[number % len(PALETTE)],
                    _n(x + 18),
                    _n(y + 12),
                    text,
                )
            )
            x += width
        return format_html('<g class="chart-legend">{}</g>', _join(items)), y + LEGEND_ROW - top

    def _figure(self, height, parts):
        ids = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        return format_html(
            '<figure class="chart" id="{}"><figcaption>{}</figcaption>'
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{} {}"'
            ' viewBox="0 0 {} {}" width="100%" font-family="system-ui, sans-serif"'
            ' font-size="{}" fill="{}">\n<title id="{}">{}</title>\n<desc id="{}">{}</desc>\n'
            "{}\n</svg></figure>",
            self.chart_id,
            self.title,
            *ids,
            WIDTH,
            _n(height),
            FONT_SIZE,
            TEXT,
            ids[0],
            self.title,
            ids[1],
            self.description,
            _join(part for part in parts if part),
        )


def _decimal(value):
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        raise TypeError("a chart draws numbers, not booleans")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _values(values, count):
    numbers = [_decimal(value) for value in values]
    if len(numbers) != count:
        raise ValueError(f"each series needs one value per category ({count}), not {len(numbers)}")
    if any(not number.is_finite() or number < 0 for number in numbers):
        raise ValueError("a bar chart draws finite values of 0 or more")
    return numbers


def _bar_ends(series, stacked):
    """How far each bar reaches: the sums of the stacks, or every single value."""
    if stacked:
        return [sum(column, Decimal(0)) for column in zip(*(vs for _, vs in series), strict=True)]
    return [value for _, values in series for value in values]


def _ticks(maximum, whole):
    """Values for the axis, from 0 to a round number at or above `maximum`, about 4 steps."""
    raw = maximum / 4
    base = Decimal(1).scaleb(raw.adjusted())
    step = base * 10
    for factor in (1, 2, Decimal("2.5"), 5):
        candidate = base * factor
        if candidate >= raw and not (whole and candidate % 1):
            step = candidate
            break
    if whole:
        step = max(step, Decimal(1))
    return [step * number for number in range(math.ceil(maximum / step) + 1)]


def _empty(title):
    return format_html(
        '<figure class="chart chart-empty"><figcaption>{}</figcaption><p>{}</p></figure>',
        title,
        gettext("Aucune donnée pour cette période."),
    )


def _truncate(text, chars):
    chars = max(chars, 2)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _n(number):
    """A coordinate, to a tenth: short markup, the same on every run."""
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _join(parts):
    return format_html_join("\n", "{}", ((part,) for part in parts))


def _group(category, parts):
    """One category's bars and labels; its <title> holds the full (maybe cut) name."""
    return format_html(
        '<g class="chart-category"><title>{}</title>\n{}\n</g>', category, _join(parts)
    )


def _line(x1, y1, x2, y2, colour):
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
        _n(x1),
        _n(y1),
        _n(x2),
        _n(y2),
        colour,
    )


def _text(x, y, text, *, anchor="start", fill=None):
    colour = format_html(' fill="{}"', fill) if fill else ""
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}"{}>{}</text>', _n(x), _n(y), anchor, colour, text
    )


def _fits(text, width):
    """Whether a value label fits across a bar (written above it, dark on white: 4.5:1)."""
    return len(text) * CHAR_WIDTH <= width


def _slanted_label(x, y, category):
    """A category name under its column, slanted so long names do not overlap."""
    return format_html(
        '<text x="{}" y="{}" text-anchor="end" transform="rotate(-45 {} {})">{}</text>',
        _n(x),
        _n(y),
        _n(x),
        _n(y),
        _truncate(category, CATEGORY_CHARS),
    )
