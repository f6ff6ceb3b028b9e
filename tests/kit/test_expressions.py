"""KeyIn: a row's key among a list, the list sent as one parameter; JSONList: a group's
values read as one list; ListSubquery: a row's first few related values, in order, read in
the row's own query. On either database."""

import pytest
from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.test.utils import CaptureQueriesContext

from kit.expressions import JSONList, KeyIn, ListSubquery
from tests.factories import make_event, make_topic
from timeline.models import Event, Topic

pytestmark = pytest.mark.django_db


def test_the_rows_whose_key_is_listed_and_no_other():
    events = [make_event(title=f"Event {number}") for number in range(5)]
    wanted = [events[3].pk, events[0].pk, events[3].pk]  # any order, repeats
    found = Event.objects.filter(KeyIn(wanted)).order_by("pk")
    assert list(found) == [events[0], events[3]]
    assert not Event.objects.filter(KeyIn([])).exists()
    # Beside other conditions, and negated.
    either = Event.objects.filter(Q(KeyIn([events[1].pk])) | Q(title="Event 4"))
    assert set(either) == {events[1], events[4]}
    assert Event.objects.exclude(KeyIn(wanted)).count() == 3


def test_thousands_of_keys_are_one_parameter():
    event = make_event()
    keys = [event.pk, *range(10**6, 10**6 + 5000)]  # more than SQLite's old limit of 999
    found = Event.objects.filter(KeyIn(keys))
    _, params = found.query.sql_with_params()
    # One parameter, and text: a driver writes out a list of numbers one by one.
    assert len(params) == 1 and isinstance(params[0], str)
    with CaptureQueriesContext(connection) as queries:
        assert list(found) == [event]
    assert len(queries.captured_queries) == 1


def test_a_column_other_than_the_key_and_inside_a_subquery():
    topic = make_topic(name="Sea")
    in_topic, other = make_event(topics=[topic]), make_event()
    links = Event.topics.through.objects.filter(KeyIn([topic.pk], column="topic_id"))
    found = Event.objects.filter(pk__in=links.values("event_id"))
    assert list(found) == [in_topic] and other not in found


def test_a_groups_values_are_read_as_one_list():
    sea, cyber, trade = (make_topic(name=name) for name in ("Sea", "Cyber", "Trade"))
    both = make_event(title="Both", topics=[sea, cyber])
    none = make_event(title="None")
    links = Event.topics.through.objects.filter(event=OuterRef("pk")).order_by()
    keys = links.values("event").annotate(n=JSONList("topic")).values("n")
    read = dict(Event.objects.annotate(keys=Subquery(keys)).values_list("title", "keys"))
    assert sorted(read[both.title]) == sorted([sea.pk, cyber.pk])
    assert read[none.title] is None  # no group: no list
    assert trade.pk not in read[both.title]


def test_a_rows_first_related_values_are_read_in_its_own_query_in_order_and_no_more():
    topics = {name: make_topic(name=name) for name in ("Sea", "Cyber", "Trade", "Visits")}
    many = make_event(title="Many", topics=list(topics.values()))
    one = make_event(title="One", topics=[topics["Trade"]])
    none = make_event(title="None")
    # Each event's topics, by name from the end of the alphabet, the first three.
    first = Topic.objects.filter(events=OuterRef("pk")).order_by("-name")[:3]
    with CaptureQueriesContext(connection) as queries:
        read = dict(
            Event.objects.annotate(names=ListSubquery(first, "name")).values_list("title", "names")
        )
    assert len(queries.captured_queries) == 1
    assert read == {many.title: ["Visits", "Trade", "Sea"], one.title: ["Trade"], none.title: []}
    # Another column than the one ordered by, and the other order.
    earliest = Topic.objects.filter(events=OuterRef("pk")).order_by("name")[:2]
    slugs = Event.objects.annotate(slugs=ListSubquery(earliest, "slug")).get(pk=many.pk).slugs
    assert slugs == [topics["Cyber"].slug, topics["Sea"].slug]
