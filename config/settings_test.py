"""The test suite's few departures from config.settings, each with its reason."""

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
