"""The SVG bar charts of the funder reports: named for screen readers, values in French,
labels escaped, colours with enough contrast, the same markup for the same data."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from core.charts import PALETTE, TEXT, bar_chart, french_number

SVG = "{http://www.w3.org/2000/svg}"
NNBSP = "\u202f"


def chart(**options):
    arguments = {
        "title": "Heures de formation",
        "description": "Heures suivies par commune, par genre.",
        "categories": ["Gonesse", "Sarcelles", "Villiers-le-Bel"],
        "series": [("Femmes", [10, Decimal("1234.5"), None]), ("Hommes", [5, 7, 8])],
        "unit": "h",
        "chart_id": "heures",
    }
    return bar_chart(**(arguments | options))


def parsed(html):
    """The figure as XML: the markup must be well formed for the SVG to show at all."""
    return ET.fromstring(str(html))  # noqa: S314 — our own markup, not untrusted input


def svg_of(html):
    return parsed(html).find(f"{SVG}svg")


def bars(html):
    """The rects of the categories' groups (not the legend's swatches)."""
    groups = svg_of(html).iterfind(f".//{SVG}g[@class='chart-category']")
    return [rect for group in groups for rect in group.iter(f"{SVG}rect")]


def bar_titles(html):
    return [rect.find(f"{SVG}title").text for rect in bars(html)]


def view_box_height(html):
    return float(svg_of(html).get("viewBox").split()[3])


def relative_luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_svg_is_an_image_named_by_its_title_and_description():
    svg = svg_of(chart())
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "heures-title heures-desc"
    ids = {element.get("id"): element for element in svg.iter() if element.get("id")}
    assert ids["heures-title"].tag == f"{SVG}title"
    assert ids["heures-title"].text == "Heures de formation"
    assert ids["heures-desc"].tag == f"{SVG}desc"
    assert ids["heures-desc"].text == "Heures suivies par commune, par genre."


def test_the_chart_is_a_figure_that_scales_with_the_page():
    html = chart()
    figure = parsed(html)
    assert figure.tag == "figure" and figure.get("class") == "chart"
    svg = svg_of(html)
    assert svg.get("width") == "100%"
    assert svg.get("viewBox").startswith("0 0 800 ")
    assert int(svg.get("font-size")) >= 12
    assert "style=" not in html


def test_each_bar_has_a_title_with_its_value_written_the_french_way():
    assert bar_titles(chart()) == [
        "Gonesse — Femmes : 10\u00a0h",
        "Gonesse — Hommes : 5\u00a0h",
        f"Sarcelles — Femmes : 1{NNBSP}234,5\u00a0h",
        "Sarcelles — Hommes : 7\u00a0h",
        "Villiers-le-Bel — Femmes : 0\u00a0h",
        "Villiers-le-Bel — Hommes : 8\u00a0h",
    ]


def test_numbers_are_written_the_french_way():
    assert french_number(1234.5) == f"1{NNBSP}234,5"
    assert french_number(Decimal("1234.50")) == f"1{NNBSP}234,5"
    assert french_number(1_000_000) == f"1{NNBSP}000{NNBSP}000"
    assert french_number(Decimal("12.00")) == "12"
    assert french_number(Decimal("0.125")) == "0,13"
    assert french_number(None) == "0"


def test_the_axis_ticks_are_round_french_numbers():
    html = chart(series=[("Femmes", [1200, 3400, 2500])], unit="")
    ticks = [
        text.text
        for text in svg_of(html).iter(f"{SVG}text")
        if text.get("text-anchor") == "end" and text.get("transform") is None
    ]
    assert ticks == ["0", f"1{NNBSP}000", f"2{NNBSP}000", f"3{NNBSP}000", f"4{NNBSP}000"]


def test_small_counts_get_whole_ticks():
    html = chart(series=[("Inscrits", [1, 3, 2])])
    ticks = [
        text.text for text in svg_of(html).iter(f"{SVG}text") if text.get("text-anchor") == "end"
    ]
    assert ticks == ["0", "1", "2", "3"]


def test_labels_are_escaped():
    html = chart(
        title="<b>Titre</b>",
        categories=["<script>alert(1)</script>", "Sarcelles", "Gonesse"],
        series=[('Femmes "&" <i>', [1, 2, 3]), ("Hommes", [1, 1, 1])],
    )
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    titles = bar_titles(html)
    assert titles[0] == '<script>alert(1)</script> — Femmes "&" <i> : 1\u00a0h'


def test_long_category_names_are_cut_but_kept_whole_in_the_groups_title():
    long_name = "Communauté d'agglomération Roissy Pays de France, antenne de Sarcelles"
    html = chart(
        categories=[long_name, "Gonesse", "Goussainville"],
        series=[("Inscrits", [4, 5, 6])],
        horizontal=True,
    )
    group = svg_of(html).find(f"{SVG}g[@class='chart-category']")
    assert group.find(f"{SVG}title").text == long_name
    label = group.findall(f"{SVG}text")[-1].text
    assert label.endswith("…") and len(label) < len(long_name)


def test_a_legend_names_the_series_only_when_there_are_several():
    assert "chart-legend" in chart()
    assert "chart-legend" not in chart(series=[("Femmes", [1, 2, 3])])


def test_no_data_gives_a_sentence_instead_of_an_empty_plot():
    for html in [
        chart(categories=[], series=[]),
        chart(categories=[], series=[("Femmes", [])]),
        chart(series=[("Femmes", [0, None, 0]), ("Hommes", [0, 0, 0])]),
    ]:
        assert "<svg" not in html
        assert "Aucune donnée pour cette période." in html
        assert parsed(html).get("class") == "chart chart-empty"


def test_horizontal_charts_grow_with_their_categories():
    def horizontal(count):
        names = [f"Partenaire {number}" for number in range(count)]
        return chart(categories=names, series=[("Heures", [3] * count)], horizontal=True)

    assert view_box_height(horizontal(10)) > view_box_height(horizontal(3))
    assert len(bar_titles(horizontal(10))) == 10


def test_stacked_series_pile_up_and_the_total_is_written():
    html = chart(stacked=True, series=[("Femmes", [10, 20, 5]), ("Hommes", [5, 7, 8])])
    assert len(bar_titles(html)) == 6
    texts = [text.text for text in svg_of(html).iter(f"{SVG}text")]
    assert {"15", "27", "13"} <= set(texts)
    women, men = bars(html)[:2]
    assert float(men.get("y")) + float(men.get("height")) == pytest.approx(float(women.get("y")))


def test_the_colours_are_readable_on_white():
    for colour in PALETTE:
        assert contrast(colour, "#ffffff") >= 3, colour  # WCAG 1.4.11, non-text contrast
    assert contrast(TEXT, "#ffffff") >= 4.5
    assert len(set(PALETTE)) == len(PALETTE)


def test_bars_use_presentation_attributes_in_the_palette():
    fills = {rect.get("fill") for rect in bars(chart())}
    assert fills == set(PALETTE[:2])


def test_the_same_data_gives_the_same_markup():
    assert chart() == chart()
    assert chart(horizontal=True, stacked=True) == chart(horizontal=True, stacked=True)


def test_mistakes_in_the_data_are_refused():
    with pytest.raises(ValueError, match="one value per category"):
        chart(series=[("Femmes", [1, 2])])
    with pytest.raises(ValueError):
        chart(series=[("Femmes", [1, -2, 3])])
    with pytest.raises(ValueError):
        chart(chart_id='x" onload="alert(1)')


def test_every_text_fits_the_viewbox_width():
    html = chart(
        categories=[f"Commune numéro {n} du Val-d'Oise" for n in range(14)],
        series=[("Heures", list(range(14)))],
    )
    assert re.search(r'transform="rotate\(-45 ', html)  # crowded names are slanted
    for element in svg_of(html).iter():
        for attribute in ("x", "x1", "x2"):
            if element.get(attribute) is not None:
                assert 0 <= float(element.get(attribute)) <= 800
