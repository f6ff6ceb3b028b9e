"""The list of interviews and the speakers' pages, as readers see them."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Transcript
from tests.factories import (
    make_claim,
    make_event,
    make_quote,
    make_speaker,
    make_transcript,
    make_verdict,
    newsroom,
)
from tests.published import published_claim, withdraw
from tests.reader.conftest import INTERVIEWS

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_every_published_interview_is_listed_newest_first_a_page_at_a_time(
    client, interviews, django_assert_max_num_queries
):
    seen, after = [], None
    while True:
        # The page with its quotes counted, its cast, its claims' tally and the rating
        # levels (remembered when serving): four, whatever is on it.
        with django_assert_max_num_queries(4):
            response = client.get(
                reverse("reader:interview_list"), {"after": after} if after else {}
            )
        assert response.status_code == 200
        page = response.context["page"]
        seen += [transcript.pk for transcript in page.items]
        if not page.has_next:
            break
        after = page.next_cursor
    assert seen == [transcript.pk for transcript in reversed(interviews)]
    assert "Not yet public" not in response.content.decode()


def test_each_interview_shows_its_date_cast_counts_and_verdicts(client, interviews):
    html = client.get(reverse("reader:interview_list")).content.decode()
    assert "Interview 2022" in html and "3 June 2022" in html
    assert "Envoy in 2022" in html and 'href="/speakers/guest/"' in html
    assert "<strong>1</strong> quote" in html
    assert "<strong>3</strong> claims checked" in html
    tally = html[html.index('class="verdicts verdict-tally"') :]
    tally = tally[: tally.index("</ul>")]
    assert tally.index("Accurate") < tally.index("Inaccurate")
    assert "(2 claims)" in tally and "(1 claim)" in tally


def test_an_interview_counts_what_readers_see_of_it(client):
    """A quote whose claims wait at the desk is not counted (readers see none of it); a
    claim whose verdict was withdrawn is, on the interview's page as in the list, and is
    said to be withdrawn beside the verdicts' spread, which has no level for it."""
    kept, withdrawn = published_claim(), published_claim(text="China lost its case.")
    withdraw(withdrawn)
    transcript = kept.quote.transcript
    waiting = make_quote(transcript, exact="China said it would ignore the award.")
    make_verdict(make_claim(waiting))  # a draft
    dating = make_quote(transcript, exact="What about the Rose Garden?")
    services.mention_add(quote=dating, event=make_event(title="The Rose Garden deal"))
    placed = make_claim(make_quote(transcript, exact="something else happened"))
    editor, _ = newsroom()
    services.claim_event_link(claim=placed, event=make_event(title="Else"), by=editor)  # pending
    listed = client.get(reverse("reader:interview_list")).text
    assert "<strong>2</strong> quotes<" in listed  # the claims' quote, and the one dating
    assert "<strong>2</strong> claims checked" in listed
    page = client.get(transcript.get_absolute_url()).text
    assert "<strong>2</strong> claims checked" in page
    assert "<strong>1</strong> verdict withdrawn" in page


def test_htmx_gets_the_next_page_alone(client, interviews):
    first = client.get(reverse("reader:interview_list")).context["page"]
    response = client.get(
        reverse("reader:interview_list"), {"after": first.next_cursor}, headers=HTMX
    )
    html = response.content.decode()
    assert "<html" not in html and "Interview 2000" in html and "Interview 2022" not in html


def test_a_bad_place_in_the_list_is_a_400_with_a_way_back(client, interviews):
    response = client.get(reverse("reader:interview_list"), {"after": "nowhere"})
    assert response.status_code == 400
    assert "See the latest interviews" in response.content.decode()


def test_head_is_answered_like_get(client, interviews):
    for url in (reverse("reader:interview_list"), reverse("reader:speaker_detail", args=["guest"])):
        head, get = client.head(url), client.get(url)
        assert head.status_code == get.status_code == 200
        assert head["Content-Type"] == get["Content-Type"]


def test_the_main_navigation_and_the_sitemap_lead_to_the_list(client, interviews):
    page = client.get(reverse("reader:event_list")).content.decode()
    assert f'href="{reverse("reader:interview_list")}"' in page
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/interviews/</loc>" in sitemap


def test_a_new_publication_shows_in_the_list_at_once(
    client, interviews, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = settings.REMEMBER_SECONDS = 600
    _, approver = newsroom()
    waiting = Transcript.objects.get(title="Not yet public")
    assert "Not yet public" not in client.get(reverse("reader:interview_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_publish(transcript=waiting, by=approver)
    assert "Not yet public" in client.get(reverse("reader:interview_list")).content.decode()


# Speakers


def test_a_speaker_page_lists_their_interviews_with_the_title_they_held_then(
    client, interviews, django_assert_max_num_queries
):
    # A withdrawn verdict's claim is still one checked (its page says why it was withdrawn).
    withdraw(Claim.objects.filter(quote__speaker__slug="guest").first())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("reader:speaker_detail", args=["guest"]))
    html = response.content.decode()
    assert "Interview 2022" in html and "then Envoy in 2022" in html
    assert "then Envoy in 2000" in html
    assert "Not yet public" not in html
    assert "not a rating of the person" in html
    assert f"{INTERVIEWS * 3} claims checked." in html


def test_a_speaker_page_pages_their_checked_claims(
    client, interviews, django_assert_max_num_queries
):
    url = reverse("reader:speaker_detail", args=["guest"])
    seen, after = [], None
    while True:
        with django_assert_max_num_queries(8):
            response = client.get(url, {"after": after} if after else {}, headers=HTMX)
        assert "<html" not in response.content.decode()
        page = response.context["page"]
        seen += [claim.pk for claim in page.items]
        if not page.has_next:
            break
        after = page.next_cursor
    assert len(seen) == len(set(seen)) == INTERVIEWS * 3


def test_a_speaker_seen_only_in_an_unpublished_interview_has_no_page(client):
    editor, _ = newsroom()
    hidden = make_speaker(name="Hidden", slug="hidden")
    make_transcript(interviewee=hidden, by=editor)
    assert client.get(reverse("reader:speaker_detail", args=["hidden"])).status_code == 404


def test_the_interview_and_claim_pages_show_the_title_held_then(client, interviews):
    transcript = interviews[0]
    page = client.get(transcript.get_absolute_url()).content.decode()
    assert "Envoy in 2000" in page and "Ambassador now" not in page
    claim = transcript.quotes.first().claims.first()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Envoy in 2000" in page and "Ambassador now" not in page


def test_a_bad_place_in_a_speakers_claims_is_a_400_with_a_way_back(client, interviews):
    response = client.get(reverse("reader:speaker_detail", args=["guest"]), {"after": "x_y"})
    assert response.status_code == 400
    assert "See the latest claims" in response.content.decode()


def test_a_speakers_claims_past_the_last_say_so_and_a_negative_place_is_refused(client, interviews):
    url = reverse("reader:speaker_detail", args=["guest"])
    assert client.get(url, {"after": "-3"}).status_code == 400
    past = client.get(url, {"after": "0"})  # newest first: nothing comes after key 0
    assert past.status_code == 200
    text = past.content.decode()
    assert "No claim comes after this point in the list." in text
    assert f'<a href="{url}">Show their claims from the latest</a>' in text
    first = client.get(url).content.decode()
    assert "No claim comes after this point" not in first


def test_a_speakers_tally_is_kept_until_the_record_changes(
    client, interviews, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS, settings.REMEMBER_SECONDS = 0, 600  # built afresh, tally kept
    cache.clear()
    url = reverse("reader:speaker_detail", args=["guest"])
    client.get(url)
    # The speaker, their names, a page of their claims and their interviews.
    with django_assert_num_queries(4):
        before = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the withdrawal commits
        withdraw(Claim.objects.filter(quote__speaker__slug="guest").first())
    after = client.get(url).content.decode()
    cache.clear()
    accurate = INTERVIEWS * 2  # two of each interview's three claims
    assert f"({accurate} claims)" in before and f"({accurate - 1} claims)" in after
    assert f"{INTERVIEWS * 3} claims checked." in after
