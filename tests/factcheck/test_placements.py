"""Placing a claim on the chronology from the desk: links and new events, unpublished
until an approver publishes a verdict on the claim."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import services
from factcheck.models import Action, Mention, Verdict
from kit.cache import data_version
from tests.factories import (
    make_claim,
    make_event,
    make_quote,
    make_topic,
    make_user,
    make_verdict,
    newsroom,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_a_new_event_is_read_from_the_date_as_people_say_it_and_waits_unpublished():
    editor, _ = newsroom()
    topic = make_topic()
    quote = make_quote(exact="And four or five months ago, something else happened.")
    claim = make_claim(quote)
    mention = services.claim_event_create(
        claim=claim,
        title="The award",
        date="mid-2012",
        topics=[topic],
        phrase="four or five months ago",
        by=editor,
    )
    event = mention.event
    assert (event.edtf, event.date_label) == ("2012-05/2012-08", "May–Aug 2012")
    assert list(event.topics.all()) == [topic]
    assert event.published_at is None and mention.published_at is None
    assert mention.quote == claim.quote
    # Resolved against the interview's date (June 2024), kept beside the phrase.
    assert mention.phrase == "four or five months ago"
    assert mention.spoken_label == "Jan–Feb 2024"
    assert not Event.objects.public().filter(pk=event.pk).exists()
    assert not Mention.objects.public().filter(pk=mention.pk).exists()
    action = claim.actions.get()
    assert (action.actor, action.verb) == (editor, Action.Verb.EVENT_CREATED)
    assert "The award (May–Aug 2012)" in action.note


@pytest.mark.parametrize(
    ("title", "date", "field"),
    [
        ("", "2012", "title"),
        ("   ", "2012", "title"),
        ("The award", "", "date"),
        ("The award", "next blursday", "date"),
    ],
)
def test_an_event_without_a_title_or_a_readable_date_is_refused_and_nothing_written(
    title, date, field
):
    editor, _ = newsroom()
    claim = make_claim()
    with pytest.raises(ValidationError) as refusal:
        services.claim_event_create(claim=claim, title=title, date=date, by=editor)
    assert field in refusal.value.error_dict
    assert not Event.objects.exists() and not Mention.objects.exists()
    assert not Action.objects.filter(claim=claim).exists()


def test_linking_an_existing_event_records_who_did_it_and_a_second_link_is_refused():
    editor, _ = newsroom()
    claim = make_claim()
    event = make_event(title="The award")
    mention = services.claim_event_link(claim=claim, event=event, phrase="in 2016", by=editor)
    # An absolute phrase: kept as spoken, the event's own date applies.
    assert (mention.phrase, mention.spoken_edtf, mention.published_at) == ("in 2016", "", None)
    with pytest.raises(ValidationError) as refusal:
        services.claim_event_link(claim=claim, event=event, by=editor)
    assert "linked to “The award” already" in refusal.value.messages[0]
    assert Mention.objects.count() == 1
    assert [a.verb for a in claim.actions.all()] == [Action.Verb.LINKED]


def test_someone_who_may_not_make_claims_may_not_place_them():
    claim = make_claim()
    with pytest.raises(PermissionDenied):
        services.claim_event_link(claim=claim, event=make_event(), by=make_user())
    with pytest.raises(PermissionDenied):
        services.claim_event_create(claim=claim, title="T", date="2012", by=make_user())
    assert not Mention.objects.exists()


def test_an_unpublished_link_can_be_taken_back_but_a_public_one_cannot():
    editor, _ = newsroom()
    claim = make_claim()
    pending = services.claim_event_link(claim=claim, event=make_event(), by=editor)
    services.claim_event_unlink(claim=claim, mention=pending, by=editor)
    assert not Mention.objects.exists()
    assert claim.actions.first().verb == Action.Verb.UNLINKED
    public = services.mention_add(quote=claim.quote, event=make_event())
    with pytest.raises(ValidationError):
        services.claim_event_unlink(claim=claim, mention=public, by=editor)
    other = make_claim(text="Another claim")
    with pytest.raises(ValidationError):
        services.claim_event_unlink(claim=other, mention=public, by=editor)
    assert Mention.objects.filter(pk=public.pk).exists()


def test_taking_back_a_new_event_removes_it_unless_another_quote_links_it():
    editor, _ = newsroom()
    claim, other = make_claim(), make_claim(text="Another claim")
    alone = services.claim_event_create(claim=claim, title="Alone", date="2012", by=editor)
    shared = services.claim_event_create(claim=claim, title="Shared", date="2013", by=editor)
    services.claim_event_link(claim=other, event=shared.event, by=editor)
    existing = services.claim_event_link(claim=claim, event=make_event(title="Old"), by=editor)

    for mention in (alone, shared, existing):
        services.claim_event_unlink(claim=claim, mention=mention, by=editor)

    assert sorted(Event.objects.values_list("title", flat=True)) == ["Old", "Shared"]


def test_publishing_the_verdict_makes_the_claims_new_events_and_links_public(
    django_capture_on_commit_callbacks,
):
    editor, approver = newsroom()
    claim = make_claim()
    created = services.claim_event_create(claim=claim, title="New", date="2015-09", by=editor)
    linked = services.claim_event_link(claim=claim, event=make_event(), by=editor)
    elsewhere = services.claim_event_create(
        claim=make_claim(text="Elsewhere"), title="Other", date="2015", by=editor
    )
    verdict = make_verdict(claim, status=Verdict.Status.IN_REVIEW, author=editor)
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_publish(verdict=verdict, by=approver)
    # Readers' cached pages are retired: the next one shows the new events.
    assert data_version() != before
    for mention in (created, linked):
        mention.refresh_from_db()
        assert mention.published_at is not None
    assert Event.objects.public().filter(pk=created.event.pk).exists()
    assert Mention.objects.public().filter(pk__in=[created.pk, linked.pk]).count() == 2
    # Another claim's placements wait for their own verdict.
    assert not Mention.objects.public().filter(pk=elsewhere.pk).exists()
    assert not Event.objects.public().filter(pk=elsewhere.event.pk).exists()


def test_events_and_links_made_before_the_desk_could_make_them_are_public():
    claim = make_claim()
    mention = services.mention_add(quote=claim.quote, event=make_event())
    assert Event.objects.public().count() == 1
    assert Mention.objects.public().get() == mention


@pytest.mark.parametrize(
    "phrase", ["the day before yesterday", "in 2017", "won its case 2016", "on its", "201", "--"]
)
def test_a_date_as_spoken_must_be_the_quotes_own_words(phrase):
    editor, _ = newsroom()
    claim = make_claim()  # "The Philippines won its case in 2016."
    event = make_event(title="The award")
    with pytest.raises(ValidationError) as refusal:
        services.claim_event_link(claim=claim, event=event, phrase=phrase, by=editor)
    said = refusal.value.message_dict["phrase"][0]
    assert "is not in the quote: copy the words the speaker used" in said
    assert said.count("“") == 1  # the phrase refused, and no example of another
    with pytest.raises(ValidationError):
        services.claim_event_create(claim=claim, title="New", date="2016", phrase=phrase, by=editor)
    assert not Mention.objects.exists() and Event.objects.count() == 1
    # Its own words, however they are spaced or capitalised, are taken.
    mention = services.claim_event_link(claim=claim, event=event, phrase="IN  2016.", by=editor)
    assert mention.phrase == "IN 2016"
