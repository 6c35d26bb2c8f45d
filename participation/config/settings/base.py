"""Settings shared by every environment. Values that differ per machine come from the
environment through the strict readers in ``env.py``."""

from pathlib import Path

from celery.schedules import crontab

from participation import languages
from participation.config.settings.env import (
    env_bool,
    env_database,
    env_email,
    env_int,
    env_list,
    env_optional_url,
    env_str,
    read_dotenv,
)

BASE_DIR = Path(__file__).resolve().parents[3]
read_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "participation",
    "proposals",
    "meetings",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "participation.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Sign-in with OneID (participation.identity.oneid; docs/identity.md).
    "allauth.socialaccount",
    "participation.identity.oneid",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # The read-only public API (participation.api, docs/api.md).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "wagtail.api.v2",
]

MIDDLEWARE = [
    # Before anything that may answer: CORS headers on /api/ and /open-data/ (settings at the end).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "participation.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # production.py compresses here: below, everything sees the page as it was rendered.
    # A weak ETag and 304s for every GET; then anonymous pages kept and served before the
    # session, the user and the view (participation.web.page_cache).
    "django.middleware.http.ConditionalGetMiddleware",
    "participation.web.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, except that /admin/, /documents/… keep their own 404 (no /uz/ redirect).
    "participation.web.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "participation.web.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participation.staff_signin.StaffTwoFactorMiddleware",
    # Kiosks of service centres (participation.kiosk): after the session, the user and the
    # messages, which it reads and clears; its views' acts count under the kiosk channel.
    "participation.kiosk.middleware.KioskMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees a view's exception first: Redis down is a translated 503, not a 500.
    "participation.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "participation.config.urls"
WSGI_APPLICATION = "participation.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participation.context_processors.languages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache when present, inline tasks and local memory when not ---------
REDIS_URL = env_optional_url("REDIS_URL", {"redis", "rediss", "unix"})

if REDIS_URL:
    CACHES = {
        "default": {
            # Serves pages without the cache and refuses rate-limited actions clearly when
            # Redis is down (participation.cache); short timeouts keep a silent Redis from
            # holding every request.
            "BACKEND": "participation.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "participation"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Tashkent"
CELERY_BEAT_SCHEDULE = {
    # Work services queued (e-mails of every feature) whose message the broker never took, or
    # whose run failed, runs here; each e-mail still goes out once (participation.queue).
    "outbox-sweep": {"task": "participation.tasks.sweep_outbox", "schedule": crontab(minute="*/5")},
    "purge-unverified-accounts": {
        "task": "participation.tasks.purge_unverified_accounts",
        "schedule": crontab(hour=3, minute=15),
    },
    "organisations-expire": {
        "task": "participation.tasks.expire_organisations",
        "schedule": crontab(hour=0, minute=20),
    },
    # Petition deadlines; every task is idempotent, so a missed or doubled run is harmless.
    "petitions-close-expired": {
        "task": "proposals.petitions.tasks.close_expired_petitions",
        "schedule": crontab(minute=5),
    },
    "petitions-mark-overdue": {
        "task": "proposals.petitions.tasks.mark_overdue_answers",
        "schedule": crontab(minute=10),
    },
    "petitions-remind-responders": {
        "task": "proposals.petitions.tasks.remind_responders",
        "schedule": crontab(hour=9, minute=0),
    },
    "petitions-forget-signature-addresses": {
        "task": "proposals.petitions.tasks.forget_signature_addresses",
        "schedule": crontab(hour=3, minute=45),
    },
    # The last signatures of a crowd, which no later signer counted (see UncountedSignature).
    # Expires: a run still queued when the next is due is dropped, never piled up.
    "petitions-count-signatures": {
        "task": "proposals.petitions.tasks.count_signatures",
        "schedule": 5.0,
        "options": {"expires": 5},
    },
    "petitions-reconcile-counts": {
        "task": "proposals.petitions.tasks.reconcile_signature_counts",
        "schedule": crontab(hour=2, minute=30),
    },
    # A consultation's outcome past its due date is marked once (the staff list and reports read it).
    "consultations-mark-overdue": {
        "task": "meetings.consultations.tasks.mark_overdue_outcomes",
        "schedule": crontab(minute=20),
    },
    # Meeting action items past their date are marked once; owners are reminded before it.
    "meetings-mark-overdue-actions": {
        "task": "meetings.meetings.tasks.mark_overdue_actions",
        "schedule": crontab(minute=25),
    },
    "meetings-remind-action-owners": {
        "task": "meetings.meetings.tasks.remind_action_owners",
        "schedule": crontab(hour=9, minute=15),
    },
    # Sealed ballots are opened, shuffled, once voting ends (proposals.budgeting.services.ballot_box).
    "pb-unseal-ballots": {"task": "proposals.budgeting.tasks.unseal_ballots", "schedule": crontab(minute="*/5")},
    "pb-forget-voter-addresses": {
        "task": "proposals.budgeting.tasks.forget_voter_addresses",
        "schedule": crontab(hour=3, minute=50),
    },
    # Every closed month, quarter and year without a snapshot of today's method is frozen (a rerun is harmless).
    "reports-freeze-closed": {
        "task": "participation.transparency.tasks.freeze_closed_reports",
        "schedule": crontab(day_of_month=1, hour=1, minute=30),
    },
}

# Wagtail's own background work (reference index, image renditions, file deletion) goes
# through django-tasks; send it through Celery whenever Celery has a real broker.
TASKS = {
    "default": {
        "BACKEND": (
            "participation.task_backends.CeleryTaskBackend"
            if REDIS_URL
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- People --------------------------------------------------------------------------------
AUTH_USER_MODEL = "participation.User"
# Django's and allauth's backends, loading the person's home territory with the person (see
# participation/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "participation.auth_backends.ModelBackend",
    "participation.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Django's list is English; this one knows "toshkent2026", "parol123" and the site's name.
    {"NAME": "participation.passwords.LocalCommonPasswordValidator"},
]

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "participation.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "participation.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# "key" for login_failed is the (account, address) pair (participation.adapters): a stranger's
# failures never lock a resident out of signing in from their own address.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/h/ip"}
LOGIN_URL = "account_login"

# Two-factor sign-in (authenticator app, with recovery codes for a lost phone). Managers must
# enrol before reaching the admin when this is on (production turns it on; see staff_signin).
MFA_ADAPTER = "participation.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Ishtirok"
MFA_REQUIRED_FOR_MANAGERS = env_bool("MFA_REQUIRED_FOR_MANAGERS", False)

# Accounts whose owner never confirmed the e-mail hold personal data for no purpose
# (law ZRU-547: processing needs a purpose); the beat task deletes them after this many days.
UNVERIFIED_ACCOUNT_RETENTION_DAYS = env_int("UNVERIFIED_ACCOUNT_RETENTION_DAYS", 7, minimum=1)

# --- Languages -----------------------------------------------------------------------------
languages.register_extra_languages()
LANGUAGE_CODE = languages.DEFAULT
LANGUAGES = languages.LANGUAGES
# Ours first; then the packages' Uzbek strings with corrected spelling (participation/locales.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_third_party"]
# Date and number formats of the languages Django lacks (Karakalpak).
FORMAT_MODULE_PATH = ["participation.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tashkent"
LANGUAGE_COOKIE_NAME = "language"

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Photos are served by nginx in production (docs/deployment.md); SERVE_MEDIA lets Django serve
# the public image folders itself where no nginx stands in front (participation.web.media).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
MEDIA_PUBLIC_PREFIXES = ("pb/", "original_images/", "images/")
# nginx (another user) reads what the web process writes.
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail --------------------------------------------------------------------------------
vars().update(env_email("EMAIL_URL", "consolemail://"))
# The site's name in the sender, as the README and .env.example document it.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ishtirok <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Ishtirok"
WAGTAILADMIN_BASE_URL = SITE_URL
# Content is translated with Wagtail's own locales (one page tree per language). Pages
# without a translation are served from the Uzbek tree in the reader's language (see
# cms.models.base.BasePage), and Uzbek Cyrillic readers get them transliterated.
WAGTAIL_I18N_ENABLED = True
# Approval is the authority to publish: nobody but superusers holds publish_page (see cms/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_approved"
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The database backend picks PostgreSQL full-text search on PostgreSQL, FTS5 on SQLite.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents (decisions, forms): office and PDF files only, at most DOCUMENT_MAX_UPLOAD_MB,
# always served as downloads so an uploaded file can never run in the site's origin.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.DocumentForm"
DOCUMENT_MAX_UPLOAD_MB = env_int("DOCUMENT_MAX_UPLOAD_MB", 10, minimum=1)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Staff's images are re-encoded without metadata like residents' photos (participation.images).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"

# Public questions to a khokimiyat (appeals law: answer within 15 days, one extension).
QUESTION_ANSWER_DAYS = env_int("QUESTION_ANSWER_DAYS", 15, minimum=1)
QUESTION_EXTENSION_MAX_DAYS = env_int("QUESTION_EXTENSION_MAX_DAYS", 30, minimum=1)
QUESTION_TEXT_MAX_LENGTH = 4000

# --- Moderation (participation.moderation.registry) -------------------------------------------------
# Every item in the queue is due this many working days after it arrives (weekends and the
# fixed public holidays are skipped; add decree holidays as "YYYY-MM-DD" below).
MODERATION_DUE_WORKING_DAYS = env_int("MODERATION_DUE_WORKING_DAYS", 5, minimum=1)
MODERATION_FLAGS_TO_RAISE = env_int("MODERATION_FLAGS_TO_RAISE", 3, minimum=1)
PUBLIC_HOLIDAYS_EXTRA = env_list("PUBLIC_HOLIDAYS_EXTRA", [])

# --- Petitions (proposals.petitions) -------------------------------------------------------
# Thresholds, collection window, co-sponsors and verification are per territory level and
# edited by managers in the admin (proposals.PetitionRules); these are the legal deadlines.
# Organisations: a verification holds this many days unless the manager sets another date;
# an invitation link to join one works this many days, once.
ORGANISATION_VERIFICATION_DAYS = env_int("ORGANISATION_VERIFICATION_DAYS", 365, minimum=1)
ORGANISATION_INVITATION_DAYS = env_int("ORGANISATION_INVITATION_DAYS", 14, minimum=1)

# --- Meetings (meetings.meetings) ---------------------------------------------------------------
# A state body announces a public meeting with its draft agenda, date, time and venue at least
# this many days before; citizens' gatherings too. Earlier announcements are refused.
MEETING_NOTICE_DAYS = env_int("MEETING_NOTICE_DAYS", 3, minimum=0)
# Draft minutes are open to attendees' comments this many days unless staff set another number.
MEETING_MINUTES_COMMENT_DAYS = env_int("MEETING_MINUTES_COMMENT_DAYS", 5, minimum=1)
# Owners of action items are reminded this many days before the due date (participation.answers).
MEETING_ACTION_REMIND_DAYS_BEFORE_DUE = env_int("MEETING_ACTION_REMIND_DAYS_BEFORE_DUE", 3, minimum=1)
MEETING_ACTION_EXTENSION_MAX_DAYS = env_int("MEETING_ACTION_EXTENSION_MAX_DAYS", 30, minimum=1)
# Registration: how many people a representative may register for their organisation at once,
# and when a staff phone may start checking people in (hours before the start; until the end).
MEETING_ORGANISATION_SEATS_MAX = env_int("MEETING_ORGANISATION_SEATS_MAX", 10, minimum=1)
MEETING_CHECK_IN_OPENS_HOURS = env_int("MEETING_CHECK_IN_OPENS_HOURS", 3, minimum=0)

PETITION_ANSWER_DAYS = env_int("PETITION_ANSWER_DAYS", 15, minimum=1)
PETITION_EXTENSION_MAX_DAYS = env_int("PETITION_EXTENSION_MAX_DAYS", 30, minimum=1)
PETITION_REMIND_DAYS_BEFORE_DUE = env_int("PETITION_REMIND_DAYS_BEFORE_DUE", 3, minimum=1)
# This many signatures from one address to one petition within the window is flagged to
# moderators (never annulled automatically).
PETITION_IP_BURST = (env_int("PETITION_IP_BURST_COUNT", 100, minimum=2), 3600)
# Signers' addresses serve only fraud checks; they are erased this long after collection ends.
PETITION_SIGNATURE_IP_RETENTION_DAYS = env_int("PETITION_SIGNATURE_IP_RETENTION_DAYS", 30, minimum=1)
# Signing's fast path counts its signatures later, at most this often per petition and worker
# (seconds; 0: every signature at once), so a crowd of signers does not queue for the
# petition's row (proposals.petitions.models.UncountedSignature). It stays this many signatures
# short of a petition's threshold; the signature that reaches it is counted at once.
PETITION_COUNT_ROLL_UP_SECONDS = env_int("PETITION_COUNT_ROLL_UP_SECONDS", 1, minimum=0)
PETITION_FAST_SIGNING_MARGIN = env_int("PETITION_FAST_SIGNING_MARGIN", 100, minimum=1)

# How often a process asks the shared cache whether pages were translated elsewhere (seconds):
# a Russian or Cyrillic page lists translations it knows of, and learns of another process's new
# one within this time (cms.selectors.languages).
TRANSLATION_KEYS_MAX_AGE_SECONDS = 1.0

# Per person and per address: (how many, in how many seconds). See participation.ratelimit.
RATE_LIMITS = {
    "petition_create": {"user": (5, 86400), "ip": (30, 86400)},
    "petition_cosponsor": {"user": (30, 3600), "ip": (120, 3600)},
    "petition_sign": {"user": (60, 3600), "ip": (600, 3600)},
    "flag": {"user": (30, 3600), "ip": (120, 3600)},
    "question_ask": {"user": (10, 86400), "ip": (60, 86400)},
    "organisation_register": {"user": (3, 86400), "ip": (20, 86400)},
    "pb_project_submit": {"user": (5, 86400), "ip": (30, 86400)},
    "comment": {"user": (20, 3600), "ip": (200, 3600)},
    # A volunteer with one phone at a mahalla meeting may help dozens of neighbours vote;
    # beyond that an address is flagged to staff (PB_FLAG_*), and only past this it is refused.
    "pb_vote": {"user": (20, 3600), "ip": (300, 3600)},
    # Registering for meetings (and cancelling to register again): a family on one phone, a
    # mahalla's volunteer helping neighbours; more than this is a script.
    "meeting_register": {"user": (10, 3600), "ip": (100, 3600)},
}
# Participatory budgeting anomaly flags (shown to staff, never acted on automatically): more
# ballots than this from one address or one device within an hour, or, between midnight and
# PB_NIGHT_END_HOUR Tashkent time, more than PB_FLAG_NIGHT_PER_HOUR ballots in the cycle in an hour.
PB_FLAG_ADDRESS_PER_HOUR = env_int("PB_FLAG_ADDRESS_PER_HOUR", 20, minimum=2)
PB_FLAG_DEVICE_PER_HOUR = env_int("PB_FLAG_DEVICE_PER_HOUR", 5, minimum=2)
PB_FLAG_NIGHT_PER_HOUR = env_int("PB_FLAG_NIGHT_PER_HOUR", 50, minimum=2)
PB_NIGHT_END_HOUR = 5
# Assisted acts (docs/assisted.md, "Watching assisted acts"): flags shown to staff, never a
# refusal. One operator doing at least this many acts, or this many budget votes, within a clock
# hour; one operator behind at least ASSISTED_FLAG_VOTE_SHARE percent of a mahalla's votes in a
# budget cycle, once they helped at least ASSISTED_FLAG_VOTE_MIN of them.
ASSISTED_FLAG_ACTS_PER_HOUR = env_int("ASSISTED_FLAG_ACTS_PER_HOUR", 30, minimum=2)
ASSISTED_FLAG_BALLOTS_PER_HOUR = env_int("ASSISTED_FLAG_BALLOTS_PER_HOUR", 12, minimum=2)
ASSISTED_FLAG_VOTE_SHARE = env_int("ASSISTED_FLAG_VOTE_SHARE", 50, minimum=1)
ASSISTED_FLAG_VOTE_MIN = env_int("ASSISTED_FLAG_VOTE_MIN", 10, minimum=1)
# Ballot secrecy (docs/ballot-secrecy.md): nobody who reads the database can tell a ballot from
# at least this many others of its cycle (a cycle with fewer voters is one group). Days with
# fewer ballots are merged, and groups of flagged ballots smaller than this are not kept.
PB_SECRECY_K = env_int("PB_SECRECY_K", 20, minimum=2)
# The key that seals ballots until the count. Never in the database or its backups: from the
# environment (32 random bytes, base64), or derived from SECRET_KEY when unset.
PB_BALLOT_SEAL_KEY = env_str("PB_BALLOT_SEAL_KEY", "")
# Behind a reverse proxy that sets X-Forwarded-For, read the client address from it.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский"), ("en", "English"), ("uz", "Oʻzbekcha")]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security defaults that hold everywhere ------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# participation.web.middleware.SecurityHeadersMiddleware. The public pages have no inline script
# or style; the two admins do (Wagtail's and Django's own templates), so their prefixes get
# 'unsafe-inline', still nothing from another origin, and may frame themselves (page preview).
CSP_PUBLIC = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CSP_ADMIN = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
CSP_RELAXED_PATH_PREFIXES = ("/admin/", "/django-admin/")
# Wagtail would load staff avatars from gravatar.com: another origin the policy refuses, and a
# hash of each staff e-mail handed to a third party. Initials are shown instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard would fetch releases.wagtail.org from staff's browsers (refused by connect-src);
# upgrades arrive through the lock file (`make upgrade`), not a banner.
WAGTAIL_ENABLE_UPDATE_CHECK = False
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
SESSION_COOKIE_HTTPONLY = True

# --- Anonymous pages (participation.web.page_cache) -----------------------------------------
# How long a browser or a proxy may reuse a page an anonymous reader got, and how long the site
# keeps it rendered (each copy is also dropped as soon as what it shows changes). 0 turns either off.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60, minimum=0)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60, minimum=0)
# What the pages under these addresses (after the language) show, besides the CMS pages
# ("pages", which every page depends on): a change in a scope drops the kept pages that show it.
PAGE_CACHE_PATH_SCOPES = {
    "/petitions/": ("petitions",),
    "/budget/": ("budgeting",),
    "/organisations/": ("organisations",),
    "/consultations/": ("consultations",),
    "/meetings/": ("meetings",),
    "/search/": ("petitions", "questions", "budgeting", "organisations", "consultations", "meetings"),
}
# Every other page is a Wagtail page: khokimiyat pages list their questions, their
# consultations whose outcome is overdue and their meetings' overdue action items; none shows a petition or budget figure (a page type
# that starts to must get its prefix above).
PAGE_CACHE_DEFAULT_SCOPES = ("questions", "consultations", "meetings")

ALLOW_DEMO_DATA = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- The public API (participation.api; docs/api.md) ----------------------------------------
# Anonymous and read-only: no authentication class reads a session, so no CSRF and nothing
# that only a signed-in person may see; every request counted per address (RATE_LIMITS).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["participation.api.throttle.AddressRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "participation.api.schema.PublicAutoSchema",
    "UNAUTHENTICATED_USER": None,
}
RATE_LIMITS["api_read"] = {"ip": (env_int("API_REQUESTS_PER_HOUR", 3600, minimum=1), 3600)}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ishtirok public API",
    "DESCRIPTION": "Read-only public data of the participation platform. See /docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI from our own static files (drf-spectacular-sidecar): no CDN, CSP 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["participation.api.schema.only_v1"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a "status" or a "kind": each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "PetitionStatusEnum": "proposals.petitions.models.PetitionStatus",
        "ProjectStatusEnum": "proposals.budgeting.models.ProjectStatus",
        "ImplementationStatusEnum": "proposals.budgeting.models.ImplementationStatus",
        "WinnerRuleEnum": "proposals.budgeting.models.WinnerRule",
        "ConsultationStatusEnum": "meetings.consultations.models.ConsultationStatus",
        "MeetingStatusEnum": "meetings.meetings.models.MeetingStatus",
        "MeetingKindEnum": "meetings.meetings.models.MeetingKind",
        "ActionStatusEnum": "meetings.meetings.models.ActionStatus",
        "ActionKindEnum": "meetings.meetings.models.ActionKind",
        "DecisionStatusEnum": "cms.models.decisions.DecisionStatus",
        "CentreKindEnum": "cms.models.services.CentreKind",
        "OrganisationKindEnum": "participation.organisations.models.OrganisationKind",
        "TerritoryKindEnum": "participation.models.territories.TerritoryKind",
    },
}
# Anyone may read the API and the open data from a browser on another site; nothing else.
CORS_URLS_REGEX = r"^/(api|open-data)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# The open-data catalogue shows row counts and last changes of every feature's tables: any
# change drops its kept copy (not only the default scopes').
PAGE_CACHE_PATH_SCOPES["/open-data/"] = (
    "petitions",
    "questions",
    "budgeting",
    "organisations",
    "consultations",
    "meetings",
)

# --- OneID, the national single sign-on (participation.identity.oneid; docs/identity.md) -----
# Off unless ONEID_CLIENT_ID is set. Every call goes to {ONEID_BASE_URL}/sso/oauth/Authorization.do.
ONEID_BASE_URL = env_str("ONEID_BASE_URL", "https://sso.egov.uz").rstrip("/")
ONEID_CLIENT_ID = env_str("ONEID_CLIENT_ID", "")
ONEID_CLIENT_SECRET = env_str("ONEID_CLIENT_SECRET", "")
ONEID_SCOPE = env_str("ONEID_SCOPE", "")
ONEID_TIMEOUT_SECONDS = env_int("ONEID_TIMEOUT_SECONDS", 10, minimum=1)
# The key of the PINFL's hash (HMAC-SHA256). Never in the database; changing it cuts every
# account from its OneID identity, so it is set once (production requires it with OneID on).
ONEID_PINFL_PEPPER = env_str("ONEID_PINFL_PEPPER", "")
# The stand-in for OneID inside the development site (dev.py; mounted only with DEBUG on).
ONEID_FAKE = False
SOCIALACCOUNT_ADAPTER = "participation.identity.oneid.adapter.SocialAccountAdapter"
# The access token serves one call during sign-in; nothing of it is kept.
SOCIALACCOUNT_STORE_TOKENS = False
# A new person always sees the sign-up form (an e-mail address, their district and mahalla);
# OneID's e-mail, when it gives one, only fills the form in.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"

# The signature's burst index carries INCLUDE columns for the transparency reports on
# PostgreSQL (production, CI); SQLite (`make run`) ignores them, which is all W040 says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Kiosks of service centres (participation.kiosk; docs/kiosk.md) ----------------------
# The cookie that makes a browser a kiosk, and how long a kiosk session may stay idle before
# the person is signed out (on the server, and by the page's refresh in the browser).
KIOSK_COOKIE_NAME = "kiosk"
KIOSK_IDLE_SECONDS = env_int("KIOSK_IDLE_SECONDS", 120, minimum=30)

# --- Phone numbers and text messages (participation.identity; docs/identity.md) -------------
# The gateway: "console" (printed, and shown at /dev/sms/ when DEBUG is on), "eskiz" or
# "playmobile". Production must name a real one: the console prints codes to the server log.
SMS_BACKEND = env_str("SMS_BACKEND", "console")
# A gateway that has not answered by then has failed: the resident is told at once, not after
# the proxy's timeout, and may try again.
SMS_TIMEOUT_SECONDS = env_int("SMS_TIMEOUT_SECONDS", 5, minimum=1)
SMS_ESKIZ_URL = env_str("SMS_ESKIZ_URL", "https://notify.eskiz.uz")
SMS_ESKIZ_EMAIL = env_str("SMS_ESKIZ_EMAIL", "")
SMS_ESKIZ_PASSWORD = env_str("SMS_ESKIZ_PASSWORD", "")
SMS_ESKIZ_FROM = env_str("SMS_ESKIZ_FROM", "4546")
SMS_PLAYMOBILE_URL = env_str("SMS_PLAYMOBILE_URL", "https://send.smsxabar.uz")
SMS_PLAYMOBILE_LOGIN = env_str("SMS_PLAYMOBILE_LOGIN", "")
SMS_PLAYMOBILE_PASSWORD = env_str("SMS_PLAYMOBILE_PASSWORD", "")
SMS_PLAYMOBILE_ORIGINATOR = env_str("SMS_PLAYMOBILE_ORIGINATOR", "3700")
# One-time codes: how long one lives and how many wrong guesses kill it.
PHONE_CODE_TTL_SECONDS = env_int("PHONE_CODE_TTL_SECONDS", 300, minimum=60)
PHONE_CODE_MAX_TRIES = env_int("PHONE_CODE_MAX_TRIES", 5, minimum=1)
# Sending a code costs money and reaches a stranger's phone: per number ("user" counts the
# number here, participation.identity.services) and per address (a mahalla kiosk or a PSC
# signs many residents in from one address, hence the room). Checking is limited per
# address, so nobody sprays guesses across many numbers' codes.
RATE_LIMITS["phone_code_send"] = {
    "user": (env_int("PHONE_CODES_PER_NUMBER_PER_HOUR", 5, minimum=1), 3600),
    "ip": (env_int("PHONE_CODES_PER_ADDRESS_PER_HOUR", 60, minimum=1), 3600),
}
CELERY_BEAT_SCHEDULE["identity-purge-phone-codes"] = {
    "task": "participation.identity.tasks.purge_phone_codes",
    "schedule": crontab(minute=40),
}
RATE_LIMITS["phone_code_check"] = {"ip": (env_int("PHONE_CODE_CHECKS_PER_ADDRESS_PER_HOUR", 120, minimum=1), 3600)}
