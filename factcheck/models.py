"""The evidence: transcripts, the quotes anchored in them, claims, verdicts and sources.

factcheck builds on timeline (quotes mention timeline events); timeline never imports
factcheck.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Length, Lower, Substr
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.text import slugify

from factcheck import anchoring
from factcheck.anchoring import Anchor, AnchorStatus
from factcheck.transcripts import INLINE_NOTE, content_hash, strip_label
from kit import fulltext
from kit.urls import reverse_key
from timeline.dates import (
    DateParseError,
    FuzzyDate,
    Precision,
    StoredDate,
    meet,
    parse_edtf,
    parse_natural,
)
from timeline.models import PRECISION_CHOICES, validate_edtf

if TYPE_CHECKING:
    from timeline.models import Event


def saving_derived(kwargs: dict, derived: dict[str, str | tuple[str, ...]]) -> dict:
    """`save()`'s kwargs with the derived fields added to `update_fields` when a field they
    come from (`derived`: derived field -> its source, or the sources it is read from) is in
    it."""
    fields = kwargs.get("update_fields")
    if fields is not None:
        fields = set(fields)
        kwargs["update_fields"] = fields | {
            field
            for field, sources in derived.items()
            if fields.intersection((sources,) if isinstance(sources, str) else sources)
        }
    return kwargs


def stored_date(
    edtf: str, label: str, lower: date | None, upper: date | None, precision: str
) -> StoredDate | None:
    """A saved date read back from its columns (None when there is none): nothing parsed."""
    if not edtf or lower is None or upper is None:
        return None
    return StoredDate(edtf, label, lower, upper, Precision(precision))


# What each model stores of its dates, derived when it is saved (parse on write) so that pages
# and responses never parse one. Each function sets the derived fields of a row from its
# typed ones; save() calls it, and so do the migrations that added the fields, on every row.
# Dates are normalised as events' are (" 2012/open" is stored as "2012/..").


def derive_transcript_dates(transcript) -> None:
    interview = parse_edtf(transcript.interview_date)
    transcript.interview_date = interview.edtf
    transcript.interview_date_lower = interview.lower
    transcript.interview_date_upper = interview.upper
    transcript.interview_date_precision = interview.precision.value
    transcript.interview_date_label = interview.label
    published = parse_edtf(transcript.published) if transcript.published else None
    transcript.published = published.edtf if published else ""
    transcript.published_lower = published.lower if published else None
    transcript.published_upper = published.upper if published else None
    transcript.published_precision = published.precision.value if published else ""
    transcript.published_label = published.label if published else ""


TRANSCRIPT_DATES: dict[str, str | tuple[str, ...]] = {
    "interview_date": "interview_date",
    "interview_date_lower": "interview_date",
    "interview_date_upper": "interview_date",
    "interview_date_precision": "interview_date",
    "interview_date_label": "interview_date",
    "published": "published",
    "published_lower": "published",
    "published_upper": "published",
    "published_precision": "published",
    "published_label": "published",
}


def phrase_as_date(phrase: str) -> FuzzyDate | None:
    """A date as spoken read as a date of its own ("in 2016", "[around 2012]"), or None
    ("back in the Clinton administration", "four months ago")."""
    if not phrase:
        return None
    try:
        return parse_natural(phrase.strip("[]() "))
    except DateParseError:
        return None


def derive_mention_dates(mention) -> None:
    """The date the phrase means: the one the service resolved it to (spoken_edtf), or else
    the phrase itself read as a date ("in 2016", "around 2012"), or none ("back in the
    Clinton administration")."""
    spoken = None
    mention.spoken_label = mention.phrase_label = ""
    if mention.spoken_edtf:
        spoken = parse_edtf(mention.spoken_edtf)
        mention.spoken_edtf = spoken.edtf
        mention.spoken_label = spoken.label
    else:
        spoken = phrase_as_date(mention.phrase)
        mention.phrase_label = spoken.label if spoken else ""
    mention.spoken_lower = spoken.lower if spoken else None
    mention.spoken_upper = spoken.upper if spoken else None
    mention.spoken_precision = spoken.precision.value if spoken else ""


MENTION_DATES: dict[str, str | tuple[str, ...]] = {
    "spoken_edtf": "spoken_edtf",
    "spoken_label": "spoken_edtf",
    **dict.fromkeys(
        ("phrase_label", "spoken_lower", "spoken_upper", "spoken_precision"),
        ("spoken_edtf", "phrase"),
    ),
}


def derive_source_date(source) -> None:
    fuzzy = parse_edtf(source.date) if source.date else None
    source.date = fuzzy.edtf if fuzzy else ""
    source.date_lower = fuzzy.lower if fuzzy else None
    source.date_upper = fuzzy.upper if fuzzy else None
    source.date_precision = fuzzy.precision.value if fuzzy else ""
    source.date_label = fuzzy.label if fuzzy else ""


SOURCE_DATES: dict[str, str | tuple[str, ...]] = dict.fromkeys(
    ("date", "date_lower", "date_upper", "date_precision", "date_label"), "date"
)
SOURCE_DERIVED = {**SOURCE_DATES, "address_words": ("url", "title", "publisher", "author")}


def name_slug(name: str) -> str:
    """The slug a person's name (or alias) is matched by, whatever its case, accents or
    spacing: "BOB  davis" is "bob-davis"."""
    return slugify(" ".join(name.split()))[:120]


class SpeakerQuerySet(models.QuerySet):
    def public(self) -> "SpeakerQuerySet":
        """Speakers who appear in an interview published on this site: the ones readers see."""
        published = Appearance.objects.filter(
            speaker=OuterRef("pk"), transcript__site_published_at__isnull=False
        )
        return self.filter(Exists(published))

    def named(self, name: str) -> "SpeakerQuerySet":
        """Everyone `name` may mean: the speaker whose slug it is, and those who have it as
        an alias ("Mike Rogers"). More than one is for an editor to choose between."""
        slug = name_slug(name)
        alias = SpeakerAlias.objects.filter(speaker=OuterRef("pk"), slug=slug)
        return self.filter(Q(slug=slug) | Exists(alias))


class Speaker(models.Model):
    """A person who speaks in a transcript: one identity, whatever name a transcript gives
    (its aliases), whatever job they held at the time (on each appearance)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The current one, e.g. “U.S. Ambassador to Japan”; each interview keeps "
        "the one they held then, on the appearance.",
    )
    description = models.TextField(blank=True)
    url = models.URLField("reference URL", blank=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The list of speakers, by name a page at a time (reader.views.speakers).
            models.Index(fields=["name", "id"], name="speaker_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_key("reader:speaker_detail", self.slug)


class SpeakerAlias(models.Model):
    """Another name a transcript may give a speaker ("Mike Rogers" for Michael Rogers). Two
    people may share one: the importer then asks the editor which is meant."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120)
    # Derived from `name` on save, never typed: names match whatever their case or accents.
    slug = models.SlugField(max_length=120, editable=False)

    class Meta:
        ordering = ["speaker", "name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(fields=["speaker", "slug"], name="speaker_alias_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.slug = name_slug(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not slugify(self.name):
            raise ValidationError({"name": "Give a name with letters or digits in it."})


class TranscriptQuerySet(models.QuerySet):
    def published(self) -> "TranscriptQuerySet":
        """Interviews an approver has published on this site: the ones readers see."""
        return self.filter(site_published_at__isnull=False)

    def unpublished(self) -> "TranscriptQuerySet":
        """Imported interviews no approver has published yet: only the desk sees them."""
        return self.filter(site_published_at__isnull=True)

    def listed(self) -> "TranscriptQuerySet":
        """Interviews as a list shows them: without their whole texts (tens of kilobytes
        each), which only an interview's own page and a quote in its context read. A list
        joined to its interviews defers "…transcript__text" as this does."""
        return self.defer("text")

    def matching(self, text: str) -> "TranscriptQuerySet":
        """Interviews whose title holds every word of `text`, or whose interviewee's or
        interviewer's name does ("emanuel", "bob davis"): full-text indexes of the titles
        and the names (kit.fulltext)."""
        if fulltext.too_common(text):
            return self.none()
        if not fulltext.words(text):
            return self
        titled = fulltext.matching_ids(Transcript.objects.all(), ("title",), text)
        named = fulltext.matching_ids(Speaker.objects.all(), ("name",), text)
        return self.filter(Q(pk__in=titled) | Q(interviewee__in=named) | Q(interviewer__in=named))

    def titled(self, title: str) -> "TranscriptQuerySet":
        """Interviews with this title, whatever its case: read from an index of the titles
        in lower case (transcript_title_nocase), where a case-blind comparison (iexact)
        read every interview's title."""
        lowered = self.alias(title_nocase=Lower("title"))
        return lowered.filter(title_nocase=Lower(Value(title, output_field=models.CharField())))


class Transcript(models.Model):
    """One published interview, its text split into question and answer passages. An
    imported one stays unpublished on this site, seen only on the desk, until an approver
    other than its importer publishes it."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    interviewer = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="+")
    interviewee = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="+")
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", blank=True)
    interview_date = models.CharField(
        "interview date (EDTF)",
        max_length=64,
        validators=[validate_edtf],
        help_text="When the conversation took place; relative phrases (“two days ago”) are "
        "resolved against it.",
    )
    # Derived from `interview_date` on save, never typed (parse on write): lists of
    # interviews sort by these, newest first, whatever precision each date has.
    interview_date_lower = models.DateField(editable=False)
    interview_date_upper = models.DateField(editable=False)
    published = models.CharField(
        "publication date (EDTF)", max_length=64, blank=True, validators=[validate_edtf]
    )
    # Derived from the two dates on save (parse on write): how readers see them, and what
    # the API and ClaimReview say of them.
    interview_date_label = models.CharField(max_length=80, editable=False, default="")
    interview_date_precision = models.CharField(
        max_length=8, choices=PRECISION_CHOICES, editable=False, default=""
    )
    published_label = models.CharField(max_length=80, editable=False, default="")
    published_lower = models.DateField(null=True, editable=False)
    published_upper = models.DateField(null=True, editable=False)
    published_precision = models.CharField(
        max_length=8, choices=PRECISION_CHOICES, blank=True, editable=False, default=""
    )
    text = models.TextField(help_text="The transcript exactly as published, one paragraph a line.")
    # Derived from `text` on save, never typed: the same text is not imported twice.
    content_hash = models.CharField(max_length=64, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept by transcript_publish, never typed: empty while only the desk sees the interview.
    site_published_at = models.DateTimeField(
        "published on this site", null=True, blank=True, editable=False
    )
    site_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TranscriptQuerySet.as_manager()

    class Meta:
        ordering = ["-interview_date_lower", "-interview_date_upper", "title"]
        permissions = [
            ("publish_transcript", "Can publish an interview someone else imported"),
        ]
        indexes = [
            # Looked up by title, whatever its case, as an import is previewed (titled()).
            models.Index(Lower("title"), name="transcript_title_nocase"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="transcript_text_once"),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="transcript_url_once"
            ),
            # The two-person rule, as for verdicts: whoever imported it does not publish it.
            models.CheckConstraint(
                condition=Q(imported_by__isnull=True)
                | Q(site_published_by__isnull=True)
                | ~Q(site_published_by=F("imported_by")),
                name="transcript_publisher_is_not_importer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.text)
        derive_transcript_dates(self)
        super().save(*args, **saving_derived(kwargs, TRANSCRIPT_DATES))

    def get_absolute_url(self) -> str:
        return reverse_key("reader:transcript_detail", self.slug)

    @property
    def interview_stored_date(self) -> StoredDate:
        interview = stored_date(
            self.interview_date,
            self.interview_date_label,
            self.interview_date_lower,
            self.interview_date_upper,
            self.interview_date_precision,
        )
        assert interview is not None  # every interview has a date
        return interview

    @property
    def published_stored_date(self) -> StoredDate | None:
        return stored_date(
            self.published,
            self.published_label,
            self.published_lower,
            self.published_upper,
            self.published_precision,
        )

    @property
    def is_published(self) -> bool:
        return self.site_published_at is not None


class Appearance(models.Model):
    """A speaker in one interview, in a role, with the job title they held then: a title
    changes between interviews, and each keeps its own."""

    class Role(models.TextChoices):
        INTERVIEWER = "interviewer", "Interviewer"
        INTERVIEWEE = "interviewee", "Interviewee"
        SPEAKER = "speaker", "Also speaking"

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="appearances")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="appearances")
    role = models.CharField(max_length=12, choices=Role.choices)
    job_title = models.CharField(
        max_length=200, blank=True, help_text="As of the interview: “Director of the NSA”."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # By the column: ordering by "transcript" would join the transcript to every query
        # for its own ordering, when appearances are only ever listed within one.
        ordering = ["transcript_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "speaker"], name="appearance_once"),
        ]

    def __str__(self) -> str:
        title = f", {self.job_title}" if self.job_title else ""
        return f"{self.speaker}{title} in {self.transcript}"


class Passage(models.Model):
    """One paragraph of a transcript: who says it and where it lies in the text."""

    class Kind(models.TextChoices):
        INTRO = "intro", "Introduction"
        QUESTION = "question", "Question"
        ANSWER = "answer", "Answer"
        SIDEBAR = "sidebar", "Sidebar"
        NOTE = "note", "Editor’s note"
        CLOSING = "closing", "Closing note"

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, null=True, blank=True, related_name="passages"
    )
    start = models.PositiveIntegerField(help_text="Offset of the first character, in code points.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    timestamp = models.CharField(
        max_length=12, blank=True, help_text="Where the recording is, as h:mm:ss (“00:12:34”)."
    )

    class Meta:
        # By the column, not the transcript's own ordering (a join for nothing): passages
        # are only ever listed within their transcript.
        ordering = ["transcript_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "position"], name="passage_position_unique"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="passage_offsets_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.transcript} ¶{self.position}"

    @property
    def text(self) -> str:
        return self.transcript.text[self.start : self.end]

    @property
    def timestamp_anchor(self) -> str:
        """The fragment that links to this moment of the interview: "t-00-12-34"."""
        return "t-" + self.timestamp.replace(":", "-") if self.timestamp else ""


# The context shown either side of a quote (Quote.context) stops after this many characters,
# some sixty words, at a whole word, and says so ("…"): a sentence runs shorter, but in a
# transcript without punctuation (automatic captions) a whole paragraph is one "sentence".
CONTEXT_MOST = 400

# How much of its transcript's text either side of a quote a page of quotes from many
# interviews reads (MentionQuerySet.with_surroundings), rather than each interview's whole
# text (tens of thousands of characters, once a quote). More than CONTEXT_MOST: where the
# paragraph runs on past what was read, the context shown stops short of it anyway, so it
# is the same as read from the whole text.
SURROUNDINGS = 1000


@dataclass(frozen=True)
class Surroundings:
    """A quote's transcript's text around it: `text` begins at `offset` in the whole."""

    text: str
    offset: int = 0


class QuoteQuerySet(models.QuerySet):
    def anchored(self) -> "QuoteQuerySet":
        """Quotes whose words are still found in their transcript (anchored or moved)."""
        return self.exclude(anchor_status=AnchorStatus.ORPHANED)

    def matching(self, text: str) -> "QuoteQuerySet":
        """Quotes holding every word of `text` (a full-text index; kit.fulltext)."""
        return fulltext.matching(self, ("exact",), text)


class Quote(models.Model):
    """A speaker's exact words, anchored in a transcript with W3C Web Annotation selectors.

    `exact`, `prefix` and `suffix` form a TextQuoteSelector, `start` and `end` (code points,
    end exclusive) a TextPositionSelector: https://www.w3.org/TR/annotation-model/#selectors
    """

    # Indexed by quote_span_unique, which it leads.
    transcript = models.ForeignKey(
        Transcript, on_delete=models.PROTECT, related_name="quotes", db_index=False
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="quotes")
    exact = models.TextField()
    prefix = models.TextField(blank=True)
    suffix = models.TextField(blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    anchor_status = models.CharField(
        max_length=10,
        choices=[(s.value, s.value.title()) for s in AnchorStatus],
        default=AnchorStatus.ANCHORED,
    )
    events: "models.ManyToManyField[Event, Mention]" = models.ManyToManyField(
        "timeline.Event", through="Mention", related_name="quotes", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["transcript", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="quote_offsets_ordered"),
            # The position selector must span exactly the quoted words.
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("exact")), name="quote_offsets_match_exact"
            ),
            models.UniqueConstraint(
                fields=["transcript", "start", "end"], name="quote_span_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.exact[:80]}”"

    def get_absolute_url(self) -> str:
        return f"{self.transcript.get_absolute_url()}#quote-{self.pk}"

    @property
    def anchor(self) -> Anchor:
        return Anchor(
            exact=self.exact, prefix=self.prefix, suffix=self.suffix, start=self.start, end=self.end
        )

    @property
    def is_orphaned(self) -> bool:
        return self.anchor_status == AnchorStatus.ORPHANED

    @property
    def speaker_role(self) -> str:
        """ "the interviewer" or "the interviewee" when the quote's speaker is one of them in
        its interview (with the transcript loaded, no query), else ""."""
        if self.speaker_id == self.transcript.interviewer_id:
            return "the interviewer"
        if self.speaker_id == self.transcript.interviewee_id:
            return "the interviewee"
        return ""

    def context(self) -> tuple[str, str]:
        """The sentence before and the sentence after the quote in its paragraph
        (anchoring.context), without the "Q:"/"A:" marker that opens a paragraph, each cut
        to CONTEXT_MOST characters of whole words when longer. Nothing
        for an orphaned quote: the text around its old place is no longer its context; nor
        for an editor's insertion in [brackets]."""
        if self.is_orphaned:
            return "", ""
        if INLINE_NOTE.fullmatch(self.exact.strip()):
            # An editor's note inside someone's answer: the sentences around it are the
            # speaker's, not the note's writer's, whose name the quote is shown under.
            return "", ""
        read = self.surroundings()
        start, end = self.start - read.offset, self.end - read.offset
        try:
            before, after = anchoring.context(read.text, start, end)
        except anchoring.AnchorError:
            return "", ""
        return _last_words(strip_label(before)), _first_words(after)

    def surroundings(self) -> Surroundings:
        """The text the quote's context is read from: what its query cut of the transcript
        around it (MentionQuerySet.with_surroundings), else the whole transcript."""
        return getattr(self, "_surroundings", None) or Surroundings(self.transcript.text)


def _last_words(text: str) -> str:
    """`text`, or its end when longer than CONTEXT_MOST: whole words, after an ellipsis."""
    if len(text) <= CONTEXT_MOST:
        return text
    kept = text[-CONTEXT_MOST:]
    if not (text[-CONTEXT_MOST - 1].isspace() or kept[0].isspace()):
        kept = kept.split(None, 1)[-1]  # the word cut in two
    return f"… {kept.lstrip()}"


def _first_words(text: str) -> str:
    """`text`, or its start when longer than CONTEXT_MOST: whole words, then an ellipsis."""
    if len(text) <= CONTEXT_MOST:
        return text
    kept = text[:CONTEXT_MOST]
    if not (text[CONTEXT_MOST].isspace() or kept[-1].isspace()):
        kept = kept.rsplit(None, 1)[0]  # the word cut in two
    return f"{kept.rstrip()} …"


RowsWithQuotes = TypeVar("RowsWithQuotes", bound=models.QuerySet)


def with_quote_surroundings(rows: RowsWithQuotes) -> RowsWithQuotes:
    """`rows` (links or claims: rows with a `quote`) with their quotes and transcripts, each
    quote with SURROUNDINGS characters of its transcript's text either side of it cut in
    the query for its context (Quote.context), and not the transcripts' whole texts (up to
    TRANSCRIPT_MAX_BYTES each). The rows' iterable gives each quote what was cut
    (_SurroundedQuotes)."""
    offset = Greatest(F("quote__start") - SURROUNDINGS, Value(0))
    length = F("quote__end") - offset + SURROUNDINGS
    rows = rows.select_related("quote__transcript").defer("quote__transcript__text")
    return rows.annotate(
        quote_surroundings_offset=offset,
        quote_surroundings=Substr("quote__transcript__text", offset + 1, length),
    )


class _SurroundedQuotes(ModelIterable):
    """Rows whose quotes keep what their query cut of the text around them
    (with_quote_surroundings)."""

    def __iter__(self):
        for row in super().__iter__():
            read, offset = row.quote_surroundings, row.quote_surroundings_offset
            row.quote._surroundings = Surroundings(read, offset)
            yield row


class MentionQuerySet(models.QuerySet):
    def with_surroundings(self) -> "MentionQuerySet":
        """The links with their quotes in context (with_quote_surroundings)."""
        linked = with_quote_surroundings(self)
        linked._iterable_class = _SurroundedQuotes
        return linked

    def public(self) -> "MentionQuerySet":
        """Mentions in interviews published on this site, of public events, and not waiting
        for an approver (a link made at the desk): the ones readers see."""
        return self.published().filter(quote__transcript__site_published_at__isnull=False)

    def published(self) -> "MentionQuerySet":
        """Links an approver has published (or that never waited for one), of public events,
        whatever their interview: `public` where the caller knows the interview is published.
        Both are read from the link itself (event_published_at is its copy of the event's),
        so a quote's index answers them without reading its events."""
        return self.filter(published_at__isnull=False, event_published_at__isnull=False)

    def pending(self) -> "MentionQuerySet":
        """Links made at the desk that no approver has published yet."""
        return self.filter(published_at__isnull=True)


# An event's links to the quotes that mention it as its pages list them: by interview,
# oldest first, then in the order they were said (a keyset: every column non-null).
MENTIONS_BY_INTERVIEW = (
    "quote__transcript__interview_date_lower",
    "quote__transcript_id",
    "quote__start",
    "pk",
)


# A quote's links in the chronological order of their events (timeline's CHRONOLOGICAL),
# from the bounds each link carries: the (quote, event dates) index gives it per quote.
MENTIONS_CHRONOLOGICAL = ("event_date_lower", "event_date_upper", "event_id")


class Mention(models.Model):
    """A quote mentioning an event, with the date as the speaker put it ("two days ago")."""

    # Indexed by mention_unique, which it leads.
    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    event = models.ForeignKey("timeline.Event", on_delete=models.PROTECT, related_name="mentions")
    phrase = models.CharField(
        "date as spoken",
        max_length=120,
        blank=True,
        help_text="The words that date the event, verbatim: “four or five months ago”.",
    )
    spoken_edtf = models.CharField(
        "resolved date (EDTF)",
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text="The phrase resolved against the interview date.",
    )
    # As Event.published_at: empty for a link made at the desk until an approver publishes
    # a verdict on a claim of its quote (services.verdict_publish).
    published_at = models.DateTimeField(
        "public since", null=True, blank=True, default=timezone.now, editable=False
    )
    # Derived from spoken_edtf on save (parse on write): how readers see the resolved date.
    spoken_label = models.CharField(max_length=80, editable=False, default="")
    # Derived on save too (derive_mention_dates): the phrase read as a date when the service
    # did not resolve it ("in 2016"), and the bounds and precision of the date the phrase
    # means, resolved or read (empty when it is no date), so the event page parses nothing.
    phrase_label = models.CharField(max_length=80, editable=False, default="")
    spoken_lower = models.DateField(null=True, editable=False)
    spoken_upper = models.DateField(null=True, editable=False)
    spoken_precision = models.CharField(
        max_length=8, choices=PRECISION_CHOICES, blank=True, editable=False, default=""
    )
    # The event's bounds and publication, copied onto its links by the database, which
    # keeps them in step with the event whoever changes either (triggers, migrations 0015
    # and 0016), so that a quote's first events by date, and how many readers see, are read
    # from an index, however many it mentions. Read them in queries only: an instance saved
    # or fetched before its event changed holds old values.
    event_date_lower = models.DateField(null=True, editable=False)
    event_date_upper = models.DateField(null=True, editable=False)
    event_published_at = models.DateTimeField(null=True, editable=False)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["quote", "event_date_lower"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "event"], name="mention_unique"),
        ]
        indexes = [
            # A quote's links in the order they were made: its first few are read without
            # its others (PostgreSQL's own quote index is not in that order; SQLite's is).
            models.Index(fields=["quote", "id"], name="mention_quote_order"),
            # A quote's links in its events' chronological order (CHRONOLOGICAL), with what
            # tells the ones readers see: their first few, and how many, read from it alone.
            models.Index(
                fields=[
                    "quote",
                    "event_date_lower",
                    "event_date_upper",
                    "event",
                    "published_at",
                    "event_published_at",
                ],
                name="mention_quote_chronology",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote} → {self.event.title}"

    def save(self, *args, **kwargs) -> None:
        derive_mention_dates(self)
        super().save(*args, **saving_derived(kwargs, MENTION_DATES))

    @property
    def spoken_date(self) -> StoredDate | None:
        """The date the phrase was resolved to, as saved; None when it was not resolved."""
        return stored_date(
            self.spoken_edtf,
            self.spoken_label,
            self.spoken_lower,
            self.spoken_upper,
            self.spoken_precision,
        )

    @property
    def heard_label(self) -> str:
        """The phrase as a date for readers: resolved, or read as one; "" when it is none."""
        return self.spoken_label or self.phrase_label

    def agrees_with(self, event) -> bool | None:
        """Whether the date as spoken meets `event`'s documented date (its event); None when
        the phrase is not read as a date ("back in the Clinton administration")."""
        if self.spoken_lower is None or self.spoken_upper is None:
            return None
        return meet(self.spoken_lower, self.spoken_upper, event.date_lower, event.date_upper)

    @property
    def off_its_event_date(self) -> bool:
        """Whether the date as spoken misses its own event's documented date: what readers
        see marked "Not the documented date" (the event loaded with the link)."""
        return self.agrees_with(self.event) is False


class RatingScale(models.Model):
    """A versioned scale of verdict levels; exactly one is current."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    version = models.PositiveSmallIntegerField(default=1)
    description = models.TextField(blank=True)
    is_current = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_current", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_rating_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def in_use(self) -> bool:
        """Whether any verdict, draft or published, stands on one of its levels: then its
        levels' values and slugs (what ClaimReview and the filters publish) are fixed, and
        none is added or removed; a new scale is a new version."""
        return self.pk is not None and Verdict.objects.filter(level__scale=self).exists()


class RatingLevel(models.Model):
    """One level of a scale: its label, what it means, and its number for export."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    slug = models.SlugField(max_length=60)
    label = models.CharField(max_length=60)
    definition = models.TextField()
    value = models.SmallIntegerField(help_text="Higher is more accurate; ClaimReview ratingValue.")

    class Meta:
        ordering = ["scale", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_level_slug_unique"),
            models.UniqueConstraint(fields=["scale", "value"], name="rating_level_value_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class SourceQuerySet(models.QuerySet):
    def cited(self) -> "SourceQuerySet":
        """Sources that a public verdict (published, replaced or withdrawn) cites."""
        return self.filter(pk__in=Evidence.objects.public().values("source_id"))

    def search(self, query: str) -> "SourceQuerySet":
        """Sources whose title, publisher, author or web address hold every word of `query`
        (or words they start: kit.fulltext), by title; from a full-text index. A site or an
        address in `query` ("state.gov", a pasted "https://www.state.gov/...") is looked for
        in the addresses alone (kit.fulltext.address_search)."""
        text = fulltext.address_search(query)
        if fulltext.words(query) and not fulltext.words(text):
            return self.none()  # an address with nothing in it ("https://") names no source
        return fulltext.matching(self, SOURCE_SEARCHED, text).order_by("title", "pk")

    def broken_links(self) -> "SourceQuerySet":
        """Sources whose address was found broken when last checked (Source.link_broken)."""
        return self.filter(link_checked_at__isnull=False).filter(
            Q(link_status__isnull=True) | Q(link_status__gte=BROKEN_FROM)
        )

    def working_links(self) -> "SourceQuerySet":
        return self.filter(link_checked_at__isnull=False, link_status__lt=BROKEN_FROM)


# An address that answered an HTTP status from this one up (an error), or did not answer at
# all, is broken (`manage.py check_sources` follows redirects to their end first).
BROKEN_FROM = 400


# What a search for sources reads (kit.fulltext; the index of migration 0026 is over these).
SOURCE_SEARCHED = ("title", "publisher", "author", "address_words")


class Source(models.Model):
    """A document cited as evidence."""

    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news-article", "News article"
        OFFICIAL_DOCUMENT = "official-document", "Official document"
        COURT_RULING = "court-ruling", "Court ruling"
        REPORT = "report", "Report"
        DATASET = "dataset", "Dataset"
        BOOK = "book", "Book"
        SPEECH = "speech-or-transcript", "Speech or transcript"
        PRESS_RELEASE = "press-release", "Press release"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.NEWS_ARTICLE)
    date = models.CharField("date (EDTF)", max_length=64, blank=True, validators=[validate_edtf])
    date_lower = models.DateField(null=True, blank=True, editable=False, db_index=True)
    date_label = models.CharField("date", max_length=80, editable=False, default="")
    # Derived on save too: what the API says of the date.
    date_upper = models.DateField(null=True, blank=True, editable=False)
    date_precision = models.CharField(
        max_length=8, choices=PRECISION_CHOICES, blank=True, editable=False, default=""
    )
    url = models.URLField("URL", max_length=500, blank=True)
    archived_url = models.URLField("archived URL", max_length=500, blank=True)
    notes = models.TextField(blank=True)
    # What `manage.py check_sources` last found at `url`, never typed.
    link_status = models.PositiveSmallIntegerField(
        "link status",
        null=True,
        blank=True,
        editable=False,
        help_text="The HTTP status the URL last answered with; empty when it did not answer.",
    )
    # Derived on save: the address's words, and the sites the title, publisher and author
    # name, as the search reads them (kit.fulltext.address_words).
    address_words = models.TextField(blank=True, editable=False, default="")
    link_final_url = models.URLField("final URL", max_length=500, blank=True, editable=False)
    link_error = models.CharField("link error", max_length=200, blank=True, editable=False)
    link_checked_at = models.DateTimeField("link checked", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-date_lower", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def save(self, *args, **kwargs) -> None:
        # Derived for sorting and showing, never typed (parse on write).
        derive_source_date(self)
        self.address_words = fulltext.address_words(
            self.url, self.title, self.publisher, self.author
        )
        super().save(*args, **saving_derived(kwargs, SOURCE_DERIVED))

    @property
    def stored_date(self) -> StoredDate | None:
        return stored_date(
            self.date, self.date_label, self.date_lower, self.date_upper, self.date_precision
        )

    @property
    def link_broken(self) -> bool:
        """Whether the address was found broken when last checked: an error, or no answer.
        Not when it was never checked."""
        if self.link_checked_at is None:
            return False
        return self.link_status is None or self.link_status >= BROKEN_FROM


def title_held(quote: str = "quote") -> Coalesce:
    """The job title the speaker of `quote` (a path to a Quote) held in that interview, as
    its appearance keeps it; their own when the appearance records none."""
    held = Appearance.objects.filter(
        transcript=OuterRef(f"{quote}__transcript"), speaker=OuterRef(f"{quote}__speaker")
    ).exclude(job_title="")
    return Coalesce(Subquery(held.values("job_title")[:1]), F(f"{quote}__speaker__job_title"))


# Where words were written rather than said: a quote in one of these paragraphs is its
# author's (the loader gives it one; Passage.speaker is empty there), never spoken.
WRITTEN_IN: dict[str, str] = {
    Passage.Kind.NOTE: "an editor’s note",
    Passage.Kind.INTRO: "the introduction",
    Passage.Kind.CLOSING: "the closing note",
    Passage.Kind.SIDEBAR: "a sidebar",
}


class _LevelsKept(ModelIterable):
    """Rows whose verdicts take their rating levels from the levels pages keep
    (LevelsKeptQuerySet.with_levels)."""

    def __iter__(self):
        paths, levels = self.queryset._levels_kept
        if levels is None:
            from factcheck import scales  # which reads RatingLevel from this module

            levels = scales.levels().by_id
        for row in super().__iter__():
            for path in paths:
                verdict = row
                for name in path:
                    verdict = getattr(verdict, name)  # read with the row: no query
                    if verdict is None:
                        break
                # A level added since the levels were kept is read when it is asked for.
                if verdict is not None and (level := levels.get(verdict.level_id)):
                    verdict.level = level
            yield row


class _SurroundedClaims(_SurroundedQuotes, _LevelsKept):
    """Claims with their levels kept and their quotes in context
    (ClaimQuerySet.with_current_verdict(in_context=True))."""


class LevelsKeptQuerySet(models.QuerySet):
    """Rows that are or lead to verdicts, which can be read without their levels' table."""

    _levels_kept: tuple[tuple[tuple[str, ...], ...], dict[int, "RatingLevel"] | None]

    def _clone(self):
        clone = super()._clone()
        if hasattr(self, "_levels_kept"):
            clone._levels_kept = self._levels_kept
        return clone

    def with_levels(self, *verdicts: str, levels: dict[int, "RatingLevel"] | None = None) -> Self:
        """With the verdicts at `verdicts` (paths from the rows, as select_related takes
        them: "published_verdict", "previous"; "" for rows that are verdicts) read with
        them, each given its rating level from `levels` (the levels every page keeps, by
        id: factcheck.scales; read from there when None) rather than joined: the levels are
        the same few rows on every page, and each table a query joins costs PostgreSQL's
        planner more than reading the few rows a page lists. Called again, it adds paths
        (and the levels given last stand)."""
        related = [path for path in verdicts if path]
        chosen = self.select_related(*related) if related else self.all()
        paths = tuple(tuple(filter(None, path.split("__"))) for path in verdicts)
        if hasattr(self, "_levels_kept"):
            earlier, kept = self._levels_kept
            paths, levels = (*earlier, *paths), kept if levels is None else levels
        chosen._levels_kept = (paths, levels)
        chosen._iterable_class = _LevelsKept
        return chosen


# What no list of claims shows (a page, the API, the downloads, the ClaimReview feed) and
# each of their rows would read: when the claim, its quote and its interview were filed, when
# the verdict was written and submitted, its analysis (the claim's own page shows it) and the
# speaker's biography. Read for every row, the times cost most: PostgreSQL's driver makes a
# datetime of each (with_current_verdict(listed=True)).
UNLISTED_CLAIM_FIELDS = (
    "created_at",
    "quote__created_at",
    "quote__transcript__created_at",
    "quote__transcript__updated_at",
    "quote__speaker__description",
    "published_verdict__analysis",
    "published_verdict__submitted_at",
    "published_verdict__created_at",
    "published_verdict__updated_at",
)


class ClaimQuerySet(LevelsKeptQuerySet):
    def with_passage_kind(self) -> "ClaimQuerySet":
        """With `passage_kind`: the kind of the paragraph its quote lies in (a question, an
        answer, an editor's note…), which Claim.written_in reads."""
        passage = Passage.objects.filter(
            transcript=OuterRef("quote__transcript"),
            start__lte=OuterRef("quote__start"),
            end__gte=OuterRef("quote__end"),
        )
        return self.annotate(passage_kind=Subquery(passage.values("kind")[:1]))

    def with_any_correction(self) -> "ClaimQuerySet":
        """With `corrected`: whether its verdict was ever corrected or withdrawn."""
        return self.annotate(corrected=Exists(Correction.objects.filter(claim=OuterRef("pk"))))

    def with_last_correction(self) -> "ClaimQuerySet":
        """With `corrected_at`: when its verdict was last corrected (None if never), read
        from the claim's own corrections, newest first."""
        corrections = Correction.objects.filter(claim=OuterRef("pk")).exclude(
            kind=Correction.Kind.VOID
        )
        return self.annotate(
            corrected_at=Subquery(corrections.order_by("-published_at").values("published_at")[:1])
        )

    def with_current_verdict(
        self,
        *,
        in_context: bool = False,
        listed: bool = False,
        levels: dict[int, "RatingLevel"] | None = None,
    ) -> "ClaimQuerySet":
        """With the verdict, the quote, its speaker and interview, and `speaker_title`: the
        job title the speaker held in that interview (title_held); never the interview's
        whole text. With `in_context`, the text around the quote (a page showing the quote
        in context: with_quote_surroundings). With `listed`, without what no list of claims
        shows either (UNLISTED_CLAIM_FIELDS). The verdict's level from `levels`
        (with_levels)."""
        claims = self.select_related("quote__speaker", "quote__transcript")
        claims = claims.defer("quote__transcript__text")
        if listed:
            claims = claims.defer(*UNLISTED_CLAIM_FIELDS)
        claims = claims.annotate(speaker_title=title_held())
        claims = claims.with_levels("published_verdict", levels=levels)
        if in_context:
            claims = with_quote_surroundings(claims)
            claims._iterable_class = _SurroundedClaims
        return claims

    def published(self) -> "ClaimQuerySet":
        """Claims with a published verdict, the ones readers see."""
        return self.filter(published_verdict__isnull=False)

    def public(self) -> "ClaimQuerySet":
        """Claims that have ever had a public verdict: published now, or replaced or
        withdrawn since. Their pages stay up, so a withdrawal is as visible as a verdict.

        Read from the claim's own row (`first_published_at`): a look through each claim's
        verdicts doubled the time PostgreSQL took to plan a list of claims."""
        return self.filter(first_published_at__isnull=False)

    def matching(self, text: str) -> "ClaimQuerySet":
        """Claims whose text holds every word of `text` (a full-text index; kit.fulltext)."""
        return fulltext.matching(self, ("text",), text)


class Claim(models.Model):
    """One checkable statement made in a quote, in plain words."""

    # A published verdict changes only by correction, never by a verdict drafted anew.
    ALREADY_PUBLISHED = "This claim already has a published verdict; correct it instead."

    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="claims")
    slug = models.SlugField(max_length=120, unique=True)
    text = models.TextField(help_text="The statement, in plain words.")
    # The verdict readers see: kept by the publication and correction services, never typed.
    published_verdict = models.OneToOneField(
        "Verdict", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its first verdict was published, kept by the publication services: readers have
    # seen the claim since (a correction or a withdrawal is public too), so whether it is
    # public is this column, not a look through its verdicts.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["quote__transcript", "quote__start", "pk"]
        indexes = [
            # The order of first publication: /claimreview.json's pages (FEED_ORDER).
            models.Index(fields=["first_published_at", "id"], name="claim_first_published"),
        ]

    def __str__(self) -> str:
        return self.text[:100]

    def get_absolute_url(self) -> str:
        return reverse_key("reader:claim_detail", self.slug)

    @property
    def written_in(self) -> str:
        """Where its quote's words were written, not said ("an editor’s note"), or "" for
        a question or an answer (read from `passage_kind`: with_passage_kind)."""
        return WRITTEN_IN.get(getattr(self, "passage_kind", None) or "", "")

    @property
    def byline(self) -> str:
        """Who the words are by, as plain text: "Claim made by Rahm Emanuel", or "Written
        by Bob Davis, the interviewer, in an editor’s note" (with_passage_kind)."""
        speaker = self.quote.speaker.name
        if not self.written_in:
            return f"Claim made by {speaker}"
        role = f", {self.quote.speaker_role}," if self.quote.speaker_role else ""
        return f"Written by {speaker}{role} in {self.written_in}"

    def open_verdict(self) -> "Verdict | None":
        """The verdict being written or reviewed, if any: a claim has at most one."""
        return self.verdicts.open().first()

    def drafting_refusal(self) -> str:
        """Why no verdict can be started on this claim now, or "" if one can."""
        if self.published_verdict_id is not None:
            return self.ALREADY_PUBLISHED
        open_verdict = self.open_verdict()
        if open_verdict is not None:
            status = open_verdict.get_status_display().lower()
            return f"This claim already has a verdict {status}; open it."
        return ""


class VerdictQuerySet(LevelsKeptQuerySet):
    def published(self) -> "VerdictQuerySet":
        return self.filter(status=Verdict.Status.PUBLISHED)

    def drafts(self) -> "VerdictQuerySet":
        return self.filter(status=Verdict.Status.DRAFT)

    def in_review(self) -> "VerdictQuerySet":
        return self.filter(status=Verdict.Status.IN_REVIEW)

    def open(self) -> "VerdictQuerySet":
        """Verdicts still being written or reviewed: a claim has at most one."""
        return self.filter(status__in=Verdict.OPEN_STATUSES)

    def public(self) -> "VerdictQuerySet":
        """What readers may see: the published verdict and the ones it replaced."""
        return self.filter(status__in=Verdict.PUBLIC_STATUSES)


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Awaiting review"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Being written or reviewed (a claim has at most one such verdict); seen by readers
# (published, or replaced or withdrawn since: its record stays public, IFCN principle 5).
OPEN_STATUSES = (VerdictStatus.DRAFT, VerdictStatus.IN_REVIEW)
PUBLIC_STATUSES = (VerdictStatus.PUBLISHED, VerdictStatus.SUPERSEDED, VerdictStatus.WITHDRAWN)


class Verdict(models.Model):
    """A reviewer's finding on a claim. Each revision is its own row: a published verdict is
    never edited; a change is a new revision that supersedes it, with a Correction."""

    Status = VerdictStatus
    # Indexed by verdict_claim_status, which it leads.
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="verdicts", db_index=False
    )
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField(help_text="One or two sentences: the finding, plainly.")
    analysis = models.TextField(blank=True, help_text="What the record shows, with dates.")
    as_of = models.DateField(
        "as of", default=timezone.localdate, help_text="The date the evidence was last checked."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    revises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        help_text="The published verdict this revision replaces.",
    )
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts_written",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts_approved",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    OPEN_STATUSES = OPEN_STATUSES
    PUBLIC_STATUSES = PUBLIC_STATUSES

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-created_at"]
        get_latest_by = "published_at"
        indexes = [
            # Whether a claim has a public verdict (ClaimQuerySet.public): one index lookup.
            models.Index(fields=["claim", "status"], name="verdict_claim_status"),
            # The verdicts feed's newest and the sitemap's latest change: the last rows of
            # this index, not a sort of every verdict ever published.
            models.Index(fields=["published_at", "id"], name="verdict_published"),
        ]
        permissions = [
            ("publish_verdict", "Can approve and publish a verdict someone else wrote"),
            ("correct_verdict", "Can correct a published verdict"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="published"),
                name="one_published_verdict_per_claim",
            ),
            # The two-person rule: whoever approves is not whoever wrote it.
            models.CheckConstraint(
                condition=Q(author__isnull=True)
                | Q(approved_by__isnull=True)
                | ~Q(approved_by=F("author")),
                name="verdict_approver_is_not_author",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[status.value for status in PUBLIC_STATUSES])
                | Q(published_at__isnull=False),
                name="verdict_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} — {self.claim} ({self.get_status_display()})"

    # The rules of the desk, asked by the services (which refuse) and by the pages (which
    # say why before anyone tries). Each returns why not, or "" when the act is allowed.

    @property
    def status_said(self) -> str:
        """Its status as a sentence says it: "This verdict is a draft", "… is withdrawn"."""
        return "a draft" if self.status == self.Status.DRAFT else self.get_status_display().lower()

    def edit_refusal(self) -> str:
        """Only a draft is edited; a published verdict is corrected by a new revision."""
        if self.status == Verdict.Status.DRAFT:
            return ""
        return f"This verdict is {self.status_said}; only a draft can be edited."

    def review_refusal(self, user) -> str:
        """The two-person rule: whoever wrote or edited the draft does not approve it."""
        if self.author_id is not None and self.author_id == user.pk:
            return "You wrote this draft; another approver must review it."
        edits = self.actions.filter(actor=user, verb__in=[Action.Verb.DRAFTED, Action.Verb.EDITED])
        if edits.exists():
            return "You edited this draft; another approver must review it."
        return ""

    def take_back_refusal(self, user) -> str:
        """A draft in review is taken back to edit by one who wrote or edited it (who may
        not review it); a reviewer sends it back, saying why."""
        if self.status != Verdict.Status.IN_REVIEW:
            return "Only a draft awaiting review can be taken back."
        if not self.review_refusal(user):
            return (
                "Only the person who wrote or edited this draft can take it back; as its "
                "reviewer, send it back with a note."
            )
        return ""

    def replacement_refusal(self, done: str) -> str:
        """Only the verdict readers see now can be corrected or withdrawn (`done`)."""
        if self.status == Verdict.Status.PUBLISHED and self.claim.published_verdict_id == self.pk:
            return ""
        return f"Only the claim's published verdict can be {done}."


class EvidenceQuerySet(LevelsKeptQuerySet):
    def public(self) -> "EvidenceQuerySet":
        """Citations in verdicts readers see (published, replaced or withdrawn)."""
        return self.filter(verdict__in=Verdict.objects.public())


class Evidence(models.Model):
    """One source cited by a verdict, and what it shows."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        CONTEXT = "context", "Context"

    # PROTECT both ways: neither a verdict nor a source can vanish from under its citations.
    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=12, choices=Stance.choices)
    note = models.TextField("what it shows", blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        # By the column: ordering by "verdict" would join the verdict, its claim, quote and
        # transcript for their orderings, when evidence is only ever listed per verdict.
        ordering = ["verdict_id", "position", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["verdict", "source"], name="evidence_source_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"


class CorrectionQuerySet(LevelsKeptQuerySet):
    def listed(self, *, levels: dict[int, "RatingLevel"] | None = None) -> "CorrectionQuerySet":
        """With what a line of the corrections page or feed shows, and nothing more: the
        claim's words and address, and the rating before and after (with_levels). Only
        those columns are read: anything else asked of a row (the claim's quote, who made
        the correction) is a query for each, and a select_related through the claim fails."""
        listed = self.select_related("claim").only(
            *("kind", "note", "published_at", "claim__slug", "claim__text"),
            *("previous__level", "revision__level"),
        )
        return listed.with_levels("previous", "revision", levels=levels)


class Correction(models.Model):
    """A dated, public record that a published verdict changed, and why (IFCN principle 5)."""

    class Kind(models.TextChoices):
        TYPO = "typo", "Typo fixed"
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"
        VOID = "void", "Verdict withdrawn"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="corrections")
    previous = models.ForeignKey(
        Verdict,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        help_text="The published verdict that was changed.",
    )
    revision = models.OneToOneField(
        Verdict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        help_text="The verdict that replaced it (none when withdrawn).",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField("public note")
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        indexes = [
            # The corrections page and feed, newest first, and the sitemap's latest change:
            # the last rows of this index, not a sort of every correction.
            models.Index(fields=["published_at", "id"], name="correction_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="void", revision__isnull=True)
                | (~Q(kind="void") & Q(revision__isnull=False)),
                name="correction_void_has_no_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.claim} ({self.published_at:%Y-%m-%d})"


class Action(models.Model):
    """Who did what, when, on the desk: the record editors see on a claim."""

    class Verb(models.TextChoices):
        IMPORTED = "imported", "imported"  # an interview, or a dataset's verdict
        INTERVIEW_PUBLISHED = "made_public", "published the interview"
        CLAIM_CREATED = "claim_created", "created the claim"
        DRAFTED = "drafted", "drafted a verdict"
        EDITED = "edited", "edited the draft"
        SUBMITTED = "submitted", "submitted for review"
        RETURNED = "returned", "sent back"
        TAKEN_BACK = "taken_back", "took back the draft to edit"
        PUBLISHED = "published", "published"
        CORRECTED = "corrected", "corrected"
        WITHDRAWN = "withdrawn", "withdrew the verdict"
        EVENT_CREATED = "event_created", "created the event"
        LINKED = "linked", "linked the event"
        UNLINKED = "unlinked", "unlinked the event"
        DISCARDED = "discarded", "discarded"  # a claim or an interview never public: an error
        DETAILS_EDITED = "details_edited", "corrected the interview's details"
        DRAFT_DISCARDED = "draft_discarded", "discarded the draft"  # begun in error

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_actions",
    )
    verb = models.CharField(max_length=16, choices=Verb.choices)
    transcript = models.ForeignKey(
        Transcript, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        who = self.actor or "system"
        return f"{who} {self.get_verb_display()} ({self.created_at:%Y-%m-%d %H:%M})"


# The steps that say whether a draft is one an approver sent back: the latest of them, when
# it is a return (a draft submitted since, and taken back by its author, was not).
REVIEW_STEPS = (Action.Verb.SUBMITTED, Action.Verb.RETURNED)


class ErrorReport(models.Model):
    """A reader's report of an error on a page of the site: the request for a correction
    that the IFCN's code (principle 5) asks a fact-checker to take from anyone. Editors read
    it on the desk and mark it dealt with; what changes on the page, if anything, is then a
    correction like any other. The reader's address, when given, is for a reply only."""

    # The reader's page it is about, as its path on this site ("/claims/…/"), or none.
    page = models.CharField(max_length=300, blank=True)
    message = models.TextField()
    email = models.EmailField(blank=True, help_text="Given for a reply; never published.")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the desk did about it, said when marking it dealt with (a correction, a reply,
    # nothing: the report was mistaken), for the next editor who reads it. Never published.
    outcome = models.TextField("what was done", blank=True, default="")
    # Each earlier closing, who made it, when and what it said, with who reopened it and
    # when, a line each: reopening a report loses nothing of what was done.
    history = models.TextField("earlier", blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The desk's list, open reports oldest first (and closed ones newest first).
            models.Index(fields=["closed_at", "created_at", "id"], name="errorreport_queue"),
        ]

    def __str__(self) -> str:
        return f"Report of {self.created_at:%Y-%m-%d %H:%M} on {self.page or 'the site'}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
