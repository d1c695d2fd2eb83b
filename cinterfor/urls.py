from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.views.generic import RedirectView
from django.views.i18n import set_language

from . import dashboard, views
from .converters import BienniumConverter
from .roles import role_not_required

admin.site.site_header = "ILO/CINTERFOR programme and budget"
admin.site.site_title = "CINTERFOR programme and budget"

register_converter(BienniumConverter, "biennium")

BIENNIUM = "bienniums/<biennium:years>/"


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.svg")  # looked up per request: the manifest has its hash


urlpatterns = [
    path("", views.home, name="home"),
    path(BIENNIUM, dashboard.dashboard, name="dashboard"),
    path(BIENNIUM + "programme/", include("programme.urls")),
    path(BIENNIUM + "status/", include("programme.workflow_urls")),
    path(BIENNIUM + "status/", include("review.transition_urls")),
    path(BIENNIUM + "review/notes/", include("review.urls")),
    path(BIENNIUM + "budget/", include("budget.urls")),
    path(BIENNIUM + "review/", include("budget.review_urls")),
    path(BIENNIUM + "what-if/", include("budget.whatif_urls")),
    path(BIENNIUM + "translations/", include("translations.urls")),
    path("", include("documents.urls")),
    path("", include("tables.urls")),  # downloads and uploads of the lists
    path("members/", include("members.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", role_not_required(auth_views.LogoutView.as_view()), name="logout"),
    # Forgotten passwords, by e-mail (the console backend prints the mail in development).
    path(
        "password-reset/",
        login_not_required(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page links; send them to the static icon.
    path(
        "favicon.ico",
        login_not_required(FaviconView.as_view()),
        name="favicon",
    ),
]
