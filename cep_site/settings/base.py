"""Settings shared by every environment, read from the environment in one place.

Every variable has a default that runs a bare checkout on one machine: SQLite, Celery tasks run
eagerly, local-memory cache and e-mail to the console. `.env.example` lists them all.
"""

import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from celery.schedules import crontab

from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A local .env is a convenience for development; deployments pass real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# No default here: dev.py and test.py set a throwaway key, production.py requires one.
SECRET_KEY = env("DJANGO_SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "cep_site.urls"
WSGI_APPLICATION = "cep_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

INSTALLED_APPS = [
    # Project apps, one per domain, on the layers of docs/architecture.md: core below all, home on top.
    "core",
    "home",
    "members",
    "news",
    "events",
    "projects",
    "topics",
    "newsletter",
    "fees",
    "awards",
    "countries",
    "governance",
    # Moving from the WordPress site: manage.py import_wordpress; nothing imports it.
    "wordpress",
    # The demo content and its loader; no other app imports it.
    "demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_ratelimit",  # only for its system checks of the cache; the decorator works without it
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Accounts: allauth's e-mail accounts only (no social, MFA, sessions or headless apps), axes lock-out.
    "allauth",
    "allauth.account",
    "axes",
]

MIDDLEWARE = [
    # Every log line of a request, and its answer, carry the request's id (core/logs.py).
    "core.logs.RequestIdMiddleware",
    # Then: the forms that must not tell a known address from an unknown one answer in even time.
    "core.public_forms.EvenAnswerTimeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy: the security block at the end of this file.
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's, but a form anyone may post takes no token from a visitor without a session (core/public_forms.py).
    "core.public_forms.SessionCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the CSRF, session and message middleware: it sees whether they will set a cookie on the answer.
    "core.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's forms sent with errors answer 400, as the site's own do.
    "members.auth.AccountFormErrorsMiddleware",
    # Last, so it turns any login refused for a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite unless DATABASE_URL names another (postgres://user@host:port/name)
# ---------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that accepts connections but never answers costs a request seconds, not gunicorn's whole timeout;
    # nor does a statement stuck behind a lock. Either ends in the site's error page, and /healthz/ says 503.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=3),
            "options": f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT_MS', default=15000)}",
        }
    )

# ---------------------------------------------------------------------------
# Redis: the Celery broker (REDIS_URL) and the cache (REDIS_CACHE_URL, else the same Redis). Without REDIS_URL, a
# local-memory cache and eager tasks. A deploy gives each its own Redis: the cache evicts what it must (a memory
# limit, LRU), the broker never may (a lost task is a lost e-mail); docker-compose.yml runs the two.
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default="") or REDIS_URL


def migrations_fingerprint(base_dir: Path) -> str:
    """A name for the set of migrations in the checkout: it changes with every release that changes a model."""
    names = sorted(str(path.relative_to(base_dir)) for path in base_dir.glob("*/migrations/[0-9]*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]


if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # While Redis is down, pages are served without the cache rather than not at all (core/redis_cache.py).
            "BACKEND": "core.redis_cache.FailSoftRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            # A Redis that is not there is known at once; one that hangs costs a request a second at most.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
            # The cache holds pickled pages and models, which the next release may not read (a model moved to
            # another app): each set of migrations has keys of its own, and the previous release's expire.
            "KEY_PREFIX": f"cep-{migrations_fingerprint(BASE_DIR)}",
            # And each database: its rows' ids are in what is cached (core/redis_cache.py).
            "KEY_FUNCTION": "core.redis_cache.database_key",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous pages may be kept this long by the caching proxy or CDN in front of web (`s-maxage`), which every
# change of content empties at once (core/page_cache.py, docs/caching.md); it bounds what time alone changes (an
# event that has ended). 0: every page is private.
EDGE_CACHE_SECONDS = env.int("DJANGO_EDGE_CACHE_SECONDS", default=300)

# Where those purges go: the caching proxy (compose's Varnish, its purge port), and/or a Cloudflare zone.
WAGTAILFRONTENDCACHE = {}
if EDGE_CACHE_PURGE_URL := env.str("EDGE_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": EDGE_CACHE_PURGE_URL,
    }
if CLOUDFLARE_ZONE_ID := env.str("CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "core.edge_cache.CloudflareBackend",
        "ZONEID": CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": env.str("CLOUDFLARE_API_TOKEN"),
    }

SILENCED_SYSTEM_CHECKS = [
    # The check looks for Django's CsrfViewMiddleware by name; core.public_forms.SessionCsrfViewMiddleware is it,
    # subclassed, and tests/core/test_csrf.py shows the forms it guards refusing forged posts.
    "security.W003",
    # django-ratelimit does not list Django's own RedisCache (here fail-soft) as supported, though its INCR is
    # atomic and shared by every process: https://github.com/jsocol/django-ratelimit/issues/283
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # Local memory is per process, so each process counts its own rate (E003). Without Redis the site runs as one
    # process (a checkout, the tests, the production settings' check in tests/core); a deploy sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# https://docs.celeryq.dev/en/stable/userguide/configuration.html (read with the CELERY_ namespace)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that hangs costs a request that wakes workers 3 s at most (twice that with the one retry), not for ever;
# the rows wait for the sweep (core/outbox.py). Longer than the worker's 1 s BRPOP polls.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 3, "socket_connect_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Workers log through LOGGING below, as web does (JSON lines in production), instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# One beat sends the schedule at a time, whatever runs: a second waits for the first's lock (core/beat.py).
CELERY_BEAT_SCHEDULER = "core.beat:SingleBeatScheduler"
# The one periodic schedule (beat runs in UTC, exactly one instance). Every job can also be run by
# hand as a management command, so a site without beat still does its work.
CELERY_BEAT_SCHEDULE = {
    # Catch index changes that bypassed the save signals (bulk edits, imports).
    "refresh-search-index": {
        "task": "core.tasks.search_index_refresh",
        "schedule": 60 * 60 * 24,
    },
    # Create the event reminders that fell due and send them (also `manage.py send_event_reminders`). A run
    # that was missed costs nothing: the next one finds what is due, and a row sent is never sent again.
    "send-event-reminders": {
        "task": "events.tasks.event_reminders_send",
        "schedule": 5 * 60,
    },
    # Delete registrations from the form whose address nobody confirmed within EVENT_REGISTRATION_CONFIRM_HOURS
    # (also `manage.py expire_registration_holds`).
    "expire-registration-holds": {
        "task": "events.tasks.registration_holds_expire",
        "schedule": 15 * 60,
    },
    # Publish and unpublish the pages an editor scheduled (go-live and expiry times; also
    # `manage.py publish_scheduled`): within a minute of their time.
    "publish-scheduled-pages": {
        "task": "core.tasks.scheduled_pages_publish",
        "schedule": 60,
    },
    # Every e-mail is an outbox row (docs/delivery.md): requeue the rows of every kind whose worker died
    # mid-batch, and wake workers for every row that may be sent now (retries after their back-off included).
    "sweep-outbox": {
        "task": "core.tasks.outbox_sweep",
        "schedule": 60,
    },
    # Delete one-off e-mails (confirmation links, notices, account e-mails) sent more than
    # OUTBOX_EMAIL_RETENTION_DAYS ago.
    "purge-outbox-emails": {
        "task": "core.tasks.outbox_emails_purge",
        "schedule": 60 * 60 * 24,
    },
    # Start the newsletter sendings scheduled for a time that has come, and mark sendings with nothing left to
    # send as sent (also `manage.py send_newsletter`).
    "send-scheduled-newsletters": {
        "task": "newsletter.tasks.newsletter_scheduled_send",
        "schedule": 60,
    },
    # Draft the bi-monthly issue at 06:00 UTC on the 1st of January, March, May, July, September and November
    # (also `manage.py draft_newsletter_issue`); a second run in the same month drafts nothing.
    "draft-newsletter-issue": {
        "task": "newsletter.tasks.newsletter_issue_draft",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,3,5,7,9,11"),
    },
    # The membership fee cycle (also `manage.py run_fee_cycle`): a renewal invoices on its day, unpaid invoices are
    # reminded 30 and 60 days after issue, and a member still unpaid after the grace period lapses (fees.cycle).
    "run-fee-cycle": {
        "task": "fees.tasks.fee_cycle_run",
        "schedule": crontab(minute=15),
    },
    # Delete newsletter sign-ups nobody confirmed within 7 days (also `manage.py purge_unconfirmed_subscribers`).
    "purge-unconfirmed-subscribers": {
        "task": "newsletter.tasks.subscribers_purge",
        "schedule": 60 * 60 * 24,
    },
    # Erase accounts whose address nobody confirmed within UNVERIFIED_ACCOUNT_RETENTION_DAYS, with the membership
    # applications they hold and their statutes (also `manage.py purge_unverified_accounts`).
    "purge-unverified-accounts": {
        "task": "members.tasks.unverified_accounts_purge",
        "schedule": 60 * 60 * 24,
    },
    # Delete contact-form messages older than CONTACT_SUBMISSION_RETENTION_MONTHS (also
    # `manage.py purge_contact_submissions`).
    "purge-contact-submissions": {
        "task": "core.tasks.contact_submissions_purge",
        "schedule": 60 * 60 * 24,
    },
    # Delete award nominations, with their PDFs, AWARD_NOMINATION_RETENTION_YEARS after their call closed (also
    # `manage.py purge_award_nominations`).
    "purge-award-nominations": {
        "task": "awards.tasks.nominations_purge",
        "schedule": 60 * 60 * 24,
    },
    # Read the newsletter's bounce mailbox (NEWSLETTER_BOUNCE_IMAP_URL; nothing when unset): delivery reports and
    # complaints count against their subscribers, mail not understood is kept for staff (also
    # `manage.py read_bounce_mailbox`).
    "read-bounce-mailbox": {
        "task": "newsletter.tasks.bounce_mailbox_read",
        "schedule": 5 * 60,
    },
}

# ---------------------------------------------------------------------------
# E-mail: every message is queued in the outbox (docs/delivery.md), Django's mail API included; workers send it
# with OUTBOX_DELIVERY_BACKEND, the console unless EMAIL_URL names an SMTP server (smtp://user:pass@host:port).
# ---------------------------------------------------------------------------
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
email_url_settings = env.email_url_config(EMAIL_URL)
OUTBOX_DELIVERY_BACKEND = email_url_settings.pop("EMAIL_BACKEND")
vars().update(email_url_settings)
EMAIL_BACKEND = "core.mail.OutboxBackend"
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="CEP <no-reply@cep-probation.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# DKIM signing by the workers (core/mail_signing.py, docs/delivery.md "Signing"), only when this site's own mail
# server delivers to the receiving servers; through a relay (SES, Postmark…) the relay signs. The key is PEM or the
# path of a PEM file; the public key goes in DNS at <selector>._domainkey.<domain>.
DKIM_SELECTOR = env("DKIM_SELECTOR", default="")
DKIM_DOMAIN = env("DKIM_DOMAIN", default="")
DKIM_PRIVATE_KEY = env.str("DKIM_PRIVATE_KEY", default="", multiline=True)
if DKIM_PRIVATE_KEY and not DKIM_PRIVATE_KEY.lstrip().startswith("-----BEGIN"):
    DKIM_PRIVATE_KEY = Path(DKIM_PRIVATE_KEY).read_text()
if any((DKIM_SELECTOR, DKIM_DOMAIN, DKIM_PRIVATE_KEY)) and not all((DKIM_SELECTOR, DKIM_DOMAIN, DKIM_PRIVATE_KEY)):
    raise ImproperlyConfigured("DKIM signing needs all of DKIM_PRIVATE_KEY, DKIM_SELECTOR and DKIM_DOMAIN.")
if DKIM_PRIVATE_KEY and OUTBOX_DELIVERY_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    OUTBOX_DELIVERY_BACKEND = "core.mail_signing.DKIMSigningSMTPBackend"

# ---------------------------------------------------------------------------
# Passwords and sessions
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---------------------------------------------------------------------------
# Accounts: django-allauth for sign-up, verification, login and passwords; django-axes for lock-out.
# https://docs.allauth.org/en/latest/account/configuration.html
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# The site's login; the Wagtail admin keeps its own at /admin/login/ (WAGTAILADMIN_LOGIN_URL is unset).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account"
# Pages restricted to logged-in users send visitors to the site's login, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# One address per account, as the User model has: a change is verified before it replaces the old one.
ACCOUNT_CHANGE_EMAIL = True
# Sign-up with a known address mails its owner instead of saying so; a password reset for an unknown
# address mails nobody, so the site cannot be used to send mail to strangers.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Tell the owner by e-mail when their password or address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CEP] "
# Queues allauth's e-mails through the outbox instead of sending them inside the request; so does the admin's
# password reset form.
ACCOUNT_ADAPTER = "members.auth.AccountAdapter"
# The same forms with the longest address a mailbox can have (members/auth.py).
ACCOUNT_FORMS = {
    "login": "members.auth.AccountLoginForm",
    "signup": "members.auth.AccountSignupForm",
    "add_email": "members.auth.AccountAddEmailForm",
    "reset_password": "members.auth.AccountResetPasswordForm",
}
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "members.forms.AdminPasswordResetForm"  # noqa: S105 (a class path)
# Counted in the cache (Redis in production). The per-address ceiling on failed logins, from any network,
# sits above axes' lock-out below, so that one network meets the lock-out page first.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,20/h/key",
    "signup": "10/m/ip,30/h/ip",
    "reset_password": "10/m/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Behind a reverse proxy every request comes from the proxy's address; say how many proxies append to
# X-Forwarded-For so that rate limits and lock-outs count visitors, not the proxy. 0 trusts no header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)

# Lock-out: 5 failed logins for one address from one IP address lock that pair out for an hour, on the
# site's login and the Wagtail admin's alike. The lock-out page never says whether the account exists.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's login form; the admin's form says "username"
# Reads whichever of the two forms was posted, in lower case, so "A@x.org" and "a@x.org" count as one.
AXES_USERNAME_CALLABLE = "members.auth.login_attempt_username"
# The same client address as allauth's rate limits (ALLAUTH_TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "core.public_forms.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"

# ---------------------------------------------------------------------------
# Internationalisation: the site is in English, times are stored in UTC
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static and media files: whitenoise serves static files from the web process
# ---------------------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Where `manage.py backup_site` keeps the database dumps and upload archives (core/backups.py).
BACKUP_DIR = env("DJANGO_BACKUP_DIR", default=str(BASE_DIR / "backups"))
MEDIA_URL = "/media/"
# Uploads that only staff may read (the award's supporting PDFs): outside MEDIA_ROOT, never served at any address;
# the admin hands them to those allowed (awards/admin_views.py).
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Complex page models exceed Django's default of 1000 fields in the Wagtail editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Confederation of European Probation"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The database backend uses PostgreSQL full-text search when the database is PostgreSQL.
# https://docs.wagtail.org/en/stable/topics/search/backends.html
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Alt text or a deliberate "decorative" for every picture.
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_forms.ImageForm"
# A PDF that site search cannot read says why beside its file (core/documents.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.document_forms.DocumentForm"
# The admin makes no requests to outside hosts.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Off: Wagtail's responsive wrapper sizes embeds with a style="" attribute, which the CSP (style-src 'self')
# refuses; static/css/site.css gives `.content-embed iframe` its 16:9 aspect ratio instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False

# ---------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------
# Membership application form posts allowed per IP address (django-ratelimit's "count/period"); over it, a 429.
MEMBER_APPLICATION_RATE = "5/h"
# Days an account whose address was never confirmed is kept, with the application it holds (members/erasure.py);
# the privacy notice states it. Longer than allauth's confirmation link lasts, so a late applicant can ask again.
UNVERIFIED_ACCOUNT_RETENTION_DAYS = 7

# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------
# Registration form posts allowed per IP address (django-ratelimit's "count/period": s, m, h or d); over it, a 429.
# https://django-ratelimit.readthedocs.io/en/stable/rates.html
EVENT_REGISTRATION_RATE = "10/h"
# Hours a registration from the form waits for its address to be confirmed before it is deleted (never past the
# event's end); until then it holds no place (events/registrations.py).
EVENT_REGISTRATION_CONFIRM_HOURS = 48
# django-ratelimit counts the client address that allauth's limits and the login lock-out see, so that one
# setting (ALLAUTH_TRUSTED_PROXY_COUNT) makes every limit count visitors instead of the proxy in front of the site.
RATELIMIT_IP_META_KEY = "core.public_forms.client_address"
# The sign-up, password reset and newsletter sign-up forms answer a POST no sooner than this, whichever path it took,
# so that the time of the answer does not tell a known address from an unknown one (core/public_forms.py).
FORM_ANSWER_SECONDS = 0.3
# While the cache is down the rates cannot be counted: the public forms keep taking submissions (their rows are in
# the database) rather than refuse everyone. Logins stay guarded by the lock-out, which counts in the database.
RATELIMIT_FAIL_OPEN = True
# Reminders to registrants who agreed to them, in hours before the start (default 7 days and 1 day); a
# reminder due while the workers were down goes out when they are back, and only the nearest one.
EVENT_REMINDER_HOURS = env.list("EVENT_REMINDER_HOURS", cast=int, default=[168, 24])
# "Starting in 1 hour", with the join link, for online and hybrid events only; 0 switches it off.
EVENT_REMINDER_JOIN_HOURS = env.int("EVENT_REMINDER_JOIN_HOURS", default=1)

# ---------------------------------------------------------------------------
# Newsletter subscriptions (docs/newsletter.md)
# ---------------------------------------------------------------------------
# Sign-up form posts allowed per IP address (django-ratelimit's "count/period"); over it, a 429.
NEWSLETTER_SIGNUP_RATE = "5/h"
# How long the link in a confirmation e-mail works; unconfirmed sign-ups are deleted after 7 days anyway.
NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS = 7

# ---------------------------------------------------------------------------
# The outbox (docs/delivery.md)
# ---------------------------------------------------------------------------
# One-off e-mails (core.mail) are deleted this many days after they were queued, once sent or given up on: their
# bodies hold links (password resets, confirmations) nobody needs to keep.
OUTBOX_EMAIL_RETENTION_DAYS = 30

# ---------------------------------------------------------------------------
# Newsletter sending (docs/newsletter.md, docs/delivery.md)
# ---------------------------------------------------------------------------
# Deliveries per task and per SMTP connection.
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=50)
# Bounces and complaints (docs/bounces.md). The envelope sender (Return-Path) of the newsletter: each message goes
# out from "bounces+<token>@domain", so a report names its delivery; unset, messages go out from their From address.
NEWSLETTER_BOUNCE_ADDRESS = env("NEWSLETTER_BOUNCE_ADDRESS", default="")
# The mailbox that receives the reports, read every few minutes: imaps://user:password@host:993/INBOX (or imap://
# for a server on the same machine). Unset, nothing is read.
NEWSLETTER_BOUNCE_IMAP_URL = env("NEWSLETTER_BOUNCE_IMAP_URL", default="")
NEWSLETTER_BOUNCE_IMAP = {}
if NEWSLETTER_BOUNCE_IMAP_URL:
    _imap = urlsplit(NEWSLETTER_BOUNCE_IMAP_URL)
    if _imap.scheme not in ("imap", "imaps") or not _imap.hostname:
        raise ImproperlyConfigured("NEWSLETTER_BOUNCE_IMAP_URL: give imaps://user:password@host:993/INBOX")
    NEWSLETTER_BOUNCE_IMAP = {
        "ssl": _imap.scheme == "imaps",
        "host": _imap.hostname,
        "port": _imap.port or (993 if _imap.scheme == "imaps" else 143),
        "user": unquote(_imap.username or ""),
        "password": unquote(_imap.password or ""),
        "folder": unquote(_imap.path.strip("/")) or "INBOX",
    }

# Bounces and complaints by webhook from the sending provider (docs/bounces-webhooks.md). Each provider is on when
# its secret is set; unset, its address answers 404.
# Amazon SES through SNS: the ARN of the SNS topic SES publishes bounces and complaints to; only its messages (and its
# subscription confirmation) are taken.
NEWSLETTER_SES_TOPIC_ARN = env("NEWSLETTER_SES_TOPIC_ARN", default="")
# Postmark: the user name and password put in the webhook's URL (https://user:password@…), and optionally a custom
# header the webhook sends, as "Name: value".
NEWSLETTER_POSTMARK_WEBHOOK_USER = env("NEWSLETTER_POSTMARK_WEBHOOK_USER", default="")
NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD = env("NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD", default="")
NEWSLETTER_POSTMARK_WEBHOOK_HEADER = env("NEWSLETTER_POSTMARK_WEBHOOK_HEADER", default="")
# Mailgun: the HTTP webhook signing key (Sending › Webhooks).
NEWSLETTER_MAILGUN_SIGNING_KEY = env("NEWSLETTER_MAILGUN_SIGNING_KEY", default="")
# SendGrid: the Signed Event Webhook's verification key, base64 as SendGrid shows it (Mail Settings › Event Webhook).
NEWSLETTER_SENDGRID_VERIFICATION_KEY = env("NEWSLETTER_SENDGRID_VERIFICATION_KEY", default="")
# Refused webhook calls (bad signature, replay) allowed per IP address; over it, every call from there is a 429 for
# the period, before any signature is checked. Valid calls are never counted.
NEWSLETTER_WEBHOOK_REFUSAL_RATE = "30/m"
# Issues sent a minute at most, by all workers together (core/send_rate.py): a little under the relay's cap, which
# is the operator's contract with it, so it is set here with EMAIL_URL rather than by editors. 0: no limit.
NEWSLETTER_SEND_RATE_PER_MINUTE = env.int("NEWSLETTER_SEND_RATE_PER_MINUTE", default=0)

# ---------------------------------------------------------------------------
# The contact page (core/contact.py)
# ---------------------------------------------------------------------------
# Contact form posts allowed per IP address (django-ratelimit's "count/period"); over it, a 429.
CONTACT_FORM_RATE = "5/h"
# Messages sent with the contact form are deleted this many months after they were sent (daily, by beat). The
# privacy notice states this period: change both together.
CONTACT_SUBMISSION_RETENTION_MONTHS = 12

# ---------------------------------------------------------------------------
# The CEP Award (docs/awards.md)
# ---------------------------------------------------------------------------
# Nomination form posts allowed per IP address (django-ratelimit's "count/period"); over it, a 429.
AWARD_NOMINATION_RATE = "5/h"
# Nominations (with their supporting PDFs) are deleted this many years after their call closed (daily, by beat):
# the jury reviews them in the months after the call and the award is presented within the year, and a nominee
# or nominator may question the outcome for some months more; two years covers both with room. The winners stay
# on the award page as AwardWinner rows, which are separate and public. The privacy notice states this period.
AWARD_NOMINATION_RETENTION_YEARS = 2

# ---------------------------------------------------------------------------
# Security defaults that hold everywhere; production.py adds HTTPS-only ones.
# ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the CSRF token from the cookie.
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views lift this to SAMEORIGIN for themselves.
SECURE_CONTENT_TYPE_NOSNIFF = True  # X-Content-Type-Options: nosniff on every response
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4: https://django-csp.readthedocs.io/en/latest/configuration.html).
# The public site runs no script of its own: script-src 'self' without 'unsafe-inline' refuses any injected
# <script> or on*= handler. The JSON-LD block on event pages is a data block, which browsers neither run nor
# check against script-src. The only third parties are the video players of embed blocks (YouTube, Vimeo).
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    # Wagtail's admin (and the page previews, the userbar's own pages under it) relies on inline scripts and
    # style attributes; it is for logged-in staff only and keeps X-Frame-Options and the other headers.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_SOURCES,
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the site never uses, switched off for it and for every frame it embeds
# (core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

# Uploads: staff upload documents and images in the admin; the public uploads only the membership statute
# (a PDF, magic bytes and size checked by members.services.statute_validate). Documents other than PDFs are
# served as attachments (Wagtail also sends them with nosniff and `Content-Security-Policy: default-src 'none'`),
# so an uploaded HTML or SVG file never renders on the site's origin; images are raster formats only (no SVG).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]

# On stdout, one JSON object a line with the request's id (core/logs.py) when DJANGO_LOG_FORMAT is json, the
# production default; plain text otherwise.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonLineFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Errors to Sentry (or a server that speaks its protocol) when SENTRY_DSN is set; nothing is sent otherwise. No
# personal data goes with them (send_default_pii off): no cookies, no user, no form data.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=0,
    )
