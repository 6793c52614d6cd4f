import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page

from courses.models import Learner
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def run_seed(*args):
    call_command("seed_demo", "--skip-pdfs", *args, stdout=io.StringIO())


def test_seeding_twice_changes_nothing(demo_site):
    before = (Page.objects.count(), get_user_model().objects.count())
    run_seed()
    assert (Page.objects.count(), get_user_model().objects.count()) == before
    assert HomePage.objects.count() == 1


def test_seeding_keeps_what_editors_changed(home_page):
    page = StandardPage.objects.get(slug="qui-sommes-nous")
    page.title = "Notre histoire"
    page.save_revision().publish()
    run_seed()
    assert StandardPage.objects.get(slug="qui-sommes-nous").title == "Notre histoire"


def test_the_home_page_replaces_wagtails_welcome_page(demo_site):
    assert demo_site.root_page.specific_class is HomePage
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


@pytest.mark.parametrize(
    ("username", "staff", "superuser", "group"),
    [
        ("admin", True, True, None),
        ("coordination", True, False, "Coordination"),
        ("formateur", False, False, "Formateurs"),
        ("partenaire", False, False, "Partenaires"),
    ],
)
def test_each_role_has_a_demo_account(client, demo_site, username, staff, superuser, group):
    user = get_user_model().objects.get(username=username)
    assert (user.is_staff, user.is_superuser) == (staff, superuser)
    assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
    assert client.login(username=username, password="demo-numixs")


def test_the_coordinator_can_open_the_wagtail_admin(client, demo_site):
    client.login(username="coordination", password="demo-numixs")
    assert client.get("/admin/").status_code == 200
    home = HomePage.objects.get()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200


def test_trainers_and_partners_cannot_open_the_admin(client, demo_site):
    for username in ("formateur", "partenaire"):
        client.login(username=username, password="demo-numixs")
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_role_helpers_follow_group_membership(demo_site):
    users = get_user_model().objects
    assert users.get(username="coordination").is_coordinator
    assert users.get(username="admin").is_coordinator
    assert users.get(username="formateur").is_trainer
    assert not users.get(username="formateur").is_coordinator
    assert users.get(username="partenaire").is_partner


def test_size_adds_generated_pages_once(demo_site):
    run_seed("--size", "5")
    run_seed("--size", "5")
    guides = StandardPage.objects.get(slug="fiches-pratiques")
    assert StandardPage.objects.child_of(guides).count() == 5


def test_a_negative_size_is_refused(demo_site):
    with pytest.raises(CommandError, match="--size"):
        run_seed("--size", "-1")


@override_settings(IS_PRODUCTION=True)
def test_seed_demo_refuses_to_run_with_production_settings(db):
    users_before = get_user_model().objects.count()
    with pytest.raises(CommandError, match="production"):
        run_seed()
    assert get_user_model().objects.count() == users_before


def test_the_custom_user_model_is_in_use():
    from home.models import User

    assert get_user_model() is User


def test_the_demo_partners_follow_their_own_referred_learners(client, demo_site):
    import datetime

    from courses.models import Enrolment
    from partners.access import visible_enrolments

    today = datetime.date.today()
    users = get_user_model().objects
    first, second = users.get(username="partenaire"), users.get(username="partenaire2")
    mine, theirs = visible_enrolments(first), visible_enrolments(second)
    assert mine.filter(session__end_date__lt=today).exists()
    assert mine.filter(session__start_date__gt=today).exists()
    assert mine.filter(certificate_state="issued").exists()
    assert theirs.filter(certificate_state="issued").exists()
    assert not set(mine.values_list("pk", flat=True)) & set(theirs.values_list("pk", flat=True))
    referred = Enrolment.objects.filter(referrer__memberships__user=first)
    assert referred.filter(referrer_consent=False).exists()  # some did not consent
    assert client.login(username="partenaire", password="demo-numixs")
    assert client.get("/mon-espace/").url == "/partenaires/"


def test_the_demo_renders_the_partners_certificates(demo_site, monkeypatch):
    from certificates.models import Certificate
    from demo import certificates as demo_certificates
    from demo.certificates import render_partner_certificates

    rendered = []
    monkeypatch.setattr(demo_certificates, "render_batch", rendered.extend)
    render_partner_certificates()
    certificates = Certificate.objects.filter(pk__in=rendered)
    assert certificates.count() > 10
    assert not certificates.filter(enrolment__referrer_consent=False).exists()


def test_the_demo_shows_a_possible_duplicate_to_merge(client, demo_site):
    duplicate = Learner.objects.get(duplicate_of__isnull=False)
    assert duplicate.enrolments.exists()
    client.force_login(get_user_model().objects.get(username="coordination"))
    page = client.get(f"/admin/snippets/courses/learner/{duplicate.pk}/fusionner/")
    assert "Fusionner les deux fiches" in page.content.decode()
