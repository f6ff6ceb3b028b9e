"""Readers' pages come from the cache until the record changes, and never after it has."""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from kit.cache import bump_data_version, data_version, release
from tests.factories import make_editor, make_event
from tests.published import mention, published_claim, withdraw

pytestmark = pytest.mark.django_db

TIMELINE = reverse("reader:event_list")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.REMEMBER_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_a_repeated_anonymous_page_runs_no_sql(client, django_assert_num_queries):
    make_event(title="The award")
    first = client.get(TIMELINE)
    with django_assert_num_queries(0):
        again = client.get(TIMELINE)
    assert again.status_code == 200
    assert again.content == first.content


def test_a_new_release_never_serves_the_pages_an_older_one_cached(client, settings):
    make_event(title="The award")
    release.cache_clear()
    try:
        settings.RELEASE = "before-the-deploy"
        old = client.get(TIMELINE)
        settings.RELEASE = "after-the-deploy"
        release.cache_clear()
        with CaptureQueriesContext(connection) as made_afresh:
            new = client.get(TIMELINE)
    finally:
        release.cache_clear()
    assert new.status_code == 200
    assert len(made_afresh) > 0  # rendered by the new code, not taken from the cache
    assert new["ETag"] != old["ETag"]


def test_without_a_named_release_the_code_and_templates_name_it(settings):
    settings.RELEASE = ""
    release.cache_clear()
    try:
        digest = release()
    finally:
        release.cache_clear()
    assert len(digest) == 16 and digest != data_version()


def test_a_browser_asks_again_each_time_and_an_unchanged_page_costs_a_304(client):
    """Last-Modified alone would let a browser keep a page for a tenth of its age without
    asking: a verdict corrected since would not show."""
    make_event(title="The award")
    first = client.get(TIMELINE)
    assert first["Cache-Control"] == "no-cache"
    again = client.get(TIMELINE, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_apis_links_are_on_the_site_whatever_host_was_asked_first(client, settings):
    """A page kept by the cache is served to every host: its links must not be the first
    asker's."""
    make_event(title="The award")
    make_event(title="The cyber deal")
    first = client.get("/api/events/?limit=1", headers={"Host": "localhost"}).json()
    again = client.get("/api/events/?limit=1").json()
    for body in (first, again):
        assert body["next"].startswith(settings.SITE_URL + "/api/events/?")
        assert body["results"][0]["api_url"].startswith(settings.SITE_URL + "/api/events/")


def test_a_readers_page_sets_no_cookie_and_carries_no_csrf_token(client):
    make_event(title="The award")
    response = client.get(TIMELINE)
    assert not response.cookies
    assert "csrftoken" not in response.text


def test_a_publication_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    claim = published_claim()
    with django_capture_on_commit_callbacks(execute=True):
        mention(claim, title="The arbitral award")
    assert "The arbitral award" in client.get(TIMELINE).text
    with django_capture_on_commit_callbacks(execute=True):
        mention(claim, title="The cyber deal")
    assert "The cyber deal" in client.get(TIMELINE).text


def test_a_withdrawal_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    claim = published_claim()
    page = claim.get_absolute_url()
    assert "Verdict withdrawn" not in client.get(page).text
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(claim)
    assert "Verdict withdrawn" in client.get(page).text


def test_an_admin_edit_shows_on_the_next_request(
    client, superuser_client, django_capture_on_commit_callbacks
):
    event = make_event(title="The award")
    reader = client.__class__()
    assert "The award" in reader.get(TIMELINE).text
    change = reverse("admin:timeline_event_change", args=[event.pk])
    form = {"title": "The arbitral award", "slug": event.slug, "edtf": "2016-07-12"}
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(change, form)
    assert response.status_code == 302
    assert "The arbitral award" in reader.get(TIMELINE).text


def test_a_write_that_does_not_commit_keeps_the_version(django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=False):
        bump_data_version()
    assert data_version() == before


def test_someone_logged_in_always_gets_a_fresh_page(client, django_assert_max_num_queries):
    make_event(title="The award")
    client.force_login(make_editor())
    client.get(TIMELINE)
    make_event(title="The cyber deal")  # straight to the database: nothing retires pages
    assert "The cyber deal" in client.get(TIMELINE).text


def _counts_years(queries) -> bool:
    # The events' own query groups their topics' keys, but counts nothing.
    return any(
        all(part in q["sql"] for part in ("GROUP BY", "COUNT(", "start_year")) for q in queries
    )


def test_the_whole_chronologys_years_are_counted_once_until_the_data_changes(
    client, django_capture_on_commit_callbacks
):
    make_event(title="The award", edtf="2016-07-12")
    make_event(title="The summit", edtf="2024-04-11")
    client.force_login(make_editor())  # fresh pages: only what is remembered is reused
    client.get(TIMELINE)
    with CaptureQueriesContext(connection) as again:
        assert "#year-2016" in client.get(TIMELINE).text
    assert not _counts_years(again.captured_queries)
    with CaptureQueriesContext(connection) as filtered:
        client.get(TIMELINE, {"dates": "2016"})
    assert _counts_years(filtered.captured_queries)  # a filtered strip is its own count
    make_event(title="The cyber deal", edtf="2015-09-25")
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    assert "#year-2015" in client.get(TIMELINE).text


def test_what_pages_share_is_remembered_with_the_page_cache_off(client, settings):
    make_event(title="The award", edtf="2016-07-12")
    make_event(title="The summit", edtf="2024-04-11")
    settings.PAGE_CACHE_SECONDS = 0  # every page built afresh, the year counts reused
    client.get(TIMELINE)
    with CaptureQueriesContext(connection) as again:
        assert "#year-2016" in client.get(TIMELINE).text
    assert not _counts_years(again.captured_queries)
    settings.REMEMBER_SECONDS = 0  # nothing remembered: counted on every request
    with CaptureQueriesContext(connection) as unremembered:
        client.get(TIMELINE)
    assert _counts_years(unremembered.captured_queries)


def test_an_htmx_fragment_and_the_page_are_kept_apart(client):
    make_event(title="The award")
    page = client.get(TIMELINE)
    fragment = client.get(TIMELINE, headers={"HX-Request": "true"})
    again = client.get(TIMELINE)
    assert "<html" in page.text and "<html" not in fragment.text
    assert again.content == page.content


def test_an_unchanged_page_is_answered_304(client, django_capture_on_commit_callbacks):
    make_event(title="The award")
    first = client.get(TIMELINE)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    repeat = client.get(TIMELINE, headers={"If-None-Match": first.headers["ETag"]})
    assert repeat.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    assert client.get(TIMELINE, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


@pytest.mark.parametrize("name", ["reader:event_list", "api:event_list"])
def test_a_304_carries_the_etag_and_vary_its_compressed_page_did(client, name):
    """RFC 9110 15.4.5: a cache updates what it keeps by the 304's validator."""
    for number in range(30):
        make_event(title=f"Event {number}", summary="Something that happened, at length.")
    gzip = {"Accept-Encoding": "gzip"}
    first = client.get(reverse(name), headers=gzip)
    assert first["Content-Encoding"] == "gzip"
    repeat = client.get(reverse(name), headers={**gzip, "If-None-Match": first["ETag"]})
    assert repeat.status_code == 304
    assert repeat["ETag"] == first["ETag"]
    assert set(repeat["Vary"].split(", ")) == set(first["Vary"].split(", "))


def test_an_export_that_streams_is_answered_304_too(client):
    make_event(title="The award")
    url = reverse("reader:events_csv")
    first = client.get(url)
    assert first.streaming
    repeat = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert repeat.status_code == 304


@pytest.mark.parametrize("name", ["reader:event_list", "api:event_list"])
def test_pages_and_json_are_compressed_for_clients_that_accept_it(client, name):
    for number in range(30):
        make_event(title=f"Event {number}", summary="Something that happened, at length.")
    response = client.get(reverse(name), headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith((b"<!doctype html>", b"{"))


def test_a_refused_request_is_not_cached(client):
    bad = client.get(TIMELINE, {"year": "banana"})
    assert bad.status_code == 400
    assert not [key for key in cache._cache if ":page:" in key]  # type: ignore[attr-defined]


def test_a_draft_save_leaves_readers_pages_alone(client, django_capture_on_commit_callbacks):
    claim = published_claim()
    before = data_version()
    editor = make_editor()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_create(quote=claim.quote, text="A claim still being checked.", by=editor)
    assert data_version() == before


def test_a_page_with_a_form_to_post_is_never_served_from_the_cache(client):
    login = reverse("login")
    first = client.get(login)
    again = client.get(login)  # the CSRF cookie is set by now
    tokens = [r.text.split('name="csrfmiddlewaretoken" value="')[1][:64] for r in (first, again)]
    assert tokens[0] != tokens[1]  # each render masks the token afresh: neither was cached


def _counts_links(queries: list[dict]) -> bool:
    return any("COUNT" in query["sql"] and "factcheck_mention" in query["sql"] for query in queries)


def test_an_interviews_counts_are_remembered_until_a_link_changes(
    client, settings, django_capture_on_commit_callbacks
):
    claim = published_claim()
    mention(claim, title="The award")
    settings.PAGE_CACHE_SECONDS = 0  # every page built afresh, the counts reused
    page = claim.quote.transcript.get_absolute_url()
    assert "<strong>1</strong> dated event<" in client.get(page).text
    with CaptureQueriesContext(connection) as again:
        client.get(page)
    assert not _counts_links(again.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        mention(claim, title="The summit")
    assert "<strong>2</strong> dated events" in client.get(page).text


def test_the_public_events_are_counted_once_until_the_record_changes(
    client, settings, django_capture_on_commit_callbacks
):
    make_event(title="The award")
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("reader:data"))
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("reader:data"))
        client.get(reverse("sitemap"))
    assert not any(
        "timeline_event" in q["sql"] and "COUNT" in q["sql"] for q in again.captured_queries
    )
    make_event(title="The summit")
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()  # as the services, the admin and the loader do
    assert "Everything on this site — 2 events" in client.get(reverse("reader:data")).text


def test_the_sitemap_index_and_the_open_data_page_read_nothing_until_the_record_changes(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    make_event(title="The award")
    settings.PAGE_CACHE_SECONDS = 0  # every page built afresh, what they say remembered
    client.get(reverse("sitemap"))
    client.get(reverse("reader:data"))
    with django_assert_num_queries(0):
        index = client.get(reverse("sitemap")).text
        assert "Everything on this site — 1 event " in client.get(reverse("reader:data")).text
    claim = published_claim()
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()  # as the services, the admin and the loader do
    page = client.get(reverse("reader:data")).text
    assert "1 checked claim" in page and "(Example Press)" in page
    claimed = claim.published_verdict.published_at.date().isoformat()
    assert client.get(reverse("sitemap")).text != index
    assert f"<lastmod>{claimed}" in client.get(reverse("sitemap")).text


def test_the_claims_filters_offer_choices_read_once_until_the_record_changes(
    client, settings, django_capture_on_commit_callbacks
):
    published_claim(level="Accurate")
    settings.PAGE_CACHE_SECONDS = 0  # every page built afresh, the choices reused
    claims = reverse("reader:claim_list")
    with CaptureQueriesContext(connection) as first:
        client.get(claims)
    with CaptureQueriesContext(connection) as again:
        assert ">Accurate</option>" in client.get(claims).text
    assert len(again) <= len(first) - 4  # the verdicts, speakers, topics and interviews
    assert not any("timeline_topic" in query["sql"] for query in again.captured_queries)
    published_claim(text="Another claim.", level="Inaccurate")
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()  # as the services do when a verdict is published
    assert ">Inaccurate</option>" in client.get(claims).text
