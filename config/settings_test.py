"""The test suite's few departures from config.settings, each with its reason."""

import os
import tempfile

from config.settings import *  # noqa: F403

# Hashing passwords at full strength makes every login in the suite slow; tests check
# behaviour, not the hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs `collectstatic` to have run; tests render templates without it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the app folders as they are, without a `collectstatic` run
# (the live server of the browser tests needs the CSS and JS).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# SQLite tests use a database file, not Django's default in-memory one. For an in-memory
# database, the browser tests' live server hands its one connection to every request thread,
# and two requests at once can deadlock: one thread waits for the GIL inside a Python SQL
# function while holding SQLite's lock, the other holds the GIL waiting for that lock
# (Django ticket #29062). With a file, each thread has its own connection, as on PostgreSQL.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"factcheck-test-{os.getpid()}.sqlite3")
    }

# Every absolute URL the site builds starts with SITE_URL, which `./dev` may take from a
# developer's .env. The tests build theirs from settings.SITE_URL, so they never spell a host;
# pinning it here (a reserved .test name that resolves nowhere) keeps them off any real one.
SITE_URL = "https://factcheck.test"
PUBLISHER_URL = SITE_URL

# Each test sees its own writes at once: most build data straight through the ORM, which does
# not retire cached pages as the services do. The page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
REMEMBER_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
