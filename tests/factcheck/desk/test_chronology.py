"""A claim's place on the chronology, from the desk's claim page: search and link events,
create one with a date typed as people say it, take back an unpublished link."""

import html

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.desk.placements import EVENTS_FOUND
from factcheck.models import Action, Mention
from tests.factories import make_claim, make_event, make_quote, make_topic, make_user
from timeline.models import Event

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


# A sentence of the interview's answer that dates something as the speaker put it.
SPOKEN = "And four or five months ago, something else happened."


def spoken_claim():
    """A claim whose quote says "four or five months ago" (a date as spoken is the quote's
    own words)."""
    return make_claim(make_quote(exact=SPOKEN), text="Something happened early in 2024.")


def claim_url(claim) -> str:
    return reverse("desk:claim", args=[claim.slug])


def test_the_claim_page_shows_each_linked_event_dated_as_documented_and_as_spoken(client, editor):
    claim = spoken_claim()
    event = make_event(title="The award", edtf="2024-01")
    services.claim_event_link(claim=claim, event=event, phrase="four or five months ago", by=editor)
    page = client.get(claim_url(claim)).content.decode()
    assert "The award" in page
    assert "documented: <strong>January 2024</strong>" in page
    assert "as spoken: “four or five months ago” → <strong>Jan–Feb 2024</strong>" in page
    assert "Not public yet" in page
    assert reverse("desk:event_unlink", args=[claim.slug, claim.quote.mentions.get().pk]) in page
    assert "linked the event" in page  # the record of who did what


def test_searching_events_answers_htmx_with_the_results_alone_in_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    claim = make_claim()
    for number in range(EVENTS_FOUND + 5):
        make_event(title=f"Arbitration hearing {number}")
    linked = make_event(title="Arbitration award")
    services.claim_event_link(claim=claim, event=linked, by=editor)
    # The session, the user, their permissions (2), the claim, its links, the search.
    with django_assert_max_num_queries(7):
        response = client.get(claim_url(claim), {"events": "arbitration"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.count('type="radio"') == EVENTS_FOUND
    assert "Arbitration award" not in body  # linked already
    assert "add a word to narrow the search" in body


def test_an_event_search_of_nothing_to_search_by_or_of_too_many_words_says_so(client, editor):
    claim = make_claim()
    make_event(title="The Rose Garden promise")
    for typed, said in [
        ("the", "Words as common as “the” are left out of a search"),
        ("rose garden " + " ".join(f"word{number}" for number in range(12)), "at most 12 words"),
    ]:
        body = client.get(claim_url(claim), {"events": typed}, headers=HTMX).content.decode()
        assert said in html.unescape(body) and 'role="alert"' in body, typed
        assert 'type="radio"' not in body


def test_without_javascript_the_search_is_a_page_with_the_results_in_it(client, editor):
    claim = make_claim()
    event = make_event(title="The Rose Garden promise")
    response = client.get(claim_url(claim), {"events": "rose garden"})
    body = response.content.decode()
    assert "<html" in body and f'value="{event.pk}"' in body
    assert 'value="rose garden"' in body


def test_linking_an_event_without_javascript_goes_back_to_the_claim(client, editor):
    claim = spoken_claim()
    event = make_event(title="The award")
    response = client.post(
        reverse("desk:event_link", args=[claim.slug]),
        {"link-event": event.pk, "link-phrase": "four or five months ago"},
    )
    assert response.status_code == 303
    assert response["Location"] == claim_url(claim) + "#desk-chronology"
    mention = Mention.objects.get()
    assert (mention.event, mention.phrase, mention.spoken_edtf) == (
        event,
        "four or five months ago",
        "2024-01/2024-02",
    )
    assert Action.objects.get(claim=claim).actor == editor
    page = client.get(response["Location"]).text
    panel = page.split('id="desk-chronology"')[1]
    assert "Linked to “The award”." in panel  # where the page opens, not above it
    assert '<ul class="messages"></ul>' in page.split('id="messages"')[1].split("</div>")[0]


def test_linking_with_htmx_answers_with_the_chronology_panel(client, editor):
    claim = make_claim()
    event = make_event(title="The award")
    response = client.post(
        reverse("desk:event_link", args=[claim.slug]), {"link-event": event.pk}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="desk-chronology"' in body and "Linked to “The award”." in body


def activity(body: str) -> str:
    """The record of who did what as an htmx answer swaps it in out of band ('' if absent)."""
    start = body.find('<section id="desk-activity"')
    return body[start : body.index("</section>", start)] if start >= 0 else ""


def test_linking_with_htmx_adds_the_link_to_who_did_what_in_the_same_answer(
    client, editor, django_assert_max_num_queries
):
    claim = make_claim()
    for number in range(6):  # a longer record and more links must not cost more queries
        hearing = make_event(title=f"Hearing {number}")
        services.claim_event_link(claim=claim, event=hearing, by=editor)
    event = make_event(title="The award")
    # The session, the user, their permissions (2), the claim, the event; the service's
    # checks and writes (13, savepoints included); then the record (one query however
    # long), the panel's links and the new event form's topics.
    with django_assert_max_num_queries(22):
        response = client.post(
            reverse("desk:event_link", args=[claim.slug]),
            {"link-event": event.pk, "link-phrase": "won its case"},
            headers=HTMX,
        )
    record = activity(response.content.decode())
    assert 'hx-swap-oob="outerHTML"' in record
    assert record.count("linked the event") == 7
    assert "The award" in record and editor.get_username() in record


def test_creating_and_unlinking_with_htmx_update_who_did_what_too(client, editor):
    claim = make_claim()
    created = client.post(
        reverse("desk:event_create", args=[claim.slug]),
        {"new-title": "Tariffs", "new-date": "spring 2016"},
        headers=HTMX,
    )
    assert "created the event" in activity(created.content.decode())
    mention = Mention.objects.get()
    unlinked = client.post(
        reverse("desk:event_unlink", args=[claim.slug, mention.pk]), headers=HTMX
    )
    record = activity(unlinked.content.decode())
    assert "created the event" in record and "unlinked the event" in record


def test_a_refused_link_leaves_who_did_what_alone(client, editor):
    claim = make_claim()
    response = client.post(
        reverse("desk:event_link", args=[claim.slug]), {"link-event": "999999"}, headers=HTMX
    )
    assert response.status_code == 422 and activity(response.content.decode()) == ""


def test_without_javascript_the_claim_page_after_a_link_lists_it_once_in_who_did_what(
    client, editor
):
    claim = make_claim()
    event = make_event(title="The award")
    response = client.post(
        reverse("desk:event_link", args=[claim.slug]), {"link-event": event.pk}, follow=True
    )
    body = response.content.decode()
    assert body.count('id="desk-activity"') == 1 and "hx-swap-oob" not in activity(body)
    assert "linked the event" in activity(body)


@pytest.mark.parametrize("event", ["", "999999", "not-a-number"])
def test_linking_an_unknown_event_is_refused_and_writes_nothing(client, editor, event):
    claim = make_claim()
    response = client.post(reverse("desk:event_link", args=[claim.slug]), {"link-event": event})
    assert response.status_code == 422
    assert "search results" in response.content.decode()
    assert not Mention.objects.exists() and not Action.objects.filter(claim=claim).exists()


def test_linking_the_same_event_twice_is_refused(client, editor):
    claim = make_claim()
    event = make_event(title="The award")
    services.claim_event_link(claim=claim, event=event, by=editor)
    response = client.post(
        reverse("desk:event_link", args=[claim.slug]), {"link-event": event.pk}, headers=HTMX
    )
    assert response.status_code == 422
    assert "linked to “The award” already" in response.content.decode()
    assert Mention.objects.count() == 1


def test_creating_an_event_reads_its_date_and_links_it(client, editor):
    claim = make_claim()
    topic = make_topic(name="Trade")
    response = client.post(
        reverse("desk:event_create", args=[claim.slug]),
        {
            "new-title": "Tariffs",
            "new-summary": "Duties on steel\r\nand aluminium.",
            "new-date": "spring 2016",
            "new-topics": [topic.pk],
            "new-phrase": "The Philippines won its case",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Event created: “Tariffs” (Spring 2016)." in response.content.decode()
    event = Event.objects.get()
    assert (event.edtf, event.published_at) == ("2016-21", None)
    assert event.summary == "Duties on steel\nand aluminium."  # what its page says
    assert list(event.topics.all()) == [topic]
    assert Mention.objects.get().phrase == "The Philippines won its case"
    assert "Another event has this title" not in response.content.decode()


def test_creating_an_event_with_the_title_of_another_points_to_it(client, editor):
    claim = make_claim()
    make_event(title="The arbitral award", edtf="2016-07-12")
    response = client.post(
        reverse("desk:event_create", args=[claim.slug]),
        {"new-title": "the Arbitral Award", "new-date": "July 2016"},
        headers=HTMX,
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Event created" in body
    assert "Another event has this title: “The arbitral award” (12 July 2016)." in body


def test_the_same_event_sent_twice_for_a_claim_is_made_and_linked_once(client, editor):
    # A double click on "Create the event and link it" sends the form twice.
    claim = make_claim()
    url = reverse("desk:event_create", args=[claim.slug])
    first = client.post(url, {"new-title": "Port traffic slump", "new-date": "May 2016"})
    second = client.post(url, {"new-title": "port traffic slump", "new-date": "May 2016"})
    assert first.status_code in (200, 303) and second.status_code == 422
    assert "These words are linked to “Port traffic slump” (May 2016) already" in second.text
    assert Event.objects.count() == 1 and Mention.objects.count() == 1
    # The same title on another date is another event.
    other = client.post(url, {"new-title": "Port traffic slump", "new-date": "May 2017"})
    assert other.status_code in (200, 303) and Event.objects.count() == 2


def test_a_title_another_event_has_but_for_its_punctuation_is_pointed_out_too(client, editor):
    claim = make_claim()
    make_event(title="Xi Jinping’s visit to Manila", edtf="2015-11-17")
    make_event(title="Xi Jinping's visit to Seattle", edtf="2015-09-22")
    response = client.post(
        reverse("desk:event_create", args=[claim.slug]),
        {"new-title": "Xi Jinping's visit to Manila.", "new-date": "November 2015"},
        headers=HTMX,
    )
    body = html.unescape(response.content.decode())
    assert "Another event has this title: “Xi Jinping’s visit to Manila” (17 Nov 2015)." in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new-title": "", "new-date": "2012"}, "Give the event a title"),
        ({"new-title": "Tariffs", "new-date": ""}, "Give the date"),
        ({"new-title": "Tariffs", "new-date": "the other day"}, "the other day"),
    ],
)
def test_a_new_event_without_a_title_or_readable_date_is_refused_and_writes_nothing(
    client, editor, data, message
):
    claim = make_claim()
    response = client.post(reverse("desk:event_create", args=[claim.slug]), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" in body and message in body and "The event was not created" in body
    assert not Event.objects.exists() and not Mention.objects.exists()


def test_the_date_preview_shows_how_the_date_and_the_spoken_phrase_are_read(client, editor):
    claim = spoken_claim()  # "And four or five months ago, something else happened."
    url = reverse("desk:event_date_preview", args=[claim.slug])
    response = client.get(
        url, {"new-date": "mid-2012", "new-phrase": "four or five months ago"}, headers=HTMX
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "“mid-2012” reads as <strong>May–Aug 2012</strong>" in body
    assert (
        "“four or five months ago”, said on June 2024, reads as <strong>Jan–Feb 2024</strong>"
        in body
    )
    assert "after today" not in body
    ahead = client.get(url, {"new-date": "2099"}, headers=HTMX).content.decode()
    assert (
        "reads as <strong>2099</strong>" in ahead and "after today, an event still to come" in ahead
    )
    unreadable = client.get(url, {"new-date": "soonish"}, headers=HTMX).content.decode()
    assert "“soonish” cannot be read as a date: it does not look like a date" in unreadable
    assert "Could not understand" not in unreadable  # said once, not twice
    pasted = "When the treaty that ended the war was signed at last, " * 3
    long = client.get(url, {"new-date": pasted}, headers=HTMX).content.decode()
    assert f"“{pasted[:59]}…” cannot be read as a date" in long  # not said back whole
    # Words that are not the quote's are refused as the editor types, as saving would.
    other = client.get(url, {"new-phrase": "last year"}, headers=HTMX).content.decode()
    assert "“last year” is not in the quote" in other and "kept as spoken" not in other


def test_the_dates_reading_stands_right_under_the_two_dates_it_reads(client, editor):
    page = client.get(claim_url(spoken_claim())).content.decode()
    order = [
        page.index(f'id="{element}"')
        for element in ("id_new-date", "id_new-phrase", "desk-date-preview", "id_new-summary")
    ]
    assert order == sorted(order)


def test_a_spoken_date_of_its_own_is_read_in_the_preview_as_the_link_will_read_it(client, editor):
    """ "in 2016" in the speaker's words: the preview reads it as 2016, as the saved link
    will, and says before saving that it is not the event's date, as saving would."""
    claim = make_claim(make_quote(exact="The Philippines won its case in 2016."))
    url = reverse("desk:event_date_preview", args=[claim.slug])
    agreeing = client.get(url, {"new-date": "12 July 2016", "new-phrase": "in 2016"}).content
    body = agreeing.decode()
    assert "“in 2016” reads as <strong>2016</strong>" in body
    assert "kept as spoken" not in body and "Not the documented date" not in body
    wrong = client.get(url, {"new-date": "2015", "new-phrase": "in 2016"}).content.decode()
    assert "The date as spoken (2016) is not the event's date (2015)" in wrong
    services.claim_event_create(
        claim=claim, title="The award", date="2015", phrase="in 2016", by=editor
    )
    assert Mention.objects.get().agrees_with(Event.objects.get()) is False  # as previewed
    # The list of the claim's links says so too, not only the notice when it was made.
    page = client.get(reverse("desk:claim", args=[claim.slug])).content.decode()
    placements = page[page.index('id="desk-chronology"') : page.index("Or create the event")]
    assert "Not the documented date</span>" in placements


def test_an_unpublished_link_is_taken_back_and_recorded(client, editor):
    claim = make_claim()
    mention = services.claim_event_link(claim=claim, event=make_event(), by=editor)
    response = client.post(reverse("desk:event_unlink", args=[claim.slug, mention.pk]))
    assert response.status_code == 303
    assert not Mention.objects.exists()
    assert claim.actions.first().verb == Action.Verb.UNLINKED


def test_a_public_link_is_not_taken_back_from_the_desk(client, editor):
    claim = make_claim()
    mention = services.mention_add(quote=claim.quote, event=make_event())
    response = client.post(
        reverse("desk:event_unlink", args=[claim.slug, mention.pk]), headers=HTMX
    )
    assert response.status_code == 409
    assert "Readers see this link already" in response.content.decode()
    assert Mention.objects.filter(pk=mention.pk).exists()


def test_readers_and_anonymous_visitors_cannot_place_claims(client):
    claim = make_claim()
    event = make_event()
    link = reverse("desk:event_link", args=[claim.slug])
    preview = reverse("desk:event_date_preview", args=[claim.slug])
    assert client.get(preview).status_code == 302
    assert client.post(link, {"link-event": event.pk}).status_code == 403
    client.force_login(make_user())
    assert client.post(link, {"link-event": event.pk}).status_code == 403
    assert (
        client.post(
            reverse("desk:event_create", args=[claim.slug]), {"new-title": "T", "new-date": "2012"}
        ).status_code
        == 403
    )
    assert not Mention.objects.exists() and not Event.objects.filter(title="T").exists()


def test_a_date_as_spoken_that_is_not_in_the_quote_is_refused_beside_its_field(client, editor):
    claim = make_claim()  # "The Philippines won its case in 2016."
    event = make_event(title="The award")
    for url, data in (
        (reverse("desk:event_link", args=[claim.slug]), {"link-event": event.pk}),
        (reverse("desk:event_create", args=[claim.slug]), {"new-title": "X", "new-date": "2016"}),
    ):
        prefix = next(iter(data)).split("-")[0]
        response = client.post(
            url, {**data, f"{prefix}-phrase": "the day before yesterday"}, headers=HTMX
        )
        assert response.status_code == 422
        assert "“the day before yesterday” is not in the quote" in response.content.decode()
    assert not Mention.objects.exists() and Event.objects.count() == 1


def test_a_refused_link_keeps_the_search_and_the_event_chosen(client, editor):
    """With the date as spoken to fix, the editor need not search and choose again."""
    claim = make_claim()
    event = make_event(title="The arbitral award")
    page = client.get(claim_url(claim), {"events": "arbitral"}).text
    assert '<input type="hidden" name="events" value="arbitral">' in page
    data = {"link-event": event.pk, "link-phrase": "2099", "events": "arbitral"}
    response = client.post(reverse("desk:event_link", args=[claim.slug]), data, headers=HTMX)
    assert response.status_code == 422
    refused = response.text
    assert 'id="desk-event-q" name="events" value="arbitral"' in refused
    assert f'id="desk-event-{event.pk}" value="{event.pk}" checked' in refused
    assert not Mention.objects.exists()


def test_no_event_found_is_chosen_for_the_editor(client, editor):
    """The first result is not ticked in advance: pressing "Link" without choosing would
    link whatever the search happened to list first."""
    claim = make_claim()
    make_event(title="The arbitral case is filed")
    make_event(title="The arbitral award")
    body = client.get(claim_url(claim), {"events": "arbitral"}, headers=HTMX).content.decode()
    assert body.count('type="radio"') == 2 and "checked" not in body
    refused = client.post(reverse("desk:event_link", args=[claim.slug]), {"link-phrase": ""})
    assert refused.status_code == 422
    assert "Choose an event from the search results." in refused.content.decode()
    assert not Mention.objects.exists()


@pytest.mark.parametrize(
    ("edtf", "warned"),
    [("2023-08-05", True), ("2024-01", False)],
)
def test_a_date_as_spoken_that_misses_the_events_date_is_pointed_out(client, editor, edtf, warned):
    claim = spoken_claim()  # "four or five months ago", on 21 May 2024: Jan–Feb 2024
    event = make_event(title="The award", edtf=edtf)
    response = client.post(
        reverse("desk:event_link", args=[claim.slug]),
        {"link-event": event.pk, "link-phrase": "four or five months ago"},
        headers=HTMX,
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Linked to “The award”." in body
    warning = "“four or five months ago” reads as Jan–Feb 2024, which is not the event's date"
    assert (warning in body) is warned
    assert claim.quote.mentions.count() == 1  # linked all the same: it may be the point


def test_unlinking_what_another_tab_unlinked_says_so(client, editor):
    claim = make_claim()
    mention = services.claim_event_link(claim=claim, event=make_event(), by=editor)
    url = reverse("desk:event_unlink", args=[claim.slug, mention.pk])
    assert client.post(url).status_code == 303
    again = client.post(url)
    assert again.status_code == 409
    assert "That link is gone already" in again.content.decode()
    assert "<html" in again.content.decode()  # the claim's page, without JavaScript
