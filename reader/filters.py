"""The reader's filters, as a reader types them into a URL. The chronology's are shared by
the timeline page, its exports and the API, so that a filtered view means the same
everywhere. Every filter form has a `filter()` that applies what it could read."""

import hashlib
from typing import TypeVar, cast

from django import forms
from django.db.models import Count, Q, QuerySet

from factcheck.models import (
    Claim,
    Mention,
    Quote,
    RatingLevel,
    Source,
    SourceQuerySet,
    Speaker,
    Transcript,
    Verdict,
)
from kit import fulltext
from kit.cache import remember
from kit.forms import SearchField
from kit.params import repeatable
from reader import selectors
from reader.claimreview import shorten
from timeline.dates import DateParseError, FuzzyDate, parse_natural, short_year_span
from timeline.models import Event, EventQuerySet, Topic, found_by_any, year_counts_beside

AnyQuerySet = TypeVar("AnyQuerySet", bound=QuerySet)


def offer(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    """Set the choices a filter offers, read from the database when the form is made."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def offered(form: forms.Form, name: str) -> list[str]:
    """The values a filter accepts (its choices' keys), blank left out."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return offered_by(field)


def offered_by(field: forms.ChoiceField) -> list[str]:
    return [str(value) for value, _ in cast(list[tuple[str, str]], field.choices) if value]


# A claim named among the filters applied: its first words, this many characters at most
# (within the sixty the list shows of any filter).
CLAIM_WORDS = 50


class SeveralChoices(forms.MultipleChoiceField):
    """A filter that takes several values, of which an empty one (?topic=, as a form sends
    with nothing chosen) is no value: no filter, not "  is not one of the choices". Values
    it does not know (a topic renamed since a link was shared) are kept aside in `unknown`
    and the known ones cleaned: the form says which were not used (EventFilterForm.clean)
    and still applies the rest."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, widget=forms.CheckboxSelectMultiple, **kwargs)
        self.unknown: list[str] = []

    def to_python(self, value) -> list[str]:
        return [text for text in super().to_python(value) if text.strip()]

    def clean(self, value) -> list[str]:
        values = self.to_python(value)
        self.unknown = [text for text in values if not self.valid_value(text)]
        return [text for text in values if self.valid_value(text)]


class OneChoice(forms.ChoiceField):
    """A filter of one value among those offered. One it does not know is named (its first
    words) with what the filter chooses among, as the chronology's filters name a topic
    they do not know, not as Django's "Select a valid choice"; `listed`: with the values
    it takes, for a list of a few that never changes (the API's statuses and kinds)."""

    def __init__(self, *, among: str, listed: bool = False, **kwargs) -> None:
        super().__init__(required=False, **kwargs)
        self.among, self.listed = among, listed

    def validate(self, value: str) -> None:
        if value and not self.valid_value(value):
            values = offered_by(self) if self.listed else []
            raise forms.ValidationError(
                "“%(value)s” is not one of the %(among)s here%(values)s.",
                code="invalid_choice",
                params={
                    "value": value[:40],
                    "among": self.among,
                    "values": f": {', '.join(values)}" if values else "",
                },
            )
        super().validate(value)


def _topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.values_list("slug", "name"))


class OneValueEach(forms.Form):
    """A filter form whose single-value filters are given once each: ?speaker=a&speaker=b is
    an error on `speaker` (left out, and said), not b's events quietly. Filters that take
    several values (topics, verdicts) may repeat."""

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if hasattr(self.data, "getlist"):
            several = repeatable(self.fields)
            for name in self.fields:
                given = len(self.data.getlist(name))
                if given > 1 and name not in several and name not in self.errors:
                    self.add_error(name, "Given more than once: give one.")
        return cleaned


class EventFilterForm(OneValueEach):
    """Bind to request.GET. `filter()` applies every valid parameter; an invalid one is
    named in `errors` and left out, so the caller can say what was ignored."""

    # Checkboxes rather than a multiple <select>: several topics at once, one tap each.
    topic = SeveralChoices(label="Topics")
    speaker = OneChoice(among="speakers", label="Speaker")
    level = SeveralChoices(label="Verdict")
    dates = forms.CharField(
        required=False,
        max_length=64,
        label="Dates",
        help_text="A year or a range: 2012, 2015–2016, Sept 2015, since 2016, before 2012.",
        widget=forms.TextInput(attrs={"placeholder": "2012 or 2015–2016"}),
    )
    q = SearchField(
        label="Search",
        help_text="Words in an event, a quote or a claim.",
        # Short enough for a phone's field.
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Words in events, quotes, claims"}
        ),
    )
    # Events mentioned in one interview (an interview page links here for all of them): a
    # slug, not a list of choices to show, checked against the published interviews.
    interview = forms.SlugField(required=False, label="Interview")
    # Events one public claim's words mention (a claim's page and the API link here).
    claim = forms.SlugField(required=False, label="Claim")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The choices change only with the data: kept until it does (kit.cache).
        choices = remember("chronology-choices", selectors.chronology_choices)
        offer(self, "topic", choices["topic"])
        offer(self, "speaker", [("", "Anyone"), *choices["speaker"]])
        offer(self, "level", choices["level"])
        self.interviews = {slug for slug, _ in choices["interview"]}
        self.interview_choices = choices["interview"]  # the front page names them too
        self.claim_words: dict[str, str] = {}  # the claim filtered by, as clean_claim read it

    def labels(self, name: str) -> dict[str, str]:
        """What each value of the filter `name` is called where the filters applied are
        listed: its choice's label, an interview's title, a claim's first words."""
        if name == "interview":
            return dict(self.interview_choices)
        if name == "claim":
            return self.claim_words
        return dict(getattr(self.fields[name], "choices", []))

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name, kind in (("topic", "topics"), ("level", "verdicts")):
            field = self.fields[name]
            assert isinstance(field, SeveralChoices)
            if not field.unknown or name in self.errors:
                continue
            known = cleaned.get(name) or []
            named = ", ".join(f"“{text[:40]}”" for text in field.unknown[:3])
            self.add_error(
                name,
                forms.ValidationError(
                    "%(named)s %(verb)s not one of the %(kind)s here%(rest)s.",
                    code="unknown_choice",
                    params={
                        "named": named,
                        "verb": "is" if len(field.unknown) == 1 else "are",
                        "kind": kind,
                        "rest": "; the others were used" if known else "",
                    },
                ),
            )
            if known:  # the known ones still apply (add_error took the field out)
                self.cleaned_data[name] = known
        return self.cleaned_data

    def clean_dates(self) -> FuzzyDate | None:
        text = self.cleaned_data["dates"].strip()
        if not text:
            return None
        try:
            # "2020-21" is 2020 to 2021 here: readers do not type EDTF's season codes.
            return short_year_span(text) or parse_natural(text)
        except DateParseError as error:
            raise forms.ValidationError(str(error), code="invalid_dates") from error

    def clean_interview(self) -> str:
        slug = self.cleaned_data["interview"]
        if slug and slug not in self.interviews:
            raise forms.ValidationError(f"No interview has the slug “{slug}”.", code="unknown")
        return slug

    def clean_claim(self) -> str:
        slug = self.cleaned_data["claim"]
        if not slug:
            return slug
        # By its unique slug alone: not joined to its quote to be put in the claims' order.
        found = Claim.objects.public().filter(slug=slug).order_by().values_list("text", flat=True)
        text = next(iter(found[:1]), None)
        if text is None:
            raise forms.ValidationError(f"No checked claim has the slug “{slug}”.", code="unknown")
        self.claim_words[slug] = f"“{shorten(text, CLAIM_WORDS)}”"
        return slug

    def filter(self, queryset: EventQuerySet, *, many: bool = False) -> EventQuerySet:
        """`queryset` narrowed by every valid filter (all must hold); `many`: the caller
        knows the text search matches thousands (selectors.search)."""
        return selectors.search(self._narrowed(queryset), self._text(), many=many)

    def _text(self) -> str:
        self.is_valid()  # runs validation once; cleaned_data then holds the valid fields
        return self.cleaned_data.get("q") or ""

    def _narrowed(self, queryset: EventQuerySet, *, many: bool = False) -> EventQuerySet:
        """`queryset` narrowed by every valid filter but the text search. `many`: thousands
        of events pass, so each is tested as the chronology is read, up to a page, rather
        than all gathered and sorted (EventQuerySet.among)."""
        text = self._text()
        data = self.cleaned_data
        # A text search finds the candidates, or the chronology is read in order; either
        # way each event is checked against the topics.
        each_row = many or bool(fulltext.words(text))
        queryset = queryset.in_topics(data.get("topic") or [], each_row=each_row)
        queryset = selectors.said_by(queryset, data.get("speaker") or "", many=many)
        queryset = selectors.mentioned_in(queryset, data.get("interview") or "", many=many)
        queryset = selectors.mentioned_by_claim(queryset, data.get("claim") or "", many=many)
        queryset = selectors.with_verdict_levels(queryset, data.get("level") or [], many=many)
        if data.get("dates"):
            queryset = queryset.between(data["dates"].lower, data["dates"].upper)
        return queryset

    def _filters_key(self) -> str:
        """What the valid filters ask, the same whatever order or spelling they came in:
        a key for what they find."""
        data = self.cleaned_data
        dates = data.get("dates")
        asked = (
            sorted(data.get("topic") or []),
            data.get("speaker") or "",
            sorted(data.get("level") or []),
            (dates.lower, dates.upper) if dates else None,
            data.get("interview") or "",
            data.get("claim") or "",
            # As the indexes read them (case, punctuation aside), and in any order: a search
            # finds the events holding every word.
            sorted(set(fulltext.words(self._text()))),
        )
        return hashlib.sha256(repr(asked).encode()).hexdigest()[:32]

    def described(self) -> list[str]:
        """What the valid filters ask, in a few words each, in the form's order: a topic's
        slug, the dates as read ("2012 onwards"), "speaker rahm-emanuel", "rated
        misleading", "interview …", "claim …", "search xi turn" (each word once): a
        download's name says what it holds, and no two different asks read the same."""
        data = self.cleaned_data
        dates = data.get("dates")
        words = fulltext.words(self._text())
        return [
            *sorted(data.get("topic") or []),
            *([f"speaker {data['speaker']}"] if data.get("speaker") else []),
            *(f"rated {level}" for level in sorted(data.get("level") or [])),
            *([dates.label] if dates else []),
            *([f"interview {data['interview']}"] if data.get("interview") else []),
            *([f"claim {data['claim']}"] if data.get("claim") else []),
            *([f"search {' '.join(words)}"] if words else []),
        ]

    def read(
        self, queryset: EventQuerySet, *, most: int, years: bool
    ) -> tuple[EventQuerySet, dict[int | None, int] | None]:
        """`queryset` (the events readers see) narrowed by every valid filter, read as
        cheaply as its size allows, and how many of its events start each year when `years`
        asks (None: not asked, or a search matching more than `most`).

        A text search first looks for its matches, in one query reading at most `most` + 1
        of each kind in chronological order (timeline.models.found_by_any), and pages are
        read from what it found, by their keys, without searching again: every match when
        they are fewer, and up to where the look stopped when they are more (a common
        word: its first thousand, some twenty pages), past which the chronology is read in
        order, each event's words tested, stopping at a page. The look is remembered until
        the data changes: a reader paging through the matches, or a page and its HTMX
        fragment, look once. The other filters' years are counted once per data version,
        as the whole chronology's are (remembered: one GROUP BY over the ten thousand
        events of a topic costs more than the rest of the page); when more than `most`
        pass (a topic of ten thousand events), the chronology is read in order and stops
        at a page, each event tested against the filters, instead of every match being
        gathered and sorted (`many`); so is a dates filter of a few years, whatever else is
        asked."""
        narrowed, text = self._narrowed(queryset), self._text()
        if fulltext.words(text):
            found = remember(
                f"search-found:{most}:{self._filters_key()}",
                lambda: found_by_any(selectors.search_parts(narrowed, text), most),
            )
            if found.last is None:  # every match: the page is read from their list alone
                return queryset.filter(found.condition()), found.years
            # Past the last match found, only the kinds of match the look stopped reading
            # can be more: a common word in the events' own words, most often, and not the
            # few dozen events its quotes date, which the look read in full.
            narrowed, beyond = selectors.search_condition(
                narrowed, text, many=True, kinds=found.cut
            )
            return narrowed.filter(found.condition(beyond)), found.years
        if not any(self.cleaned_data.values()):
            # The whole chronology's years: the same for every reader until the data changes.
            return narrowed, remember("year-counts", queryset.year_counts) if years else None
        counts, few_years = remember(
            f"year-counts:{self._filters_key()}", lambda: self._counts(queryset, narrowed)
        )
        if few_years or sum(counts.values()) > most:
            narrowed = self._narrowed(queryset, many=True)
        return narrowed, counts if years else None

    def _counts(
        self, queryset: EventQuerySet, narrowed: EventQuerySet
    ) -> tuple[dict[int | None, int], bool]:
        """How many of the `narrowed` events start in each year, and whether the dates
        filter, beside others, covers few enough years to read them in full (in order, each
        event tested against the other filters: not a topic's or a speaker's thousands
        gathered to find the few in those years). One query."""
        data = self.cleaned_data
        dates = data.get("dates")
        if not dates or not any(value for name, value in data.items() if name != "dates"):
            return narrowed.year_counts(), False
        window = queryset.between(dates.lower, dates.upper)
        counts, in_window = year_counts_beside(narrowed, window, WINDOW_READ_IN_FULL)
        return counts, in_window <= WINDOW_READ_IN_FULL


# A dates filter letting through at most this many events by itself is read in full, in
# order (EventFilterForm.read).
WINDOW_READ_IN_FULL = 5000


def _claim_levels() -> list[tuple[str, str]]:
    """The levels of the published verdicts."""
    levels = Claim.objects.published().values("published_verdict__level")
    return list(RatingLevel.objects.filter(pk__in=levels).values_list("slug", "label"))


def _claim_speakers() -> list[tuple[str, str]]:
    """Who said a claim with a published verdict, by name."""
    speakers = Speaker.objects.filter(quotes__claims__in=Claim.objects.published())
    return list(speakers.order_by("name").values_list("slug", "name").distinct())


def _interview_choices() -> list[tuple[str, str]]:
    return list(Transcript.objects.published().values_list("slug", "title"))


def matching_claims(claims: AnyQuerySet, text: str) -> AnyQuerySet:
    """The claims whose own words or whose quote's words hold every word of `text`."""
    return claims.filter(
        Q(pk__in=Claim.objects.matching(text)) | Q(quote__in=Quote.objects.matching(text))
    )


class ClaimListFilterForm(OneValueEach):
    """The checked claims' filters (/claims/), bound to request.GET: a choice that names
    nothing is an error, left out by `filter()`, which applies the rest."""

    q = SearchField(
        label="Search",
        help_text="Words in a claim or in the words it was made from.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in claims"}),
    )
    level = OneChoice(among="verdicts", label="Verdict")
    speaker = OneChoice(among="speakers", label="Speaker")
    topic = OneChoice(among="topics", label="Topic")
    interview = OneChoice(among="interviews", label="Interview")
    # The claims whose verdict cites one source: followed from the sources page (a source
    # cited by many lists its first few there), kept as the other filters change.
    source = forms.SlugField(required=False, label="Source", widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The choices change only with the data: kept until it does (kit.cache).
        offer(self, "level", [("", "Any verdict"), *remember("claim-levels", _claim_levels)])
        offer(self, "speaker", [("", "Anyone"), *remember("claim-speakers", _claim_speakers)])
        offer(self, "topic", [("", "Any topic"), *remember("topic-choices", _topic_choices)])
        interviews = remember("interview-choices", _interview_choices)
        offer(self, "interview", [("", "Any interview"), *interviews])
        self.cited: Source | None = None  # the source `source` names, once cleaned

    def filters_key(self) -> str:
        """What the valid filters ask, whatever order, case or spelling the words came in
        (a search finds claims holding every word): a key for what they find."""
        asked = sorted(
            (name, sorted(set(fulltext.words(value))) if name == "q" else value)
            for name, value in self.cleaned_data.items()
            if value
        )
        return hashlib.sha256(repr(asked).encode()).hexdigest()[:32]

    def clean_source(self) -> str:
        slug = self.cleaned_data["source"]
        if slug:
            self.cited = Source.objects.cited().filter(slug=slug).first()
            if self.cited is None:
                raise forms.ValidationError(f"No cited source has the slug “{slug}”.")
        return slug

    def filter(self, claims: AnyQuerySet) -> AnyQuerySet:
        self.is_valid()
        data = self.cleaned_data
        if text := (data.get("q") or "").strip():
            claims = matching_claims(claims, text)
        if data.get("level"):
            claims = claims.filter(published_verdict__level__slug=data["level"])
        if data.get("speaker"):
            claims = claims.filter(quote__speaker__slug=data["speaker"])
        if data.get("topic"):
            mentioned = Mention.objects.public().filter(event__topics__slug=data["topic"])
            claims = claims.filter(quote__in=mentioned.values("quote_id"))
        if data.get("interview"):
            claims = claims.filter(quote__transcript__slug=data["interview"])
        if data.get("source"):  # a verdict cites a source once (evidence_source_once)
            claims = claims.filter(published_verdict__evidence__source__slug=data["source"])
        return claims


def _cited_kinds() -> dict[str, int]:
    cited = Source.objects.cited().order_by()
    return dict(cited.values_list("kind").annotate(count=Count("pk")))


class SourceFilterForm(OneValueEach):
    """Bind to request.GET; only the kinds of the sources public verdicts cite are offered,
    each with how many there are (remembered until the record changes: `kind_counts`)."""

    q = SearchField(
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Title, publisher, author or address"}
        ),
    )
    kind = OneChoice(among="kinds of source", label="Kind of source")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind_counts = counts = remember("cited-source-kinds", _cited_kinds)
        labels = dict(Source.Kind.choices)
        offer(
            self,
            "kind",
            [
                ("", f"All kinds ({sum(counts.values())})"),
                *((kind, f"{labels[kind]} ({counts[kind]})") for kind in labels if kind in counts),
            ],
        )

    def filter(self, sources: SourceQuerySet) -> SourceQuerySet:
        """`sources` narrowed by each filter that could be read."""
        self.is_valid()
        if kind := self.cleaned_data.get("kind"):
            sources = sources.filter(kind=kind)
        if text := self.text():
            sources = sources.search(text)
        return sources

    def text(self) -> str:
        return (self.cleaned_data.get("q") or "").strip()

    def count(self) -> int:
        """How many cited sources the filters let through: from the kinds' counts unless a
        search narrows them."""
        if self.text():
            return self.filter(Source.objects.cited()).count()
        kind = self.cleaned_data.get("kind")
        return self.kind_counts.get(kind, 0) if kind else sum(self.kind_counts.values())


# The API's filters, beside the pages' (reader/api.py).


class SlugFilterForm(forms.Form):
    """Filters naming things by slug: a slug that names nothing is an error, not an empty
    list, so a typo is caught rather than mistaken for "no results". `lookups` maps each
    filter to the lookup it applies; `filter()` applies those given."""

    lookups: dict[str, str] = {}

    def known(self, field: str, queryset: QuerySet, what: str) -> str:
        slug = self.cleaned_data[field]
        if slug and not queryset.filter(slug=slug).exists():
            raise forms.ValidationError(f"No {what} has the slug “{slug}”.", code="unknown")
        return slug

    # Each runs only in a form that has the field (Form.clean_<field>).
    def clean_level(self) -> str:
        return self.known("level", RatingLevel.objects.all(), "rating level")

    def clean_speaker(self) -> str:
        return self.known("speaker", Speaker.objects.all(), "speaker")

    def clean_interview(self) -> str:
        return self.known("interview", Transcript.objects.published(), "interview")

    def filter(self, queryset: AnyQuerySet) -> AnyQuerySet:
        given = {self.lookups[name]: self.cleaned_data[name] for name in self.lookups}
        return queryset.filter(**{lookup: value for lookup, value in given.items() if value})


class ClaimFilterForm(SlugFilterForm):
    speaker = forms.SlugField(required=False, help_text="Claims made by this speaker (a slug).")
    level = forms.SlugField(
        required=False, help_text="Claims whose current verdict is at this rating level (a slug)."
    )
    event = forms.SlugField(
        required=False, help_text="Claims made in a quote that dates this event (a slug)."
    )
    interview = forms.SlugField(required=False, help_text="Claims made in this interview (a slug).")
    topic = forms.SlugField(
        required=False,
        help_text="Claims made in a quote dating an event of this topic (a slug).",
    )
    source = forms.SlugField(
        required=False, help_text="Claims whose current verdict cites this source (a slug)."
    )
    q = SearchField(help_text="Words in the claim or in its quote.")
    lookups = {
        "speaker": "quote__speaker__slug",
        "level": "published_verdict__level__slug",
        "interview": "quote__transcript__slug",
        # A verdict cites a source once (evidence_source_once): no claim listed twice.
        "source": "published_verdict__evidence__source__slug",
    }

    def clean_event(self) -> str:
        return self.known("event", Event.objects.public(), "event")

    def clean_topic(self) -> str:
        return self.known("topic", Topic.objects.all(), "topic")

    def clean_source(self) -> str:
        return self.known("source", Source.objects.cited(), "cited source")

    def filter(self, claims: AnyQuerySet) -> AnyQuerySet:
        claims = super().filter(claims)
        if event := self.cleaned_data["event"]:
            mentioned = Mention.objects.public().filter(event__slug=event).values("quote_id")
            claims = claims.filter(quote__in=mentioned)
        if topic := self.cleaned_data["topic"]:
            mentioned = Mention.objects.public().filter(event__topics__slug=topic)
            claims = claims.filter(quote__in=mentioned.values("quote_id"))
        if text := self.cleaned_data["q"].strip():
            claims = matching_claims(claims, text)
        return claims


class InterviewFilterForm(SlugFilterForm):
    speaker = forms.SlugField(
        required=False, help_text="Interviews this speaker appears in (a slug)."
    )
    lookups = {"speaker": "appearances__speaker__slug"}


class SpeakerFilterForm(SlugFilterForm):
    interview = forms.SlugField(required=False, help_text="Speakers in this interview (a slug).")
    lookups = {"interview": "appearances__transcript__slug"}


class VerdictFilterForm(SlugFilterForm):
    claim = forms.SlugField(required=False, help_text="The verdicts on this claim (a slug).")
    level = forms.SlugField(required=False, help_text="Verdicts at this rating level (a slug).")
    status = OneChoice(
        among="statuses",
        listed=True,
        choices=[("", "Any"), *[(s.value, s.label) for s in Verdict.PUBLIC_STATUSES]],
        help_text="Published (current), superseded by a correction, or withdrawn.",
    )
    source = forms.SlugField(required=False, help_text="Verdicts citing this source (a slug).")
    lookups = {
        "claim": "claim__slug",
        "level": "level__slug",
        "status": "status",
        # A verdict cites a source once (evidence_source_once): no verdict is listed twice.
        "source": "evidence__source__slug",
    }

    def clean_claim(self) -> str:
        return self.known("claim", Claim.objects.public(), "claim")

    def clean_source(self) -> str:
        return self.known("source", Source.objects.cited(), "source")


class SourceKindFilterForm(forms.Form):
    """The API's sources filter: any kind of source there is."""

    kind = OneChoice(
        among="kinds of source",
        listed=True,
        choices=[("", "Any"), *Source.Kind.choices],
        help_text="Sources of this kind.",
    )

    def filter(self, sources: SourceQuerySet) -> SourceQuerySet:
        kind = self.cleaned_data["kind"]
        return sources.filter(kind=kind) if kind else sources
