"""The reader's questions that join the two domains: which events a speaker talked about,
which carry a verdict at some level, which match a search, and what to prefetch to show a
line of the chronology. The chronology (timeline) knows nothing of the evidence
(factcheck); these ask from the evidence's side, so the arrow points one way."""

import operator
from collections import Counter
from collections.abc import Iterable
from functools import partial, reduce

from django.db import connections
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce

from factcheck.models import (
    MENTIONS_CHRONOLOGICAL,
    Appearance,
    Claim,
    ClaimQuerySet,
    Evidence,
    Mention,
    MentionQuerySet,
    Quote,
    RatingLevel,
    Source,
    Speaker,
    Transcript,
)
from kit import fulltext
from kit.cache import remember
from kit.expressions import ListSubquery
from timeline.models import Event, EventQuerySet, Topic


def counted(rows: QuerySet, by: str, what: str = "pk", *, distinct: bool = False) -> Coalesce:
    """How many of `rows` (filtered on the outer row: OuterRef) there are, 0 for none, by
    their field `by` that names the outer row: counted in the outer row's own query."""
    counts = rows.order_by().values(by).annotate(n=Count(what, distinct=distinct)).values("n")
    return Coalesce(Subquery(counts), 0, output_field=IntegerField())


def said_by(events: EventQuerySet, speaker_slug: str, *, many: bool = False) -> EventQuerySet:
    """Events mentioned in quotes by this speaker. `many` (here and in the filters below):
    the caller knows thousands of events pass, and reads them in order (EventQuerySet.among)."""
    if not speaker_slug:
        return events
    mentioned = Mention.objects.public().filter(quote__speaker__slug=speaker_slug)
    return events.among(mentioned.values("event_id"), many=many)


def mentioned_in(
    events: EventQuerySet, transcript_slug: str, *, many: bool = False
) -> EventQuerySet:
    """Events mentioned in quotes from this interview."""
    if not transcript_slug:
        return events
    mentioned = Mention.objects.public().filter(quote__transcript__slug=transcript_slug)
    return events.among(mentioned.values("event_id"), many=many)


def mentioned_by_claim(
    events: EventQuerySet, claim_slug: str, *, many: bool = False
) -> EventQuerySet:
    """Events mentioned in the quote this claim was made from."""
    if not claim_slug:
        return events
    mentioned = Mention.objects.public().filter(quote__claims__slug=claim_slug).values("event_id")
    return events.among(mentioned, many=many)


def with_verdict_levels(
    events: EventQuerySet, level_slugs: list[str], *, many: bool = False
) -> EventQuerySet:
    """Events with a claim about them whose published verdict is at one of these levels."""
    if not level_slugs:
        return events
    mentioned = (
        Mention.objects.public()
        .filter(quote__claims__published_verdict__level__slug__in=level_slugs)
        .values("event_id")
    )
    return events.among(mentioned, many=many)


# The two kinds of events a search finds: by their own words, and by the words of a quote
# (or a public claim) that mentions them.
OWN, MENTIONED = "own", "mentioned"
KINDS = (OWN, MENTIONED)


def search(events: EventQuerySet, text: str, *, many: bool = False) -> EventQuerySet:
    """Events whose title or summary, or a quote or public claim about them, holds every
    word of `text`, by the full-text indexes (kit.fulltext); the order is the caller's. A
    claim still being checked is no reader's business: its words never match. `many`: the
    caller knows thousands match (EventQuerySet.among_condition)."""
    if not fulltext.words(text):
        return events
    events, condition = search_condition(events, text, many=many)
    return events.filter(condition)


def search_condition(
    events: EventQuerySet, text: str, *, many: bool = False, kinds: Iterable[str] = KINDS
) -> tuple[EventQuerySet, Q]:
    """What `search` filters on (`text` has words), as a condition to combine with others,
    and `events` with what it refers to; for the events of some `kinds` only, if asked.

    With `many` on PostgreSQL, an event's own words are tested on the row where it is read:
    it walks the chronology and stops at a page, where the events' matches as a list to
    join had it read and sort every match (its estimate of a prefix query's matches is far
    too low to see that)."""
    kinds = set(kinds)
    if many and connections[events.db].vendor == "postgresql":
        conditions = []
        if OWN in kinds:
            events, matches = events.matching_condition(text)
            conditions.append(matches)
        if MENTIONED in kinds:
            conditions.append(Q(pk__in=_mentioned_in_words(text)))
        return events, reduce(operator.or_, conditions)
    # The events' own matches as the index's ids; each list a condition of its own (among).
    lists = [
        *([Event.objects.matching_ids(text)] if OWN in kinds else []),
        *([_mentioned_in_words(text)] if MENTIONED in kinds else []),
    ]
    return events.among_condition(*lists, many=many)


def search_parts(events: EventQuerySet, text: str) -> dict[str, EventQuerySet]:
    """What `search` finds (`text` has words), by kind, to read separately: the events
    found by their own words, each tested by its index, and those a quote or public claim
    holding the words mentions. Each can be read a few rows at a time; their union (which
    `search` reads) must first gather every match of a common word."""
    # The matches as a subquery, not a condition on each row: PostgreSQL underestimates a
    # prefix query's matches, and given the row's own words to test it would test them on
    # every event of another filter (two topics: 20,000 vectors) instead of reading the
    # GIN index once.
    return {
        OWN: events.filter(pk__in=Event.objects.matching_ids(text)),
        MENTIONED: events.filter(pk__in=_mentioned_in_words(text)),
    }


def _mentioned_in_words(text: str) -> QuerySet:
    """The ids of the events mentioned where readers see it by a quote holding the words,
    or by the quote of a public claim holding them (whether each event is public is read
    from the link's copy, not by joining the events)."""
    # The quotes found by their words or by a public claim's, straight from the full-text
    # indexes; then their links, by the indexed quote: not every link tested in turn.
    quotes = (
        Quote.objects.matching(text)
        .order_by()
        .values("pk")
        .union(Claim.objects.public().matching(text).order_by().values("quote_id"))
    )
    mentions = Mention.objects.public()
    return mentions.filter(quote__in=quotes).order_by().values("event_id")


def for_the_chronology(events: list[Event], levels: dict[int, RatingLevel]) -> None:
    """Set on each event of a page what its line of the chronology shows besides itself:
    `quote_count`, and `verdict_levels`, (level, how many claims) for the published verdicts
    of the claims about it, most accurate first (`levels`: every level by id). One query
    for the whole page."""
    rows = (
        Mention.objects.public()
        .filter(event__in=[event.pk for event in events])
        .values_list("event_id", "pk", "quote__claims__published_verdict__level_id")
    )
    mentions: dict[int, set[int]] = {}
    counts: dict[int, Counter] = {}
    for event_id, mention_id, level_id in rows:
        mentions.setdefault(event_id, set()).add(mention_id)
        if level_id is not None:
            counts.setdefault(event_id, Counter())[level_id] += 1
    for event in events:
        # Annotations for the template, set on the page's events (as a prefetch would).
        event.quote_count = len(mentions.get(event.pk, ()))  # type: ignore[attr-defined]
        tally = counts.get(event.pk, Counter())
        event.verdict_levels = sorted(  # type: ignore[attr-defined]
            ((levels[level_id], count) for level_id, count in tally.items()),
            key=lambda item: -item[0].value,
        )


def said_by_speaker(speaker: int | OuterRef) -> ClaimQuerySet:
    """The public claims made in this speaker's words (a key, or OuterRef("pk") counting
    for each of a list of speakers), in interviews readers see: what a speaker's page lists
    and the list of speakers counts. The interview's publication is tested on the row the
    query joins anyway, not looked up in a subquery of published interviews: one relation
    fewer for PostgreSQL to plan."""
    return Claim.objects.public().filter(
        quote__speaker=speaker, quote__transcript__site_published_at__isnull=False
    )


def for_the_speaker_list(speakers: QuerySet[Speaker]) -> QuerySet[Speaker]:
    """`speakers`, each with `interview_count`, the published interviews they speak in, and
    `claim_count`, the claims checked in their words there (as their own page counts them):
    counted for each speaker of a page in the query that reads the page, not in two more."""
    appearances = Appearance.objects.filter(
        speaker=OuterRef("pk"), transcript__site_published_at__isnull=False
    )
    return speakers.annotate(
        interview_count=counted(appearances, "speaker", "transcript", distinct=True),
        claim_count=counted(said_by_speaker(OuterRef("pk")), "quote__speaker"),
    )


# What a list of events linked from a page shows of each: its title, linked, and its date
# (machine_date, the label), not its summary nor its timestamps.
LISTED_EVENT_FIELDS = (
    "slug",
    "title",
    "date_label",
    "date_lower",
    "date_upper",
    "precision",
    "start_precision",
    "end_precision",
)
# The same, read through a quote's link to the event.
LISTED_MENTIONED_EVENT_FIELDS = tuple(f"event__{name}" for name in LISTED_EVENT_FIELDS)


def claims_in_same_words(
    claim: Claim, levels: dict[int, RatingLevel], shown: int
) -> tuple[list[Claim], bool]:
    """The other public claims in `claim`'s words, oldest first, up to `shown`, with their
    verdicts, and whether there are more: one query through the quote's claims, stopping
    at its few however many share the words."""
    words = Claim.objects.public().filter(quote=claim.quote_id).exclude(pk=claim.pk)
    words = words.with_levels("published_verdict", levels=levels)
    same = list(words.order_by("pk")[: shown + 1])  # one more: are there more?
    return same[:shown], len(same) > shown


def claims_said_next(claim: Claim, levels: dict[int, RatingLevel], shown: int) -> list[Claim]:
    """The `shown` published claims said after `claim`'s words in its interview, in the
    order they were said, with their verdicts: one query through the interview's quotes
    from this one on, however many claims the interview has."""
    quote = claim.quote
    said = Claim.objects.published().filter(
        quote__transcript_id=quote.transcript_id, quote__start__gt=quote.start
    )
    said = said.with_levels("published_verdict", levels=levels)
    return list(said.order_by("quote__start", "pk")[:shown])


def verdict_history(claim: Claim, levels: dict[int, RatingLevel]) -> tuple[list, list]:
    """The public verdicts of `claim` (read with_current_verdict and with_any_correction),
    newest first, each with its evidence, and its corrections, newest first. A claim never
    corrected nor withdrawn has one public verdict, the one it stands at, already read
    with it (a published verdict is only ever replaced or withdrawn with a correction):
    one query, for its evidence, where a corrected claim takes three."""
    evidence = Prefetch("evidence", queryset=Evidence.objects.select_related("source"))
    if not claim.corrected:  # type: ignore[attr-defined]  # with_any_correction
        history = [claim.published_verdict] if claim.published_verdict else []
        prefetch_related_objects(history, evidence)
        return history, []
    verdicts = claim.verdicts.public().with_levels("", levels=levels).prefetch_related(evidence)
    return (
        list(verdicts.order_by(F("published_at").desc(), "-pk")),
        list(claim.corrections.with_levels("previous", levels=levels)),
    )


def with_first_events(claims: ClaimQuerySet, shown: int) -> ClaimQuerySet:
    """`claims`, each with `first_events`: the slugs of the first `shown` events its quote
    mentions where readers see them, in chronological order, and one more, so that a list
    of them knows to link to the rest. Read in the claims' own query, each quote's links in
    the order of its (quote, event dates) index, stopping at `shown` + 1: bounded whatever
    a quote mentions. The lists that use them (the API's, claims.csv's) name each event by
    its slug, so only that is read (a page of claims names a thousand events; a model
    instance for each would cost more than the rest of it)."""
    first = _first_of_each(MENTIONS_CHRONOLOGICAL, shown + 1, outer_quote="quote")
    return claims.annotate(first_events=ListSubquery(first, "event__slug"))


def with_first_claims(events: EventQuerySet, shown: int) -> EventQuerySet:
    """`events`, each with `first_claims`: the slugs of the first `shown` public claims
    about it, oldest first, and one more, so that a list of them knows to link to the rest.
    Read in the events' own query, each event's stopping at `shown` + 1: a page of events
    names a bounded number of claims, however many are made about one of them."""
    first = (
        Claim.objects.public()
        .filter(quote__mentions__event=OuterRef("pk"), quote__mentions__published_at__isnull=False)
        .order_by("pk")[: shown + 1]
    )
    return events.annotate(first_claims=ListSubquery(first, "slug"))


def first_mentions(transcript: Transcript, shown: int) -> MentionQuerySet:
    """The first `shown` mentions readers see of each quote of `transcript` (a published
    one), in the order they were recorded: the cost is the transcript's, however many events
    its quotes date."""
    return _first_links(transcript.quotes.all(), ("pk",), shown)


def _first_links(quotes: QuerySet[Quote], order: tuple[str, ...], shown: int) -> MentionQuerySet:
    """The first `shown` links readers see of each of `quotes`, in `order` (the columns of
    a mentions index that starts with the quote). Each quote's are read through that index
    and stop at `shown`. (A window over every link would read and rank them all.)"""
    first = _first_of_each(order, shown).values("pk")
    chosen: QuerySet
    if connections[Mention.objects.db].vendor == "postgresql":
        # PostgreSQL would run the quote's subquery once per link, after joining them
        # all; as an array unnested in each quote's row it runs once per quote.
        unnested = Func(Subquery(first), template="unnest(ARRAY%(expressions)s)")
        chosen = quotes.annotate(mention=unnested).values("mention")
    else:  # SQLite runs it once per quote and reads each link it names by its key
        chosen = quotes.filter(mentions__in=Subquery(first)).values("mentions")
    return Mention.objects.filter(pk__in=chosen)


def _first_of_each(order: tuple[str, ...], shown: int, outer_quote: str = "pk") -> MentionQuerySet:
    """The first `shown` links readers see of a quote, in `order`: the quote the outer
    query's column `outer_quote` names (by default its key: the outer rows are quotes)."""
    return Mention.objects.published().filter(quote=OuterRef(outer_quote)).order_by(*order)[:shown]


def _mentions_of(quote: OuterRef) -> Coalesce:
    """How many events `quote` mentions where readers see them, in the row's own query:
    a range of the quote's chronological index, which holds all it tests and the events it
    counts (the links' own keys, which a count of rows would read, are not in PostgreSQL's
    index: it read each link from the table)."""
    return counted(Mention.objects.public().filter(quote=quote), "quote", "event")


def with_event_count(claims: ClaimQuerySet) -> ClaimQuerySet:
    """`claims`, each with `event_count`: how many events its quote mentions."""
    return claims.annotate(event_count=_mentions_of(OuterRef("quote")))


def events_dated_in(transcript: Transcript) -> tuple[dict[int, int], int]:
    """How many events each quote of `transcript` dates where readers see them ({quote pk:
    count}, quotes dating none left out), and how many distinct events the interview dates.
    Two queries reading all of the interview's links: callers remember the answer until the
    record changes (kit.cache.remember)."""
    mentions = Mention.objects.public().filter(quote__transcript=transcript).order_by()
    per_quote = dict(mentions.values_list("quote").annotate(n=Count("pk")))
    return per_quote, mentions.values("event_id").distinct().count()


def public_event_count() -> int:
    """How many events readers see: the open-data page says it and the sitemap index pages
    by it. Counting reads all of them (in an index), so it is remembered until the record
    changes."""
    return remember("public-event-count", Event.objects.public().count)


def public_claim_count() -> int:
    """How many claims have a page readers see: the sitemap index pages by it. Remembered
    until the record changes, as counting checks every claim for a public verdict."""
    return remember("public-claim-count", Claim.objects.public().count)


def published_interview_count() -> int:
    """How many interviews readers see: the sitemap index pages by it."""
    return remember("published-interview-count", Transcript.objects.published().count)


def public_speaker_count() -> int:
    """How many speakers readers see (those of published interviews): the sitemap index
    pages by it."""
    return remember("public-speaker-count", Speaker.objects.public().count)


def open_data_figures() -> dict:
    """What the open-data page says of the record: how many events and checked claims, whose
    interviews, and a topic for its example. Remembered until the record changes."""

    def read() -> dict:
        return {
            "event_count": public_event_count(),
            "claim_count": Claim.objects.published().count(),
            "interview_publishers": list(
                Transcript.objects.published()
                .exclude(publisher="")
                .order_by("publisher")
                .values_list("publisher", flat=True)
                .distinct()
            ),
            "example_topic": Topic.objects.order_by("name").values_list("slug", flat=True).first(),
        }

    return remember("open-data-figures", read)


def _speakers_quoted_on_events() -> QuerySet:
    """Everyone quoted about some event: the speaker filter. Asked of the speakers (a small
    table), each stopping at its first quote about an event."""
    quoted = Mention.objects.public().filter(quote__speaker=OuterRef("pk"))
    return Speaker.objects.filter(Exists(quoted))


def _levels_on_events() -> QuerySet:
    """Every level some event's claims are published at: the verdict filter. Asked of the
    levels, each stopping at its first claim whose quote readers see mention an event: that
    quote's links, by its index, not a list of every public link in the archive."""
    mentioned = Mention.objects.public().filter(quote=OuterRef("quote"))
    published = Claim.objects.filter(published_verdict__level=OuterRef("pk")).filter(
        Exists(mentioned)
    )
    return RatingLevel.objects.filter(Exists(published))


def chronology_choices() -> dict[str, list[tuple[str, str]]]:
    """What the chronology's filters offer, in one query (a page built after a change asks
    it once, not once for each filter): (slug, name) by kind, "topic" (every topic, by
    name), "speaker" (everyone quoted about some event, by name), "level" (the levels some
    event's claims are published at, most accurate first) and "interview" (the published
    interviews, by title)."""

    def part(queryset: QuerySet, kind: str, label: str, rank) -> QuerySet:
        # The same columns in the same order in every part: two fields, then two values.
        return (
            queryset.order_by()
            .annotate(kind=Value(kind), rank=rank)
            .values_list("slug", label, "kind", "rank")
        )

    none = Value(0, output_field=IntegerField())
    parts = [
        part(Topic.objects.all(), "topic", "name", none),
        part(_speakers_quoted_on_events(), "speaker", "name", none),
        # Most accurate first: the highest value the lowest rank.
        part(_levels_on_events(), "level", "label", -F("value")),
        part(Transcript.objects.published(), "interview", "title", none),
    ]
    first, *rest = parts
    choices: dict[str, list[tuple[str, str]]] = {
        "topic": [],
        "speaker": [],
        "level": [],
        "interview": [],
    }
    for slug, label, kind, _ in first.union(*rest, all=True).order_by("kind", "rank", "name"):
        choices[kind].append((slug, label))
    return choices


def _claim_counts() -> dict[int | None, int]:
    return level_counts(Claim.objects.published())


def front_summary(interviews: list[tuple[str, str]], levels: dict[int, RatingLevel]) -> dict:
    """What the unfiltered chronology says first: the published `interviews` ((slug, title),
    as its filter offers them), how many claims are checked and how their current verdicts
    fall ((level, count), most accurate first). One query, kept until the data changes."""
    tally = [
        (level, n)
        for level, n in _by_accuracy(remember("front-claim-counts", _claim_counts), levels)
        if level is not None  # a withdrawn verdict: no rating
    ]
    return {"interviews": interviews, "claims": sum(n for _, n in tally), "tally": tally}


def speaker_tally(speaker_pk: int, levels: dict[int, RatingLevel]) -> list:
    """(level, how many claims) for the current verdicts of the claims the speaker made,
    most accurate first, withdrawn verdicts (level None) last. One query, whatever the
    number of claims, kept until the data changes."""
    claims = said_by_speaker(speaker_pk)
    counts = remember(f"speaker-tally:{speaker_pk}", partial(level_counts, claims))
    return _by_accuracy(counts, levels)


def level_counts(claims: ClaimQuerySet) -> dict[int | None, int]:
    """{level id (None for a withdrawn verdict): how many of `claims` stand at it}: one
    query, whatever the number of claims."""
    rows = claims.order_by().values_list("published_verdict__level_id").annotate(n=Count("pk"))
    return dict(rows)


def _by_accuracy(counts: dict, levels: dict[int, RatingLevel]) -> list:
    tally = [(levels.get(level_id) if level_id else None, n) for level_id, n in counts.items()]
    return sorted(tally, key=lambda item: -item[0].value if item[0] else 1_000_000)


def with_cast() -> Prefetch:
    """Who appears in each interview, in order, with the title they held then."""
    return Prefetch("appearances", queryset=Appearance.objects.select_related("speaker"))


def listed_interviews() -> QuerySet[Transcript]:
    """Published interviews as a list shows them: without their texts, with their cast
    (with_cast); for_the_interview_list counts what was checked in them, a page at a time."""
    return Transcript.objects.published().listed().prefetch_related(with_cast())


def for_the_interview_list(transcripts: list[Transcript], levels: dict[int, RatingLevel]) -> None:
    """Set on each of a page of listed_interviews() what readers see checked in it: its
    claims' tally, `claim_count` and `verdict_levels` ((level, how many claims) most
    accurate first, a withdrawn verdict's level None), and `quote_count`, the quotes marked
    on its page (a public claim made in them, or an event on the chronology they date; not
    those whose claims wait at the desk). One query for the whole page, read by the quotes'
    interview: the claims by quote and level, then each quote dating a public event."""
    page = [transcript.pk for transcript in transcripts]
    claims = (
        Claim.objects.public()
        .filter(quote__transcript__in=page)
        .order_by()
        .values_list("quote__transcript_id", "quote_id", "published_verdict__level_id")
        .annotate(n=Count("pk"))
    )
    # The page's quotes dating a public event: one look in the links' index a quote, not
    # every link (an interview's quotes may date thousands of events).
    dating = (
        Quote.objects.filter(transcript__in=page)
        .filter(Exists(Mention.objects.published().filter(quote=OuterRef("pk"))))
        .order_by()
        # Typed: PostgreSQL reads a bare NULL in a UNION as text, not as a level's key.
        .annotate(no_level=Cast(Value(None), BigIntegerField()), none=Value(0))
        .values_list("transcript_id", "pk", "no_level", "none")
    )
    counts: dict[int, Counter] = {}
    marked: dict[int, set[int]] = {}
    for transcript_id, quote_id, level_id, n in claims.union(dating, all=True):
        marked.setdefault(transcript_id, set()).add(quote_id)
        if n:
            counts.setdefault(transcript_id, Counter())[level_id] += n
    for transcript in transcripts:
        tally = counts.get(transcript.pk, Counter())
        # Annotations for the template, set on the page's interviews (as a prefetch would).
        transcript.quote_count = len(marked.get(transcript.pk, ()))  # type: ignore[attr-defined]
        transcript.claim_count = sum(tally.values())  # type: ignore[attr-defined]
        transcript.verdict_levels = _by_accuracy(tally, levels)  # type: ignore[attr-defined]


def appearance_of(speaker: Speaker, transcript: Transcript) -> Appearance | None:
    """How `speaker` appeared in `transcript` (their title then), if they are in its cast."""
    return Appearance.objects.filter(speaker=speaker, transcript=transcript).first()


def with_first_citations(
    sources: QuerySet[Source], shown: int, levels: dict[int, RatingLevel]
) -> QuerySet[Source]:
    """`sources`, each with `citation_count` (how many public verdicts cite it) and
    `first_citations`: the first `shown` of those citations, in the order of the claims'
    words, each with its verdict's level and claim. One query more for a page of them (a
    window per source): a source cited across the record costs what one cited once does."""
    citing = Evidence.objects.public().filter(source=OuterRef("pk"))
    first = (
        Evidence.objects.public()
        .select_related("verdict__claim")
        .with_levels("verdict", levels=levels)
        .order_by("verdict__claim__quote__start", "verdict__claim__pk", "-verdict__published_at")
    )
    return sources.annotate(citation_count=counted(citing, "source")).prefetch_related(
        Prefetch("evidence", first[:shown], to_attr="first_citations")
    )
