"""Settings for the benchmark's gunicorn: the site as configured, plus `/_floor/`
(benchmarks/floor_urls.py), to measure the pages against in the same run."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.floor_urls"
