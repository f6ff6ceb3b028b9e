"""The chronology: events, the topics that group them, and eras, all dated in EDTF."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from timeline.dates import DateParseError, FuzzyDate, Precision, label, parse_edtf


def validate_edtf(value: str) -> None:
    try:
        parse_edtf(value)
    except DateParseError as error:
        raise ValidationError(str(error), code="invalid_edtf") from error


class FuzzyDated(models.Model):
    """A date known to some precision, stored as EDTF with its bounds derived for sorting.

    `date_lower` / `date_upper` / `precision` are derived from `edtf` on save: they are never
    typed, so they can never disagree with it.
    """

    edtf = models.CharField(
        "date (EDTF)",
        max_length=64,
        validators=[validate_edtf],
        help_text="As EDTF (2016-07-12, 2012~, 2024-01/2024-02, 199X) or as you would say it "
        "(“Sept. 25, 2015”, “mid-2012”, “c. 1999”).",
    )
    date_lower = models.DateField(editable=False, db_index=True)
    date_upper = models.DateField(editable=False)
    precision = models.CharField(
        max_length=8, choices=[(p.value, p.value) for p in Precision], editable=False
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
        fuzzy = parse_edtf(self.edtf)
        self.edtf, self.date_lower, self.date_upper = fuzzy.edtf, fuzzy.lower, fuzzy.upper
        self.precision = fuzzy.precision.value
        super().save(*args, **kwargs)

    @property
    def fuzzy_date(self) -> FuzzyDate:
        return parse_edtf(self.edtf)

    @property
    def date_label(self) -> str:
        return label(self.edtf)


class Topic(models.Model):
    """A lane of the chronology (South China Sea, cyber and IP, alliances, trade...)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Era(FuzzyDated):
    """A broad period (an administration, a leader's tenure) for grouping exports."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta(FuzzyDated.Meta):
        ordering = ["date_lower", "title"]

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet):
    def chronological(self) -> "EventQuerySet":
        return self.order_by("date_lower", "date_upper", "pk")

    def after(
        self, date_lower: datetime.date, date_upper: datetime.date, pk: int
    ) -> "EventQuerySet":
        """Events that sort after (date_lower, date_upper, pk) in chronological order: the
        keyset for paging the chronology without OFFSET."""
        return self.filter(
            Q(date_lower__gt=date_lower)
            | Q(date_lower=date_lower, date_upper__gt=date_upper)
            | Q(date_lower=date_lower, date_upper=date_upper, pk__gt=pk)
        )

    def between(self, lower: datetime.date | None, upper: datetime.date | None) -> "EventQuerySet":
        """Events whose date range overlaps [lower, upper] (either end may be open)."""
        queryset = self
        if lower is not None:
            queryset = queryset.filter(date_upper__gte=lower)
        if upper is not None:
            queryset = queryset.filter(date_lower__lte=upper)
        return queryset

    def in_topics(self, slugs: list[str]) -> "EventQuerySet":
        """Events in any of the topics (a reader ticking two topics wants both lanes)."""
        if not slugs:
            return self
        return self.filter(
            pk__in=Event.topics.through.objects.filter(topic__slug__in=slugs).values("event_id")
        )

    # Evidence lives in the factcheck app, which builds on this one: these lookups reach it
    # through relation names only, so timeline never imports factcheck.
    def said_by(self, speaker_slug: str) -> "EventQuerySet":
        """Events mentioned in quotes by this speaker."""
        return self.filter(
            pk__in=Event.objects.filter(mentions__quote__speaker__slug=speaker_slug).values("pk")
        )

    def with_verdict_levels(self, level_slugs: list[str]) -> "EventQuerySet":
        """Events with a claim about them whose published verdict is at one of these levels."""
        if not level_slugs:
            return self
        lookup = "mentions__quote__claims__published_verdict__level__slug__in"
        return self.filter(pk__in=Event.objects.filter(**{lookup: level_slugs}).values("pk"))

    def search(self, text: str) -> "EventQuerySet":
        """Events whose title or summary, or a quote or claim about them, contains `text`."""
        text = text.strip()
        if not text:
            return self
        matches = Event.objects.filter(
            Q(title__icontains=text)
            | Q(summary__icontains=text)
            | Q(mentions__quote__exact__icontains=text)
            | Q(mentions__quote__claims__text__icontains=text)
        )
        return self.filter(pk__in=matches.values("pk"))

    def with_verdicts(self) -> "EventQuerySet":
        """Prefetched for a line of the chronology: the topics, and the published verdict of
        every claim made in a quote that mentions the event (a fixed number of queries)."""
        return self.prefetch_related("topics", "mentions__quote__claims__published_verdict__level")


class Event(FuzzyDated):
    """Something that happened, at a date known to some precision."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, related_name="events", blank=True)
    era = models.ForeignKey(
        Era, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta(FuzzyDated.Meta):
        ordering = ["date_lower", "date_upper", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date_label})"

    def get_absolute_url(self) -> str:
        return reverse("timeline:event_detail", kwargs={"slug": self.slug})
