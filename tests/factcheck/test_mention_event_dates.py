"""A link from a quote to an event carries the event's bounds and publication, kept in step by
the database (migrations factcheck 0015 and 0016), so that a quote's events are read in
chronological order, and counted, from an index: whoever changes the event or the link, the
copy follows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.models import Claim, Mention
from reader import selectors
from tests.factories import make_event, make_quote
from tests.published import published_claim
from timeline.models import Event

pytestmark = pytest.mark.django_db

D = datetime.date


def bounds(mention: Mention) -> tuple:
    return Mention.objects.values_list("event_date_lower", "event_date_upper").get(pk=mention.pk)


def test_a_link_takes_its_events_bounds_when_made_and_follows_every_change():
    event = make_event(edtf="2016-07")
    mention = services.mention_add(quote=make_quote(), event=event)
    assert bounds(mention) == (D(2016, 7, 1), D(2016, 7, 31))
    read_before = Mention.objects.get(pk=mention.pk)

    event.edtf = "2012"
    event.save()  # as the admin and the desk save an event
    assert bounds(mention) == (D(2012, 1, 1), D(2012, 12, 31))

    read_before.phrase = "in 2012"
    read_before.save()  # an instance read before the change writes no old bounds back
    assert bounds(mention) == (D(2012, 1, 1), D(2012, 12, 31))

    Event.objects.filter(pk=event.pk).update(date_lower=D(2010, 1, 1))  # SQL, past the model
    assert bounds(mention) == (D(2010, 1, 1), D(2012, 12, 31))

    other = make_event(edtf="2024-04-11")
    Mention.objects.filter(pk=mention.pk).update(event=other)  # moved to another event
    assert bounds(mention) == (D(2024, 4, 11), D(2024, 4, 11))
    assert bounds(Mention.objects.get(pk=mention.pk)) == (other.date_lower, other.date_upper)


def test_links_made_in_bulk_take_their_events_bounds():
    quote = make_quote()
    events = [make_event(edtf=edtf) for edtf in ("2015-09-25", "2016/2018")]
    made = Mention.objects.bulk_create([Mention(quote=quote, event=event) for event in events])
    assert [bounds(mention) for mention in made] == [
        (D(2015, 9, 25), D(2015, 9, 25)),
        (D(2016, 1, 1), D(2018, 12, 31)),
    ]


def test_a_claims_first_events_follow_the_chronology_when_an_event_is_redated(client):
    claim = published_claim()
    events = {}
    for year in (2019, 2012, 2024, 2015):  # recorded out of order
        events[year] = make_event(title=f"In {year}", slug=f"in-{year}", edtf=str(year))
        services.mention_add(quote=claim.quote, event=events[year])
    detail = reverse("api:claim_detail", args=[claim.slug])

    def listed() -> list[str]:
        return [link["slug"] for link in client.get(detail).json()["events"]]

    def on_the_claim_page() -> list[str]:
        page = client.get(claim.get_absolute_url()).text
        return re.findall(r'<a href="/events/(in-\d{4})/">', page)

    assert listed() == on_the_claim_page() == ["in-2012", "in-2015", "in-2019", "in-2024"]
    events[2024].edtf = "2010-05"
    events[2024].save()
    assert listed() == on_the_claim_page() == ["in-2024", "in-2012", "in-2015", "in-2019"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_quotes_first_events_are_read_from_its_chronological_index():
    claim = published_claim()
    for year in range(2000, 2010):
        services.mention_add(quote=claim.quote, event=make_event(edtf=str(year)))
    with CaptureQueriesContext(connection) as queries:
        (read,) = selectors.with_first_events(Claim.objects.filter(pk=claim.pk), 3)
    (query,) = queries.captured_queries
    assert len(read.first_events) == 4  # three, and one to say there are more
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        steps = [row[-1] for row in cursor.fetchall()]
    assert any("INDEX mention_quote_chronology (quote_id=?)" in s for s in steps), steps


def test_a_link_follows_its_events_publication_and_readers_see_only_public_events_links():
    claim = published_claim()
    event = make_event(edtf="2016")
    mention = services.mention_add(quote=claim.quote, event=event)
    published = Mention.objects.values_list("event_published_at", flat=True).get(pk=mention.pk)
    assert published == event.published_at is not None
    assert Mention.objects.public().filter(pk=mention.pk).exists()
    Event.objects.filter(pk=event.pk).update(published_at=None)  # waiting for an approver
    assert not Mention.objects.public().filter(pk=mention.pk).exists()
    assert selectors.with_event_count(Claim.objects.filter(pk=claim.pk)).get().event_count == 0
    event.refresh_from_db()
    event.published_at = timezone.now()
    event.save()
    assert Mention.objects.public().filter(pk=mention.pk).exists()
    assert selectors.with_event_count(Claim.objects.filter(pk=claim.pk)).get().event_count == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_how_many_events_a_quote_mentions_is_counted_in_its_index_alone():
    claim = published_claim()
    counted = selectors.with_event_count(Claim.objects.filter(pk=claim.pk))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {counted.query}")
        steps = [row[-1] for row in cursor.fetchall()]
    counting = steps[next(i for i, step in enumerate(steps) if "SUBQUERY" in step) :]
    assert any("COVERING INDEX mention_quote_chronology (quote_id=?)" in s for s in counting)
    # By key, only the quote and its interview, once: no event, and no link, read per link.
    assert len([s for s in counting if "PRIMARY KEY" in s]) == 2, steps
