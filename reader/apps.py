from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """Everything public: the chronology, claims, interviews, sources and corrections pages,
    feeds, sitemaps, the JSON API and the open-data exports. It builds on both domains
    (timeline and factcheck); neither knows it exists."""

    name = "reader"
