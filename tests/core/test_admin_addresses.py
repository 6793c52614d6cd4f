"""Admin pages of models that changed app keep their old addresses (bookmarks still work)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/settings/home/contactsettings/", "/admin/settings/core/contactsettings/"),
        (
            "/admin/settings/courses/attendancesettings/",
            "/admin/settings/attendance/attendancesettings/",
        ),
    ],
)
def test_a_settings_page_bookmarked_before_the_move_still_opens(client, demo_site, old, new):
    assert client.login(username="coordination", password="demo-numixs")
    response = client.get(old, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == new
    assert response.request["PATH_INFO"].startswith(new)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/snippets/certificates/partnerorganisation/",
        "/admin/snippets/courses/attendance/",
        "/admin/snippets/courses/attendancechange/",
    ],
)
def test_moved_snippets_answer_at_their_old_address(client, demo_site, path):
    assert client.login(username="coordination", password="demo-numixs")
    assert client.get(path).status_code == 200
