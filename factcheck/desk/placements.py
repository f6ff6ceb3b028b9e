"""What the desk's claim page shows of the claim's place on the chronology: the events its
quote is linked to, the search for more, and how a typed date and a spoken one are read."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.desk.forms import EventCreateForm, EventLinkForm
from factcheck.models import Claim, Mention, Quote
from kit.forms import SearchField
from timeline.dates import DateParseError, parse_edtf, parse_natural
from timeline.models import CHRONOLOGICAL, Event

# Events a search offers at once: enough to find the one meant, few enough to read; a
# longer list asks for another word.
EVENTS_FOUND = 8
LINK_PREFIX = "link"
NEW_PREFIX = "new"


@dataclass(frozen=True)
class DateReading:
    """How the desk read what an editor typed: the date as readers will see it, or why it
    could not be read."""

    typed: str
    label: str = ""
    edtf: str = ""
    error: str = ""
    counted_back: bool = False  # a phrase resolved against the interview's date
    future: bool = False  # it starts after today: an event still to come, or a slip


def read_date(typed: str) -> DateReading | None:
    """The event's date as typed ("mid-2012"), read by the same parser that saves it."""
    typed = typed.strip()
    if not typed:
        return None
    try:
        fuzzy = parse_natural(typed)
    except DateParseError as error:  # the template names what was typed: the reason alone
        return DateReading(typed, error=error.reason or str(error))
    return DateReading(
        typed, label=fuzzy.label, edtf=fuzzy.edtf, future=fuzzy.lower > timezone.localdate()
    )


def read_phrase(phrase: str, quote: Quote) -> DateReading | None:
    """The date as the speaker put it ("four months ago"), resolved against the interview's
    date as the link will store it, or read as a date of its own ("in 2012", "July 12,
    2016") as the link will read it (derive_mention_dates); no label for words that are no
    date; or why it cannot be kept (words that are not the quote's)."""
    phrase = services.spoken_phrase(phrase)
    if not phrase:
        return None
    if problem := services.phrase_problem(phrase, quote):
        return DateReading(phrase, error=problem)
    if edtf := services.spoken_date(phrase, quote.transcript):
        return DateReading(phrase, label=parse_edtf(edtf).label, edtf=edtf, counted_back=True)
    try:
        said = parse_natural(phrase.strip("[]() "))
    except DateParseError:
        return DateReading(phrase)
    return DateReading(phrase, label=said.label, edtf=said.edtf)


def readings(claim: Claim, date: str, phrase: str) -> dict:
    date_reading, phrase_reading = read_date(date), read_phrase(phrase, claim.quote)
    disagree = False
    if date_reading and date_reading.edtf and phrase_reading and phrase_reading.edtf:
        event, spoken = parse_edtf(date_reading.edtf), parse_edtf(phrase_reading.edtf)
        disagree = not spoken.meets(event.lower, event.upper)  # as Mention.agrees_with reads
    return {
        "date_reading": date_reading,
        "phrase_reading": phrase_reading,
        # What the link will say once saved (views.chronology._date_warning), said before.
        "dates_disagree": disagree,
        "interview": claim.quote.transcript,
    }


def chronology_context(
    claim: Claim,
    user: User,
    *,
    query: str = "",
    link_form: EventLinkForm | None = None,
    event_form: EventCreateForm | None = None,
    placement_error: str = "",
    placement_notice: str = "",
    placement_warning: str = "",
) -> dict:
    """The claim page's chronology panel: the quote's links to events (the date as
    documented beside the date as spoken), what a search found, and the forms."""
    mentions = list(
        Mention.objects.filter(quote=claim.quote_id)
        .select_related("event")
        .order_by(*(f"event__{field}" for field in CHRONOLOGICAL))
    )
    event_form = event_form or EventCreateForm(prefix=NEW_PREFIX)
    preview = reverse("desk:event_date_preview", args=[claim.slug])
    for name in ("date", "phrase"):
        event_form.fields[name].widget.attrs.update(
            {
                "hx-get": preview,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#desk-date-preview",
                "hx-include": f"#id_{NEW_PREFIX}-date, #id_{NEW_PREFIX}-phrase",
                "autocomplete": "off",
            }
        )
    data = event_form.data if event_form.is_bound else {}
    return {
        "mentions": mentions,
        "can_place": user.has_perms(services.PLACE_ON_CHRONOLOGY),
        "link_form": link_form or EventLinkForm(prefix=LINK_PREFIX),
        "event_form": event_form,
        "placement_error": placement_error,
        "placement_notice": placement_notice,
        "placement_warning": placement_warning,
        **found_events(claim, query),
        **readings(claim, data.get(f"{NEW_PREFIX}-date", ""), data.get(f"{NEW_PREFIX}-phrase", "")),
    }


def found_events(claim: Claim, query: str) -> dict:
    """Events holding every word of `query` (the full-text index) that the quote is not
    linked to yet, in the chronology's order: at most EVENTS_FOUND of them."""
    query = query.strip()
    found: list[Event] = []
    try:
        SearchField().clean(query)  # words to search for: not only "the", nor too many
    except ValidationError as refusal:
        return {"event_query": query, "events_found": [], "event_refusal": refusal.messages[0]}
    if query:
        linked = Mention.objects.filter(quote=claim.quote_id).values("event_id")
        found = list(
            Event.objects.matching(query).exclude(pk__in=linked).chronological()[: EVENTS_FOUND + 1]
        )
    return {
        "event_query": query,
        "events_found": found[:EVENTS_FOUND],
        "more_events": len(found) > EVENTS_FOUND,
    }
