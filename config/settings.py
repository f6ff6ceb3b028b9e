"""Settings for the interview fact-check site, driven by environment variables.

Every variable is listed, with its default, in `.env.example`. The defaults are safe for
development on one machine; production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and usually
DATABASE_URL.
"""

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: production (DEBUG=0) has no default key.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The site's page for a form that expired, or its sentence to htmx (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "corsheaders",
    "django_htmx",
    "template_partials",
    "timeline",
    "factcheck",
    "reader",
    "kit",  # for its commands (manage.py backup and restore) and its database check
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise right after SecurityMiddleware, before anything that could answer first.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The open data may be read from any origin (CORS_* below); a preflight is answered here.
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache: compression (with Django's BREACH mitigation) and 304s happen
    # per request, on cached pages too.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "kit.middleware.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything reads the session or a form: NUL bytes and non-UTF-8 forms get a 400
    # (inside the two above, so that its page gets their headers too).
    "kit.middleware.RejectMalformedInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A visit to an address only a form may send gets a page saying so, not an empty 405.
    "kit.middleware.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: it answers a login refused for a locked-out account or
    # address with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.site",
            ],
            "builtins": ["django_htmx.templatetags.django_htmx"],
        },
    },
]

# SQLite (a file in the project) unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE") or "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing with "database is
    # locked" half-way through a transaction (Django 5.1 release notes, SQLite options).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's planner prices reading a page at random at four times reading the next
    # one, as on a spinning disk; with the archive on SSD or in memory, 1.1 is the usual
    # setting. With the default it reads all 100,000 events to join the few hundred a search
    # found, where looking each up by its key takes a third of the time. Added to any
    # options DATABASE_URL gives (?options=...), not in their place.
    random_page_cost = os.environ.get("PG_RANDOM_PAGE_COST") or "1.1"
    # Nor does a request start parallel workers: every query a page runs stops at a page of
    # rows (the exports read theirs in chunks), and starting workers took longer than the
    # query (an interview's chronology: 10 ms with one worker, 2.5 ms without). 0 unless
    # PG_MAX_PARALLEL_WORKERS_PER_GATHER says otherwise.
    parallel_workers = os.environ.get("PG_MAX_PARALLEL_WORKERS_PER_GATHER") or "0"
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        filter(
            None,
            [
                options.get("options"),
                f"-c random_page_cost={random_page_cost}",
                f"-c max_parallel_workers_per_gather={parallel_workers}",
            ],
        )
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache holds readers' pages and the data version that retires them
# (kit/cache.py), so every worker must see the same one: Redis when REDIS_URL is set, else
# files on this machine (a per-process memory cache would let one worker serve a page that
# another has retired).
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}
# How long a reader's page may be kept at most (0 turns the page cache off). A change to
# the record retires pages at once; this only bounds what a missed retirement could cost.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or "600")
# The same bound for what many pages share and only the data changes (filter choices, the
# year counts, the rating levels: kit.cache.remember); 0 builds them on every request.
REMEMBER_SECONDS = int(os.environ.get("REMEMBER_SECONDS") or str(PAGE_CACHE_SECONDS))
# What this deploy is (a commit, say), for the page cache: pages made by another release are
# never served. Unset, it is a digest of the project's code and templates (kit.cache.release).
RELEASE = os.environ.get("RELEASE", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): every failed login, on the desk's log-in page or the
# admin's, is counted per account and, separately, per address; at LOGIN_FAILURE_LIMIT
# failures on either, that account or address is refused (even with the right password) for
# LOGIN_LOCKOUT_MINUTES, or until an admin deletes its row under "Access attempts". The
# counts are kept in the database, so every app server sees the same ones.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses before a password is hashed
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or "5")
# 0: locked until an admin unlocks it.
AXES_COOLOFF_TIME = (
    datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES") or "30")) or None
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A correct password does not clear the count (AXES_RESET_ON_SUCCESS stays off): it would
# clear every failure from that address too, so anyone with an account of their own could
# guess at another's between log-ins. Failures are forgotten LOGIN_LOCKOUT_MINUTES after.
AXES_LOCKOUT_CALLABLE = "config.accounts.locked_out"  # 429, the library's own status
# The address of the client: REMOTE_ADDR, or behind LOGIN_PROXY_COUNT trusted proxies the
# entry they added to X-Forwarded-For (django-ipware); a client cannot choose its own.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("LOGIN_PROXY_COUNT") or "0") or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGIN_URL = "login"
# Only the newsroom logs in (readers need no account): straight to the desk's queue.
LOGIN_REDIRECT_URL = "desk:queue"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A strict Content-Security-Policy: no inline scripts or styles, nothing from other hosts.
# htmx is told not to eval (see templates/_base.html, htmx-config) so 'unsafe-eval' is not needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The browser features no page of the site uses, refused to it and to anything it embeds
# (Permissions-Policy, W3C; the header set by django-permissions-policy).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip

# E-mail, for password resets: from the environment. Without EMAIL_HOST no mail can be sent,
# so the site offers no reset by e-mail (an admin sets a new password instead).
EMAIL_HOST = os.environ.get("EMAIL_HOST") or ""
if EMAIL_HOST:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "587")
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "webmaster@localhost"

# Security headers that production (DEBUG=0) needs; `manage.py check --deploy` checks them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or ("0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list binds every subdomain for months: a decision for
# whoever owns the domain (SECURE_HSTS_PRELOAD=1), not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The open data (the API, /timeline.json, /claimreview.json, the downloads) may be read by a
# script on any site: public, read-only and without cookies, so any origin, no credentials.
# A request that asks first (a preflight: an If-None-Match header, say) is answered too; the
# pagination's Link header and the validators can be read.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(?:api/|timeline\.json$|claimreview\.json$|downloads/)"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-modified-since", "if-none-match")
CORS_EXPOSE_HEADERS = ("Link", "ETag", "Last-Modified", "Content-Disposition")

# Who publishes the fact-checks (schema.org ClaimReview `author`, feeds, page footers).
SITE_NAME = os.environ.get("SITE_NAME") or "Interview Fact Check"
# The one canonical origin of every absolute URL the site writes (feeds, sitemaps, canonical
# links, ClaimReview, exports), whatever host a request came to: crawlers and feed readers
# must see one site. Production must say what it is.
SITE_URL = (os.environ.get("SITE_URL") or "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured("Set SITE_URL (https://…): production (DEBUG=0) has none.")
    SITE_URL = "http://127.0.0.1:8000"
# `or`, not a default: .env.example lists these empty, and an empty name is no publisher.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME") or SITE_NAME
PUBLISHER_URL = os.environ.get("PUBLISHER_URL") or SITE_URL

# Published verdicts whose as-of date is older than this are due for a re-check on the desk.
RECHECK_AFTER_DAYS = int(os.environ.get("RECHECK_AFTER_DAYS") or "180")
# Readers' reports of errors one address may send in an hour; the next is asked to wait.
REPORTS_PER_HOUR = int(os.environ.get("REPORTS_PER_HOUR") or "5")
# Who is e-mailed each reader's report as it comes (comma-separated; needs EMAIL_HOST).
REPORTS_EMAIL = [
    address.strip() for address in os.environ.get("REPORTS_EMAIL", "").split(",") if address.strip()
]

# The largest transcript an import takes, in bytes of UTF-8, and in passages: a long
# interview runs to some 100 KB and a few hundred passages; 20 MB made a 50 MB public page.
TRANSCRIPT_MAX_BYTES = int(os.environ.get("TRANSCRIPT_MAX_BYTES") or "2000000")
TRANSCRIPT_MAX_PASSAGES = int(os.environ.get("TRANSCRIPT_MAX_PASSAGES") or "3000")
IMPORT_FIELDS_PER_PASSAGE = 6
# A pasted transcript travels in the desk's import form (multipart): room for one several
# times the limit, so that the import itself refuses it, naming the limit and keeping the
# form as typed; past this Django answers 400 before any view runs (config.errors).
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * TRANSCRIPT_MAX_BYTES + 500_000
# The largest body any form sends, as its length says: the fields above and a transcript's
# file several times the limit (the import names the limit, the form kept). Past it the
# answer is a 413 before any of it is kept (kit.middleware), not a file spooled to disk first.
REQUEST_BODY_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE + 4 * TRANSCRIPT_MAX_BYTES
# The most fields a form sends: the import's preview posts six for each passage it lists
# (its role and speaker, what it showed and read, its words' digest), beside the details.
DATA_UPLOAD_MAX_NUMBER_FIELDS = IMPORT_FIELDS_PER_PASSAGE * TRANSCRIPT_MAX_PASSAGES + 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL") or "INFO"},
    # Django's default logging gives the `django` logger a console handler of its own (with
    # DEBUG on) and mail to ADMINS (with it off; there are none): without this, its records
    # printed there and again through the root logger, every warning twice.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # django-axes announces itself at every start; its lockouts are warnings, kept.
        "axes.apps": {"level": "WARNING"},
    },
}
