"""Settings for the accelerator platform, read from the environment.

Every value has a default that runs locally with nothing installed (SQLite, tasks
in-process, email to the console). Production sets DEBUG=false, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL and EMAIL_URL.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from accelerator.mailbox import mailbox

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-not-for-production")
else:
    try:
        SECRET_KEY = env("SECRET_KEY")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from error

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "accelerator.accounts",
    "accelerator.outbox",
    "accelerator.companies",
    "accelerator.councils",
    "cohorts",
    "matchmaking",
    "procurement",
]

MIDDLEWARE = [
    "accelerator.request_logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accelerator.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accelerator.accounts.second_factor.SecondFactorMiddleware",
]

ROOT_URLCONF = "accelerator.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "accelerator.csrf.csrf",
                "accelerator.context_processors.navigation",
            ],
        },
    },
    {
        # Plain-text email bodies and subjects: nothing is HTML-escaped ("Tom & Jerry").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

WSGI_APPLICATION = "accelerator.wsgi.application"
ASGI_APPLICATION = "accelerator.asgi.application"

DATABASES = {
    # An empty DATABASE_URL (as in `DATABASE_URL= make test`) means the default SQLite file too.
    "default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept between requests (checked before reuse): opening one per request
# cost far more than the queries of a typical page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles plans that look costly; for the site's short queries the
    # compilation took longer than the query (a third of the staff dashboard at 20,000).
    # The working set is in memory, so an index read costs little more than a sequential one
    # (random_page_cost 1.1, not the spinning-disk 4): with 4 the planner hashed every
    # classification to count a code filter (50 ms at 100,000) and walked the newest-first
    # index past a whole other source instead of the source's own (25 ms); with 1.1, 3 ms and 0.1 ms.
    # A capped count (LIMIT 1,001) that reads the table sequentially stops part-way; with
    # synchronized scans the next such count started where that one stopped, far from the rows
    # it looked for, and read 70,000 rows instead of 3,000 (45 ms instead of 3). Each now
    # starts at the table's first page.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c random_page_cost=1.1 -c synchronize_seqscans=off"
    )
    # Parameters travel apart from the statement (server-side binding), so a statement a
    # connection has run twice is prepared and PostgreSQL stops parsing and planning it for
    # every request: that halved the database's CPU per list page (1.1–2.3 ms to 0.5–0.9 ms).
    # DATABASE_PREPARE_THRESHOLD=off sends every statement unprepared (for a pooler that
    # cannot keep prepared statements per client).
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
    _prepare_threshold = env("DATABASE_PREPARE_THRESHOLD", default="2")
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        None if _prepare_threshold.lower() == "off" else int(_prepare_threshold)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "accelerator.resilient_cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer is given up on quickly: see resilient_cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accelerator.accounts.passwords.EmailInPasswordValidator"},
    {"NAME": "accelerator.accounts.passwords.BreachedPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: email is the login; verification is mandatory in production.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = _("[U.S.–Japan Space Accelerator] ")
ACCOUNT_SIGNUP_FORM_CLASS = "accelerator.accounts.forms.SignupDetailsForm"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "accelerator.accounts.adapter.AccountAdapter"
# allauth's limits, kept in the shared cache. Failed sign-ins back off instead (see
# accelerator/ratelimits.py): a fixed per-account lock would let anyone keep the owner out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": None,
    "signup": "10/m/ip,60/h/ip",
    "reset_password": "10/m/ip,5/m/key,20/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Two-factor authentication: an authenticator app (TOTP) or security keys (WebAuthn), with
# recovery codes. Required for staff, superusers and reviewers
# (accelerator/accounts/second_factor.py), optional for others.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Security keys need HTTPS, except on the local development server.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_FORMS = {"add_webauthn": "accelerator.accounts.forms.AddSecurityKeyForm"}
MFA_TOTP_ISSUER = "U.S.-Japan Space Accelerator"
# One 30-second step either side of now is accepted, for phones whose clock drifts.
MFA_TOTP_TOLERANCE = 1
# Content-Security-Policy: scripts, styles, images and fonts come from the site itself; an
# inline <script> or <style> runs only with the request's nonce, and style attributes not at
# all. Images may also be data: URIs (the authenticator QR code, Swagger UI's icons).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# How many reverse proxies in front of the site append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
COUNTRIES_FIRST = ["US", "JP"]
COUNTRIES_FIRST_BREAK = "──────────"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads only their owners and program staff may read (pitch decks): outside MEDIA_ROOT,
# never served by URL, only through views that check access.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "accelerator.static_storage.StaticFilesStorage"
    },
}

# Email: console locally; EMAIL_URL (smtp+tls://user:password@host:587, consolemail://,
# filemail:// with EMAIL_FILE_PATH) elsewhere.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_email_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    # A mail server that stops answering must not hold a worker for ever.
    "timeout": env.int("EMAIL_TIMEOUT", default=30),
}
if not _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options = {}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    # The same console, printed readably (decoded headers, links whole).
    _email["EMAIL_BACKEND"] = "accelerator.console_mail.EmailBackend"
if _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    _email_options = {"file_path": env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-email"))}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {name: value for name, value in _email_options.items() if value not in (None, "")},
    }
}
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Which demo data version each local database holds, so that `make run` seeds only once.
DEMO_SEED_RECORD = Path(env("DEMO_SEED_RECORD", default=str(BASE_DIR / ".demo-seed.json")))
# Quoted where SMTP needs it (the period in "U.S."), also when set in the environment.
DEFAULT_FROM_EMAIL = mailbox(
    env("DEFAULT_FROM_EMAIL", default="U.S.–Japan Space Accelerator <noreply@accelerator.example>")
)
SERVER_EMAIL = mailbox(env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL))

# Celery: with no broker configured, tasks run in-process as they are sent.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A request publishes its tasks after the commit (accelerator.outbox); a broker that is down
# must fail that quickly, so the page answers and beat publishes the task later.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5.0),
    # Tasks are acknowledged after they finish (acks_late): a message taken by a worker that
    # died goes back to the queue after this many seconds. It must outlast the longest
    # countdown and retry back-off (10 minutes); match-run chunks do not wait for it, as
    # beat re-queues the chunks of a stalled run (matchmaking.tasks.requeue_stalled_runs).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
}
# Matchmaking: companies per chunk of a full run (one task each), and how long a profile
# edit waits for further edits before its company is matched again.
MATCHMAKING_CHUNK_COMPANIES = env.int("MATCHMAKING_CHUNK_COMPANIES", default=500)
MATCHMAKING_REFRESH_DEBOUNCE_SECONDS = env.int("MATCHMAKING_REFRESH_DEBOUNCE_SECONDS", default=20)
# Where a full run stores the text and concept models it fitted, for all its chunks and the
# refreshes after it: every worker must see the same folder (one shared volume).
MATCHMAKING_RUN_DIR = env.path("MATCHMAKING_RUN_DIR", default=BASE_DIR / "var" / "match-runs")
# A full run none of whose chunks was queued, taken up or finished for this long lost them
# with a worker that died: beat queues its unfinished chunks again.
MATCHMAKING_RUN_STALL_SECONDS = env.int("MATCHMAKING_RUN_STALL_SECONDS", default=120)
# Procurement: the prefix of the open contracting IDs this platform gives notices that have
# none (SAM.gov, Japan's portals), and the largest source file staff may upload.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", default="ocds-usjpsa")
PROCUREMENT_UPLOAD_MAX_BYTES = env.int("PROCUREMENT_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
# Live fetchers (procurement.services.fetching), each off unless named here: "sam" (also needs
# SAM_API_KEY), "austender", "find_a_tender". Beat runs the ones that are on (schedule below).
SAM_API_KEY = env("SAM_API_KEY", default="")
PROCUREMENT_FETCHERS = env.list("PROCUREMENT_FETCHERS", default=[])
if unknown := set(PROCUREMENT_FETCHERS) - {"sam", "austender", "find_a_tender"}:
    raise ImproperlyConfigured(f"PROCUREMENT_FETCHERS names no such fetcher: {', '.join(sorted(unknown))}")
# Space work only: SAM.gov is asked per NAICS code (guided missile and space vehicles, their
# propulsion, satellite telecommunications, space research, physical sciences R&D); the OCDS
# publishers have no such filter, so their releases are kept when a keyword is in their text.
PROCUREMENT_FETCH_NAICS = env.list(
    "PROCUREMENT_FETCH_NAICS", default=["336414", "336415", "517410", "927110", "541715"]
)
PROCUREMENT_FETCH_KEYWORDS = env.list(
    "PROCUREMENT_FETCH_KEYWORDS",
    default=[
        "space agency",
        "space systems",
        "space situational awareness",
        "space surveillance",
        "spaceflight",
        "satellite",
        "satellites",
        "spacecraft",
        "launch vehicle",
        "launch services",
        "orbit",
        "orbital",
        "earth observation",
        "remote sensing",
        "ground station",
        "rocket",
        "space debris",
        "space weather",
    ],
)
PROCUREMENT_FETCH_FIRST_DAYS = env.int("PROCUREMENT_FETCH_FIRST_DAYS", default=7)  # a fetcher's first window
PROCUREMENT_FETCH_OVERLAP_MINUTES = env.int("PROCUREMENT_FETCH_OVERLAP_MINUTES", default=60)
PROCUREMENT_FETCH_TIMEOUT_SECONDS = env.float("PROCUREMENT_FETCH_TIMEOUT_SECONDS", default=60.0)
PROCUREMENT_FETCH_ATTEMPTS = env.int("PROCUREMENT_FETCH_ATTEMPTS", default=3)
PROCUREMENT_FETCH_MAX_WAIT_SECONDS = env.float("PROCUREMENT_FETCH_MAX_WAIT_SECONDS", default=120.0)
PROCUREMENT_FETCH_MAX_PAGES = env.int("PROCUREMENT_FETCH_MAX_PAGES", default=200)
PROCUREMENT_FETCH_PAGE_SIZE = env.int("PROCUREMENT_FETCH_PAGE_SIZE", default=100)  # SAM.gov allows up to 1,000
# A program may run bid teams that need not pair a U.S. and a Japanese company; its checklist then drops that check.
BID_TEAMS_REQUIRE_BINATIONAL = env.bool("BID_TEAMS_REQUIRE_BINATIONAL", default=True)
CELERY_BEAT_SCHEDULE = {
    "outbox-dispatch-pending": {"task": "accelerator.outbox.tasks.dispatch_pending", "schedule": 60.0},
    "matchmaking-full-run": {"task": "matchmaking.tasks.start_full_run", "schedule": crontab(hour=3, minute=0)},
    "matchmaking-stalled-runs": {"task": "matchmaking.tasks.requeue_stalled_runs", "schedule": 60.0},
    "matchmaking-digests": {"task": "matchmaking.tasks.send_due_digests", "schedule": crontab(minute="*/15")},
    "procurement-saved-search-alerts": {
        "task": "procurement.tasks.alert_saved_searches",
        "schedule": crontab(minute="*/15"),
    },
    "procurement-deadline-reminders": {
        "task": "procurement.tasks.send_deadline_reminders",
        "schedule": crontab(minute=20),
    },
    "matchmaking-introductions": {
        "task": "matchmaking.tasks.expire_and_remind_introductions",
        "schedule": crontab(minute=5),
    },
    "mentoring-feedback-reminders": {"task": "cohorts.tasks.remind_session_feedback", "schedule": crontab(minute=40)},
    "councils-action-reminders": {
        "task": "accelerator.councils.tasks.send_action_reminders",
        "schedule": crontab(minute=20),
    },
    "councils-review-reminders": {
        "task": "accelerator.councils.tasks.send_review_reminders",
        "schedule": crontab(hour=0, minute=30),
    },
}

# SAM.gov allows a personal key about ten requests a day (one per NAICS code and page): once a day.
PROCUREMENT_FETCH_SCHEDULES = {
    "sam": crontab(hour=6, minute=10),
    "austender": crontab(minute=35),
    "find_a_tender": crontab(minute=45),
}


def live_fetch_schedule(fetchers: list[str], sam_api_key: str) -> dict:
    """Beat entries for the fetchers that are on: a missing SAM.gov key turns SAM.gov off."""
    return {
        f"procurement-fetch-{name}": {
            "task": "procurement.tasks.fetch_live_source",
            "schedule": PROCUREMENT_FETCH_SCHEDULES[name],
            "kwargs": {"fetcher": name},
        }
        for name in fetchers
        if name != "sam" or sam_api_key
    }


CELERY_BEAT_SCHEDULE.update(live_fetch_schedule(PROCUREMENT_FETCHERS, SAM_API_KEY))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "accelerator.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "accelerator.api_pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "accelerator.api_filters.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "accelerator.api_schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "accelerator.api_throttles.TokenRateThrottle",
        "accelerator.api_throttles.AnonymousAddressThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_THROTTLE_USER", default="1200/hour"),
        "anon": env("API_THROTTLE_ANON", default="120/hour"),
    },
    "EXCEPTION_HANDLER": "accelerator.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "U.S.–Japan Space Accelerator API",
    "DESCRIPTION": "Companies, cohorts, matchmaking and procurement for the U.S.–Japan space business accelerator.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OpportunitySourceEnum": "procurement.models.Source",
        "OpportunityStatusEnum": "procurement.models.Status",
        "SensitivityEnum": "accelerator.companies.models.Sensitivity",
        "DismissReasonEnum": "matchmaking.models.Suggestion.DismissReason",
        "DeclineReasonEnum": "matchmaking.models.Introduction.DeclineReason",
        "CountryEnum": "django_countries.countries",
        "DecisionEnum": "cohorts.models.Application.Decision",
        "LanguageLevelEnum": "cohorts.models.LanguageLevel",
        "AgendaItemStatusEnum": "accelerator.councils.models.AgendaItem.Status",
        "ActionItemStatusEnum": "accelerator.councils.models.ActionItem.Status",
        "ResultStatusEnum": "accelerator.councils.models.Result.Status",
        "AttendanceStatusEnum": "accelerator.councils.models.Attendance.Status",
    },
}

# One JSON object per line with the request's id (LOG_FORMAT=json, the default with DEBUG
# off), or plain text for reading in a terminal.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "accelerator.request_logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "accelerator.request_logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # The access log repeats what runserver and gunicorn print; JSON deployments keep it.
    "loggers": {"accelerator.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"}},
}

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
