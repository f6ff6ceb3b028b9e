"""The desk's queue: what waits on each tab, paged by keyset."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.desk.views import queue
from factcheck.models import Transcript, Verdict
from tests.factories import (
    make_approver,
    make_claim,
    make_editor,
    make_quote,
    make_speaker,
    make_transcript,
    make_verdict,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_the_queue_counts_what_waits_on_each_tab(client, editor):
    claim = make_claim()
    make_quote(claim.quote.transcript, exact="China said it would ignore the award.")
    make_verdict(make_claim(claim.quote), status=Verdict.Status.IN_REVIEW)
    make_verdict(
        make_claim(claim.quote), status=Verdict.Status.PUBLISHED, as_of=datetime.date(2020, 1, 1)
    )
    response = client.get(reverse("desk:queue"), {"tab": "claims"})
    counts = {tab.slug: count for tab, count in response.context["tabs"]}
    assert counts == {"quotes": 1, "claims": 1, "drafts": 0, "review": 1, "recheck": 1}
    assert [item.pk for item in response.context["page"].items] == [claim.pk]


def test_an_approver_lands_on_the_review_tab_and_an_editor_on_quotes(client):
    client.force_login(make_approver())
    assert client.get(reverse("desk:queue")).context["tab"].slug == "review"
    client.force_login(make_editor())
    assert client.get(reverse("desk:queue")).context["tab"].slug == "quotes"


def test_a_draft_sent_back_shows_the_approvers_note_in_the_queue(client, editor):
    verdict = make_verdict(author=editor, status=Verdict.Status.IN_REVIEW)
    services.verdict_return(
        verdict=verdict, note="Cite the award.", by=make_approver(username="bea")
    )
    response = client.get(reverse("desk:queue"), {"tab": "drafts"})
    assert "Sent back by bea: Cite the award." in response.content.decode()
    # Whatever tab the author opens, the queue tells them first; not once they submit again.
    told = "A draft of yours was sent back by an approver, with a note on what to change"
    assert told in client.get(reverse("desk:queue"), {"tab": "quotes"}).content.decode()
    client.force_login(make_approver(username="cy"))
    assert told not in client.get(reverse("desk:queue")).content.decode()  # not theirs
    client.force_login(editor)
    verdict.refresh_from_db()
    services.verdict_submit(verdict=verdict, version=verdict.version, by=editor)
    assert told not in client.get(reverse("desk:queue")).content.decode()
    # Taken back by its author: a draft again, not one sent back.
    verdict.refresh_from_db()
    services.verdict_take_back(verdict=verdict, version=verdict.version, by=editor)
    drafts = client.get(reverse("desk:queue"), {"tab": "drafts"}).text
    assert verdict.claim.text in drafts and "Sent back by" not in drafts


def test_the_queue_pages_through_by_keyset_without_repeats_in_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    quote = make_quote()
    for n in range(60):
        make_claim(quote, slug=f"claim-{n}", text=f"Claim {n}")
    seen, after = [], None
    for _ in range(3):
        query = {"tab": "claims", **({"after": after} if after else {})}
        # With the count of readers' open reports, and of the editor's drafts sent back.
        with django_assert_max_num_queries(13):
            response = client.get(reverse("desk:queue"), query)
        page = response.context["page"]
        seen += [claim.pk for claim in page.items]
        after = page.next_cursor
    assert len(seen) == len(set(seen)) == 60
    assert after is None
    assert seen == sorted(seen)  # oldest first


def test_switching_tabs_with_htmx_returns_the_queue_fragment(client, editor):
    response = client.get(reverse("desk:queue"), {"tab": "review"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="desk-queue"' in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tab": "nonsense"}, "There is no “nonsense” tab"),
        ({"after": "12x"}, "not one this site made"),
    ],
)
def test_a_bad_queue_address_is_answered_400_with_a_message(client, editor, query, message):
    response = client.get(reverse("desk:queue"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_cursor_of_another_list_is_answered_400(client, editor):
    # A row number is no place in the claims tab, which is ordered by creation time.
    response = client.get(reverse("desk:queue"), {"tab": "claims", "after": "999999"})
    assert response.status_code == 400
    assert "not one this site made" in response.content.decode()


def test_the_way_into_an_interview_comes_before_the_queue(client, editor):
    transcript = make_transcript()
    html = client.get(reverse("desk:queue")).text
    link = f'href="{reverse("desk:transcript", args=[transcript.slug])}"'
    assert "Open an interview to make a claim" in html
    assert html.index(link) < html.index('id="desk-queue"')


def test_the_queue_shows_one_interview_on_every_tab_with_its_counts(
    client, editor, django_assert_max_num_queries
):
    mine = make_quote()
    other = make_quote()
    for n in range(30):
        make_claim(mine, text=f"Mine {n}")
        make_claim(other, text=f"Other {n}")
    make_verdict(make_claim(other), status=Verdict.Status.IN_REVIEW)
    slug = mine.transcript.slug
    seen, after = [], None
    while True:
        query = {"tab": "claims", "interview": slug, **({"after": after} if after else {})}
        # With the count of readers' open reports, and of the editor's drafts sent back.
        with django_assert_max_num_queries(14):
            response = client.get(reverse("desk:queue"), query)
        seen += [claim.quote_id for claim in response.context["page"].items]
        after = response.context["page"].next_cursor
        if after is None:
            break
        assert f"interview={slug}" in response.context["next"]
    assert seen == [mine.pk] * 30
    counts = {tab.slug: count for tab, count in response.context["tabs"]}
    assert counts == {"quotes": 0, "claims": 30, "drafts": 0, "review": 0, "recheck": 0}
    assert f"tab=review&amp;interview={slug}" in response.content.decode()


def test_an_unpublished_interview_can_be_chosen_on_the_desk(client, editor):
    transcript = make_transcript(by=editor)
    make_claim(make_quote(transcript))
    response = client.get(reverse("desk:queue"), {"tab": "claims", "interview": transcript.slug})
    assert response.status_code == 200 and len(response.context["page"].items) == 1


def test_an_unknown_interview_on_the_queue_is_a_400_saying_so(client, editor):
    response = client.get(reverse("desk:queue"), {"interview": "nowhere"})
    assert response.status_code == 400
    assert "No interview has the slug “nowhere”." in response.content.decode()


# Every interview -----------------------------------------------------------------------------

INTERVIEWS = reverse("desk:interviews")


@pytest.fixture
def many_interviews(monkeypatch):
    """Five interviews, newest imported last, the fourth not yet published; the desk names
    two and pages them by two."""
    monkeypatch.setattr(queue, "INTERVIEWS_LISTED", 2)
    monkeypatch.setattr(queue, "INTERVIEWS_PER_PAGE", 2)
    return [
        make_transcript(title=f"Talk number {n}", **({"by": make_editor()} if n == 3 else {}))
        for n in range(5)
    ]


def test_the_queue_names_the_newest_interviews_and_leads_to_the_rest(
    client, editor, many_interviews
):
    text = client.get(reverse("desk:queue")).content.decode()
    assert "Talk number 4" in text and "Talk number 3" in text
    assert "Talk number 0" not in text  # neither listed nor in the queue's menu
    assert f'href="{INTERVIEWS}">Every interview, with a search by title</a>' in text
    # An older interview chosen from the list of every interview is in the menu, chosen.
    oldest = many_interviews[0]
    text = client.get(reverse("desk:queue"), {"interview": oldest.slug}).content.decode()
    assert f'<option value="{oldest.slug}" selected>Talk number 0</option>' in text


def test_every_interview_pages_newest_first_without_repeats_in_bounded_queries(
    client, editor, many_interviews, django_assert_max_num_queries
):
    titles, url = [], INTERVIEWS
    while url:
        # The session, the user, their permissions (two), the page: whatever the number.
        with django_assert_max_num_queries(5):
            response = client.get(url, headers=HTMX if titles else {})
        assert response.status_code == 200
        page = response.context["page"]
        titles += [transcript.title for transcript in page.items]
        url = INTERVIEWS + response.context["next"] if response.context["next"] else ""
        if len(titles) > 2:
            assert "<html" not in response.content.decode()  # the next rows alone
    assert titles == [f"Talk number {n}" for n in reversed(range(5))]


def test_an_interview_is_found_by_words_of_its_title_unpublished_ones_too(
    client, editor, many_interviews
):
    response = client.get(INTERVIEWS, {"q": "NUMBER 3"})
    assert [t.title for t in response.context["page"].items] == ["Talk number 3"]
    assert "Unpublished" in response.content.decode()
    nothing = client.get(INTERVIEWS, {"q": "Kissinger"}).content.decode()
    assert (
        "No interview’s title, nor the name of whom it was with, has every word of "
        "“Kissinger”, or words they begin."
    ) in nothing


def test_an_interview_is_found_by_its_title_s_words_in_any_order_from_the_index(
    client, editor, many_interviews
):
    make_transcript(title="Rahm Emanuel on China, with Bob Davis")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INTERVIEWS, {"q": "davis emanuel"})
    assert [t.title for t in response.context["page"].items] == [
        "Rahm Emanuel on China, with Bob Davis"
    ]
    assert not any(" LIKE " in query["sql"] for query in queries.captured_queries)
    assert [t.title for t in Transcript.objects.matching("talk 2")] == ["Talk number 2"]
    # A search that cannot be read is said beside the box, which keeps it; the list stays.
    too_common = client.get(INTERVIEWS, {"q": "The"})
    assert too_common.status_code == 400
    assert "Words as common as “The” are left out of a search" in too_common.text
    assert 'name="q" id="id_q" value="The"' in too_common.text
    assert "Talk number 4" in too_common.text
    # Its next page is of what it lists: every interview, not the search refused.
    after = too_common.context["next"]
    assert "q=" not in after
    more = client.get(INTERVIEWS + after, headers={"HX-Request": "true"})
    assert more.status_code == 200 and "Talk number" in more.text


def test_an_interview_is_found_by_the_name_of_whom_it_was_with(client, editor, many_interviews):
    emanuel = make_speaker(name="Rahm Emanuel")
    davis = make_speaker(name="Bob Davis")
    with_him = make_transcript(title="Rules of Engagement", interviewee=emanuel, interviewer=davis)
    by_him = make_transcript(title="A second conversation", interviewer=emanuel)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INTERVIEWS, {"q": "emanu"})
    assert [t.pk for t in response.context["page"].items] == [by_him.pk, with_him.pk]
    assert not any(" LIKE " in query["sql"] for query in queries.captured_queries)
    # Each listed with whom it was with.
    assert "Rahm Emanuel · June 2024" in response.text
    # Every word, of the title or of one name: not a word of each.
    assert [t.pk for t in Transcript.objects.matching("bob davis")] == [with_him.pk]
    assert not Transcript.objects.matching("rahm engagement").exists()


@pytest.mark.parametrize(
    "query", [{"after": "not-a-place"}, {"q": "x" * 201}], ids=["cursor", "long search"]
)
def test_a_list_of_interviews_it_cannot_read_is_a_400_that_says_why(client, editor, query):
    response = client.get(INTERVIEWS, query)
    assert response.status_code == 400
    assert 'class="desk-error" role="alert"' in response.content.decode()
