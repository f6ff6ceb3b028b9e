"""The reader's pages that show one record each, by URL name: which of those records readers
see, and what each is called; and what the lists and the pages about the site are called.
Readers' reports of errors name the page they are about by its path; the report form
(reader.forms) and the desk's list of reports read its title here.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import Resolver404, resolve

from factcheck.models import Claim, Speaker, Transcript
from timeline.models import Event


def record_pages() -> dict[str, tuple[QuerySet, str]]:
    """{URL name: (the records readers see, the field that names one)}."""
    return {
        "event_detail": (Event.objects.public(), "title"),
        "claim_detail": (Claim.objects.public(), "text"),
        "transcript_detail": (Transcript.objects.published(), "title"),
        "speaker_detail": (Speaker.objects.public(), "name"),
    }


# What a report calls a list, or a page about the site, in a sentence: About the sources.
PAGE_NAMES = {
    "event_list": "the chronology",
    "claim_list": "the checked claims",
    "interview_list": "the list of interviews",
    "interview": "the latest interview",
    "speaker_list": "the list of speakers",
    "source_list": "the sources",
    "correction_list": "the corrections",
    "methodology": "how we check",
    "data": "the open data",
}


def page_name(path: str) -> str:
    """What the reader's list or page about the site at `path` is called ("the sources"),
    or "" for any other address."""
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return PAGE_NAMES.get(match.url_name or "", "") if match.namespace == "reader" else ""


def record_of(path: str) -> tuple[str, str] | None:
    """(URL name, slug) when `path` is the reader's page of one record, else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "reader" or match.url_name not in record_pages():
        return None
    return match.url_name, match.kwargs["slug"]


def record_titles(paths: Iterable[str]) -> dict[str, str]:
    """{path: what its record is called} for those of `paths` that are the reader's page of
    a record readers see: one query for each kind of record among them."""
    wanted: dict[str, dict[str, str]] = defaultdict(dict)  # URL name: {slug: path}
    for path in paths:
        if record := record_of(path):
            name, slug = record
            wanted[name][slug] = path
    titles = {}
    pages = record_pages()
    for name, slugs in wanted.items():
        rows, field = pages[name]
        for slug, title in rows.filter(slug__in=slugs).values_list("slug", field):
            titles[slugs[slug]] = title
    return titles
