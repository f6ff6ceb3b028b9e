"""The chronology: events, the topics that group them, and eras, all dated in EDTF."""

import datetime
import operator
from collections import Counter
from dataclasses import dataclass
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Func, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Least
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.functional import cached_property

from kit import fulltext
from kit.cache import remember
from kit.expressions import JSONList, KeyIn
from kit.keyset import Keyset
from kit.urls import reverse_key, reverse_list
from timeline.dates import DateParseError, Precision, StoredDate, end_precisions, parse_edtf


def validate_edtf(value: str) -> None:
    try:
        parse_edtf(value)
    except DateParseError as error:
        raise ValidationError(str(error), code="invalid_edtf") from error


PRECISION_NOTES = {
    Precision.DAY: "known to the day",
    Precision.MONTH: "known to the month",
    Precision.SEASON: "known to the season",
    Precision.YEAR: "known to the year",
    Precision.DECADE: "known to the decade",
    Precision.CENTURY: "known to the century",
}


PRECISION_CHOICES = [(p.value, p.value) for p in Precision]


# A year and a day: any date known to the year or better spans less (2016: 365 days).
SHORT_SPAN = datetime.timedelta(days=366)


def spans_long(lower: datetime.date, upper: datetime.date) -> bool:
    return upper - lower > SHORT_SPAN


def derive_dates(dated) -> None:
    """Set a FuzzyDated row's derived date fields from its EDTF (normalised on the way):
    what save() does, and what the migrations that add such a field do to every row."""
    fuzzy = parse_edtf(dated.edtf)
    dated.edtf, dated.date_lower, dated.date_upper = fuzzy.edtf, fuzzy.lower, fuzzy.upper
    dated.precision = fuzzy.precision.value
    dated.date_label = fuzzy.label
    dated.start_year = None if fuzzy.lower == datetime.date.min else fuzzy.lower.year
    dated.approximate, dated.uncertain = fuzzy.approximate, fuzzy.uncertain
    dated.long_span = spans_long(fuzzy.lower, fuzzy.upper)
    start, end = end_precisions(fuzzy.edtf)
    dated.start_precision, dated.end_precision = start or "", end or ""


# The fields derive_dates sets.
DERIVED_DATE_FIELDS = (
    "edtf", "date_lower", "date_upper", "precision", "date_label", "start_year",
    "approximate", "uncertain", "long_span", "start_precision", "end_precision",
)  # fmt: skip


class FuzzyDated(models.Model):
    """A date known to some precision, stored as EDTF with its bounds derived for sorting.

    `date_lower` / `date_upper` / `precision` / `date_label` are derived from `edtf` on save
    (parse on write: pages never parse a date): they are never typed, so they can never
    disagree with it.
    """

    edtf = models.CharField(
        "date (EDTF)",
        max_length=64,
        validators=[validate_edtf],
        help_text="As EDTF (2016-07-12, 2012~, 2024-01/2024-02, 199X) or as you would say it "
        "(“Sept. 25, 2015”, “mid-2012”, “c. 1999”).",
    )
    # No index of its own: the models that sort or filter by it lead an index with it
    # (Event's event_chronological).
    date_lower = models.DateField(editable=False)
    date_upper = models.DateField(editable=False)
    precision = models.CharField(max_length=8, choices=PRECISION_CHOICES, editable=False)
    date_label = models.CharField(
        "date", max_length=80, editable=False, help_text="How readers see the date."
    )
    # The year the date starts in, None for an open start ("until 2012"): what the
    # chronology's year strip counts, from an index instead of a year extracted from each row.
    start_year = models.SmallIntegerField(null=True, editable=False, db_index=True)
    # EDTF's qualifiers ("~" approximate, "?" uncertain, "%" both): the chronology marks them
    # on every event, from these columns rather than by parsing each row's EDTF.
    approximate = models.BooleanField(db_default=False, editable=False)
    uncertain = models.BooleanField(db_default=False, editable=False)
    # Whether the date spans more than SHORT_SPAN (a decade, a long interval, an open start):
    # the few dates a window must look for before its start (EventQuerySet.between).
    long_span = models.BooleanField(default=False, editable=False)
    # How finely each end is known ("" for an open or unknown end of an interval): TimelineJS
    # gives each end its own precision ("2012/2016-05" runs from {2012} to {2016, 5}).
    start_precision = models.CharField(
        max_length=8, choices=PRECISION_CHOICES, blank=True, default="", editable=False
    )
    end_precision = models.CharField(
        max_length=8, choices=PRECISION_CHOICES, blank=True, default="", editable=False
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(date_upper__gte=models.F("date_lower")),
                name="%(app_label)s_%(class)s_date_bounds_ordered",
            )
        ]

    def save(self, *args, **kwargs) -> None:
        derive_dates(self)
        super().save(*args, **kwargs)

    @property
    def stored_date(self) -> StoredDate:
        """The date as saved, from the stored columns: nothing is parsed."""
        return StoredDate(
            self.edtf, self.date_label, self.date_lower, self.date_upper, Precision(self.precision)
        )

    @property
    def is_span(self) -> bool:
        """Whether the date is a stretch of time with two ends (2012/2020, 2024-01/2024-02),
        rather than one day, month or year known to some precision."""
        return "/" in self.edtf

    @property
    def precision_note(self) -> str:
        """How well the date is known, in words ("known to the month, approximate"), from
        the stored columns."""
        note = PRECISION_NOTES[Precision(self.precision)]
        start, end = self.start_precision, self.end_precision
        if start and end and start != end:  # "Dec 2013–2015": each end as finely as known
            at_end = PRECISION_NOTES[Precision(end)].removeprefix("known ")
            note = f"{PRECISION_NOTES[Precision(start)]} at its start, {at_end} at its end"
        if self.approximate:
            note += ", approximate"
        if self.uncertain:
            note += ", uncertain"
        return note


class Topic(models.Model):
    """A lane of the chronology (South China Sea, cyber and IP, alliances, trade...)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The chronology filtered to the topic: a topic's page."""
        return f"{reverse_list('reader:event_list')}?topic={self.slug}"


class Era(FuzzyDated):
    """A broad period (an administration, a leader's tenure) for grouping exports."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta(FuzzyDated.Meta):
        ordering = ["date_lower", "title"]

    def __str__(self) -> str:
        return self.title


# The chronology's order: by start, then end, then the order events were added (a total
# order, so pages can resume after any event).
CHRONOLOGICAL = ("date_lower", "date_upper", "pk")


def kept_topics() -> dict[int, "Topic"]:
    """Every topic by key, in Topic's order (by name, as the database sorts them): a small
    table every list of events names, read once and kept until the record changes
    (kit.cache)."""
    return remember("topics", Topic.objects.in_bulk)


class _TopicsKept(ModelIterable):
    """Events given their `listed_topics`, in Topic's order, from the keys read with each
    (EventQuerySet.with_topics)."""

    def __iter__(self):
        topics, fresh = kept_topics(), False
        place = {key: number for number, key in enumerate(topics)}
        for event in super().__iter__():
            keys = event.topic_keys or []
            if not fresh and any(key not in place for key in keys):  # added since kept
                topics, fresh = Topic.objects.in_bulk(), True
                place = {key: number for number, key in enumerate(topics)}
            # What the cached property would read (not a topic deleted since).
            found = sorted((key for key in keys if key in place), key=place.__getitem__)
            event.listed_topics = [topics[key] for key in found]
            yield event


class EventQuerySet(models.QuerySet):
    def public(self) -> "EventQuerySet":
        """Events readers see: all but those still waiting for an approver's review."""
        return self.filter(published_at__isnull=False)

    def pending(self) -> "EventQuerySet":
        """Events made at the desk that wait for an approver before readers see them."""
        return self.filter(published_at__isnull=True)

    def chronological(self) -> "EventQuerySet":
        return self.order_by(*CHRONOLOGICAL)

    def with_topics(self) -> "EventQuerySet":
        """Each event with its topics, in Topic's order, in `listed_topics`: their keys read
        in the events' own query, the topics themselves from those every page keeps
        (kept_topics). No query more for a page, where a prefetch was one more, and no topic
        made again for each of its events. Rows as models only (values() reads the keys
        alone), and, as with a filter by topic, a queryset that does not pickle: Django's
        own model of the links is not one pickle can import."""
        links = Event.topics.through.objects.filter(event=OuterRef("pk")).order_by()
        # (The stubs see no annotation on a many-to-many's own model.)
        keys = links.values("event").annotate(n=JSONList("topic")).values("n")  # type: ignore[misc]
        events = self.annotate(topic_keys=Subquery(keys))
        events._iterable_class = _TopicsKept  # as values() sets its own
        return events

    def between(self, lower: datetime.date | None, upper: datetime.date | None) -> "EventQuerySet":
        """Events whose date range overlaps [lower, upper] (either end may be open).

        A window's events start at most SHORT_SPAN before it opens, or are one of the few
        long ones: that earliest start bounds `date_lower` too, so the chronological index
        is read from just before the window, not from the archive's first event (which the
        end bound alone left SQLite's planner to do).
        """
        queryset = self
        # FuzzyDate's bounds of an open end ("until 2012", "since 2016") are open here too.
        lower = None if lower == datetime.date.min else lower
        upper = None if upper == datetime.date.max else upper
        if lower is not None:
            long_ones = Event.objects.filter(long_span=True, date_upper__gte=lower)
            if upper is not None:
                long_ones = long_ones.filter(date_lower__lte=upper)
            # No earlier than the first day a date can have (a window in year 1).
            start = max(lower, datetime.date.min + SHORT_SPAN) - SHORT_SPAN
            short_start = Value(start, output_field=models.DateField())
            first_long = long_ones.order_by("date_lower").values("date_lower")[:1]
            earliest = Least(short_start, Coalesce(Subquery(first_long), short_start))
            queryset = queryset.filter(date_upper__gte=lower, date_lower__gte=earliest)
        if upper is not None:
            queryset = queryset.filter(date_lower__lte=upper)
        return queryset

    def in_topics(self, slugs: list[str], *, each_row: bool = False) -> "EventQuerySet":
        """Events in any of the topics (a reader ticking two topics wants both lanes).

        `each_row`: another condition (a text search) finds the candidates, and each is
        checked against the topics by the (event, topic) index, instead of every event of
        the topics being gathered first (thousands of them in a large archive, for a page
        of a search that finds a few dozen)."""
        if not slugs:
            return self
        links = Event.topics.through.objects.filter(topic__slug__in=slugs)
        if each_row:
            # A scalar subquery, not EXISTS: PostgreSQL turns an EXISTS into a semi-join,
            # which gathers every link of the topics before it tests any candidate.
            first_link = Subquery(links.filter(event=OuterRef("pk")).values("pk")[:1])
            return self.alias(in_topics=first_link).filter(in_topics__isnull=False)
        return self.filter(pk__in=links.values("event_id"))

    def matching(self, text: str) -> "EventQuerySet":
        """Events whose title or summary holds every word of `text` (a full-text index;
        kit.fulltext)."""
        return fulltext.matching(self, ("title", "summary"), text)

    def matching_ids(self, text: str) -> "models.QuerySet | RawSQL":
        """The ids of the events `matching` finds, as a subquery for `among` (on SQLite,
        straight from the full-text index; kit.fulltext.matching_ids)."""
        return fulltext.matching_ids(self, ("title", "summary"), text)

    def matching_condition(self, text: str) -> tuple["EventQuerySet", Q]:
        """What `matching` filters on, as a condition to combine with others, tested on each
        row where it is read, and this queryset with what it refers to."""
        return fulltext.matching_condition(self, ("title", "summary"), text)

    def among(self, *ids: "models.QuerySet | RawSQL", many: bool = False) -> "EventQuerySet":
        """Events whose pk is one of any of `ids` (subqueries): see `among_condition`."""
        queryset, condition = self.among_condition(*ids, many=many)
        return queryset.filter(condition)

    def among_condition(
        self, *ids: "models.QuerySet | RawSQL", many: bool = False
    ) -> tuple["EventQuerySet", Q]:
        """The condition that an event's pk is one of any of `ids` (subqueries), and this
        queryset with what it refers to. With `many` (thousands of them, as a common word
        finds), SQLite is told to read the chronology in order and stop at a page, testing
        each row against the lists, not to gather every id and sort them all: a unary "+"
        keeps its planner from looking the ids up by primary key (SQLite docs, "The SQLite
        Query Optimizer Overview", 4.1 "Disqualifying WHERE clause terms using unary-'+'").
        Few ids are best gathered and sorted, which is what it does by itself. On SQLite,
        one condition per list, ORed, rather than one list made of their UNION: each list
        is read once, and no id is copied into a UNION's list and again into the lookup's.
        PostgreSQL is given the UNION, which it joins (an OR of two subqueries would have it
        test every row of the table against both), and chooses how to read it well alone.
        """
        if connections[self.db].vendor != "sqlite":
            lists = [each for each in ids if isinstance(each, models.QuerySet)]
            assert len(lists) == len(ids)  # RawSQL only on SQLite
            first, *rest = lists
            return self, Q(pk__in=first.union(*rest) if rest else first)
        if many:
            unindexed = Func(
                F("pk"), template="+%(expressions)s", output_field=models.IntegerField()
            )
            queryset = self.alias(_unindexed_pk=unindexed)
            return queryset, reduce(operator.or_, (Q(_unindexed_pk__in=each) for each in ids))
        return self, reduce(operator.or_, (Q(pk__in=each) for each in ids))

    def year_counts(self) -> dict[int | None, int]:
        """How many events start in each year (None: an open start, "until 2012"): one
        GROUP BY on the stored, indexed start year."""
        return dict(self.order_by().values_list("start_year").annotate(count=models.Count("pk")))

    def from_year(self, year: int) -> "EventQuerySet":
        """Events that start in `year` or later: where a jump to that year begins."""
        return self.filter(date_lower__gte=datetime.date(year, 1, 1))


@dataclass(frozen=True)
class Found:
    """What a look for a search's matches found (`found_by_any`): matches, by pk, in
    chronological order: every match up to and including the one at `last` (a position in
    the chronology: date_lower, date_upper, pk), and past it every match of the kinds the
    look read in full; every match of all when `last` is None. `cut`: the kinds of match
    the look stopped reading (at or after `last`). And how many of the matches start in
    each year, when they are all, and no more than the look was asked to count (else
    None)."""

    ids: list[int]
    last: tuple[datetime.date, datetime.date, int] | None
    cut: frozenset[str]
    years: dict[int | None, int] | None

    def condition(self, beyond: Q | None = None) -> Q:
        """Events that are one of the matches found, or, past the last of them, hold what
        `beyond` asks (the search for the kinds of match in `cut`, tested as the
        chronology is read: never asked of the events up to `last`, whose matches are all
        known). `beyond` is needed only when the matches found are not all."""
        among = Q(KeyIn(self.ids))
        if self.last is None:
            return among
        assert beyond is not None, "the matches past the last found must be searched for"
        lower, upper, pk = self.last
        after = Keyset(CHRONOLOGICAL).after({"date_lower": lower, "date_upper": upper, "pk": pk})
        return among | (after & beyond)


def found_by_any(parts: dict[str, EventQuerySet], most: int) -> Found:
    """The events found by any of `parts` (kinds of match; an event found by two is one
    event), from the first of the chronology, reading at most `most` + 1 of each part in
    chronological order, in one query: the cost does not grow with how many there are.
    When a part has more, the matches are known up to the earliest place in the chronology
    that a part stopped at."""
    selects: list[str] = []
    params: list = []
    for number, part in enumerate(parts.values()):
        bounded = part.order_by(*CHRONOLOGICAL).values_list(*CHRONOLOGICAL, "start_year")
        sql, part_params = bounded[: most + 1].query.sql_with_params()
        selects.append(f"SELECT {number}, * FROM ({sql}) AS part_{number}")
        params.extend(part_params)
    with connections[next(iter(parts.values())).db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    found: dict[int, tuple[tuple, int | None]] = {}  # by event: one found twice is one event
    read: Counter[int] = Counter()
    reached: dict[int, tuple] = {}
    for number, lower, upper, pk, year in rows:
        position = (_date(lower), _date(upper), pk)
        found[pk] = (position, year)
        read[number] += 1
        reached[number] = max(reached.get(number, position), position)
    stopped = [number for number, count in read.items() if count > most]
    last = min(reached[number] for number in stopped) if stopped else None
    kinds = list(parts)
    # Every event found is a match: those up to `last` are every match there is, and past
    # it, every match of the kinds read in full.
    known = sorted((position, pk) for pk, (position, _) in found.items())
    years = None
    if last is None and len(found) <= most:
        years = dict(Counter(year for _, year in found.values()))
    return Found([pk for _, pk in known], last, frozenset(kinds[n] for n in stopped), years)


def _date(value: "datetime.date | str") -> datetime.date:
    """A date as a database returns it to a plain cursor (SQLite: ISO text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def year_counts_beside(
    events: EventQuerySet, window: EventQuerySet, most: int
) -> tuple[dict[int | None, int], int]:
    """How many of `events` start in each year, and how many events `window` holds, counted
    no further than `most` + 1: in one query (a page that must know both spends one trip)."""
    counts = events.order_by().values_list("start_year").annotate(count=models.Count("pk"))
    bounded = window.order_by().values_list("pk")[: most + 1]
    counts_sql, counts_params = counts.query.sql_with_params()
    window_sql, window_params = bounded.query.sql_with_params()
    with connections[events.db].cursor() as cursor:
        cursor.execute(
            f'SELECT 0, start_year, "count" FROM ({counts_sql}) AS years'
            f" UNION ALL SELECT 1, NULL, COUNT(*) FROM ({window_sql}) AS window_events",
            [*counts_params, *window_params],
        )
        rows = cursor.fetchall()
    years = {year: count for part, year, count in rows if part == 0}
    return years, next(count for part, _, count in rows if part == 1)


class Event(FuzzyDated):
    """Something that happened, at a date known to some precision."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, related_name="events", blank=True)
    era = models.ForeignKey(
        Era, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    # When readers first saw it. An event added in the admin or by a loader is public at
    # once; one created for review stays empty (readers see nothing of it) until whoever
    # reviews it makes it public.
    published_at = models.DateTimeField(
        "public since", null=True, blank=True, default=timezone.now, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta(FuzzyDated.Meta):
        ordering = list(CHRONOLOGICAL)
        indexes = [
            # A page of the chronology is the next rows of this index (keyset, no OFFSET).
            models.Index(fields=["date_lower", "date_upper", "id"], name="event_chronological"),
            # Dates overlapping a range: the end bound is the selective one for recent ranges.
            models.Index(fields=["date_upper"], name="event_date_upper"),
            # The sitemaps' and feeds' "last modified": the newest row, not a scan.
            models.Index(fields=["updated_at"], name="event_updated_at"),
            # How many events readers see (the sitemaps' pages): counted in this narrow
            # index, not by reading every row of the table.
            models.Index(fields=["published_at"], name="event_published_at"),
            # The few long dates, by start: where a date window begins (between()).
            models.Index(
                fields=["date_lower"], condition=Q(long_span=True), name="event_long_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date_label})"

    def get_absolute_url(self) -> str:
        return reverse_key("reader:event_detail", self.slug)

    @cached_property
    def listed_topics(self) -> list[Topic]:
        """Its topics, by name: read with the page's events (EventQuerySet.with_topics),
        or on first use."""
        return list(self.topics.all())
