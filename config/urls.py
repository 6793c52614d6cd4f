from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.tokens import invitation_tokens
from home import accounts
from home import views as home_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    # The link of an invitation e-mail (partners.invitations): choose a password.
    path(
        "connexion/invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/set_password.html",
            token_generator=invitation_tokens,
            post_reset_login=True,
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
            success_url="/mon-espace/",
        ),
        name="set_password",
    ),
    # Forgotten password: a link valid a day, asked for at most a few times per
    # address and per sender (home.accounts.password_reset).
    path("connexion/mot-de-passe-oublie/", accounts.password_reset, name="password_reset"),
    path(
        "connexion/mot-de-passe/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/set_password.html",
            post_reset_login=True,
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
            success_url="/mon-espace/",
        ),
        name="password_reset_confirm",
    ),
    path("connexion/double-authentification/", accounts.verify, name="two_factor_verify"),
    path(
        "connexion/double-authentification/activer/",
        accounts.setup,
        name="two_factor_setup",
    ),
    path("mon-espace/", home_views.my_area, name="my_area"),
    # No CSRF token on this form: pages that carry it are cached for every visitor,
    # and a forged request can do no more than switch a visitor's language.
    path("langue/", csrf_exempt(set_language), name="set_language"),
    path("", include("courses.urls")),
    path("", include("attendance.urls")),
    path("", include("certificates.urls")),
    path("partenaires/", include("partners.urls")),
    path("", include("search.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.BENCHMARK_ENDPOINT:
    urlpatterns.append(path("bench/hello/", home_views.hello, name="bench_hello"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
