"""Unbounded growth: each new query string was a new page-cache entry and each unique
search a new row; the zero-result export wrote visitors' text unescaped."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from wagtail.snippets.models import get_snippet_models

from core.admin import FrenchExcelIndexView
from search.models import ZeroResultQuery
from search.services import record_zero_results

pytestmark = pytest.mark.django_db
URL = "/formations/"


def page_entries():
    return [key for key in cache._cache if ":numixs:page:" in key]  # the test cache: locmem


@override_settings(NUMIXS_PAGE_CACHE_SECONDS=60)
def test_the_same_filters_in_any_order_share_one_cache_entry(client, home_page):
    assert client.get(URL + "?ville=Sarcelles&public=artisans")["X-Page-Cache"] == "miss"
    assert client.get(URL + "?public=artisans&ville=Sarcelles")["X-Page-Cache"] == "hit"
    assert client.get(URL + "?public=artisans&ville=Sarcelles&du=")["X-Page-Cache"] == "hit"


@override_settings(NUMIXS_PAGE_CACHE_SECONDS=60)
def test_unknown_parameters_and_unreadable_filters_make_no_entry(client, home_page):
    before = len(page_entries())
    for n in range(20):
        response = client.get(URL, {"utm_source": f"robot{n}"})
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert client.get(URL, {"du": f"pas-une-date-{n}"}).status_code == 200
    assert len(page_entries()) == before


def test_the_zero_result_table_keeps_its_size_and_what_people_search_again(db):
    searched_again = set(ZeroResultQuery.objects.values_list("query", flat=True))
    cap = len(searched_again) + 2
    with override_settings(NUMIXS_ZERO_RESULT_MAX=cap):
        for _ in range(2):
            record_zero_results("imprimante 3d bois")
        for n in range(50):
            record_zero_results(f"robot invente {n}")
    kept = set(ZeroResultQuery.objects.values_list("query", flat=True))
    assert len(kept) == cap
    assert searched_again | {"imprimante 3d bois"} <= kept
    assert "robot invente 49" in kept, "the newest one-off search replaced an older one"


def test_the_zero_result_export_never_holds_a_formula(client, home_page):
    ZeroResultQuery.objects.create(query="=HYPERLINK(1)", count=3)
    ZeroResultQuery.objects.create(query="-2+3+cmd|' /C calc'!A0", count=2)
    client.force_login(get_user_model().objects.get(username="coordination"))
    response = client.get("/admin/snippets/search/zeroresultquery/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body and "'-2+3+cmd" in body
    assert "\n=" not in body and ";=" not in body


def test_every_admin_export_goes_through_the_french_excel_writer():
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        if viewset.list_export and viewset.list_export is not viewset.UNDEFINED:
            assert issubclass(viewset.index_view_class, FrenchExcelIndexView), model
