from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accelerator import calendar_views, health
from accelerator import views as project_views
from accelerator.accounts import views as account_views

# The admin signs in through the site's sign-in, with its back-off and second factor.
admin.site.login = secure_admin_login(admin.site.login)

handler500 = "accelerator.views.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", project_views.home, name="home"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("accounts/profile/", account_views.profile, name="account_profile"),
    path("accounts/calendar/reset/", calendar_views.reset_calendar_feed, name="calendar_feed_reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("accounts/", include("allauth.urls")),
    path("companies/", include("accelerator.companies.urls")),
    path("matches/", include("matchmaking.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("procurement/", include("procurement.urls")),
    path("councils/", include("accelerator.councils.urls")),
    path("api/v1/", include("accelerator.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]
