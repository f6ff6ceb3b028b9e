"""Writes that touch several models. Each validates before it saves and runs atomically;
each that changes what readers see retires their cached pages when it commits."""

import datetime
import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Model, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, slugify

from factcheck import anchoring, roles
from factcheck.anchoring import AnchorStatus
from factcheck.models import (
    Action,
    Appearance,
    Claim,
    Correction,
    ErrorReport,
    Evidence,
    Mention,
    Passage,
    Quote,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
    Verdict,
    phrase_as_date,
)
from factcheck.transcripts import (
    SPOKEN,
    ParsedTranscript,
    Role,
    TranscriptFormatError,
    check_text,
    parse_transcript,
    same_text_hashes,
)
from kit.cache import bump_data_version
from kit.validators import single_line
from timeline.dates import (
    DateParseError,
    FuzzyDate,
    parse_edtf,
    parse_natural,
    resolve_relative,
)
from timeline.models import Event, Topic

ModelT = TypeVar("ModelT", bound=Model)
P = ParamSpec("P")
R = TypeVar("R")
logger = logging.getLogger(__name__)


def _changes_the_record(service: Callable[P, R]) -> Callable[P, R]:
    """The service changes what readers see: bump the data version (kit.cache) when it has
    committed, so the next reader gets the new record and no cached page shows the old."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        result = service(*args, **kwargs)
        bump_data_version()
        return result

    return wrapper


def _valid(instance: ModelT) -> ModelT:
    """`instance`, saved once full_clean() passes: nothing invalid is written."""
    instance.full_clean()
    instance.save()
    return instance


# Transcripts: split by factcheck.transcripts, imported by the command and the desk alike.


@dataclass(frozen=True)
class PassageCorrection:
    """An editor's word on one passage of an import's preview: its role and speaker."""

    role: str
    speaker: str = ""
    # The role the preview showed when the editor chose these (the role as read, unless an
    # earlier correction changed it): a speaker left as shown follows a change of role.
    shown_role: str = ""
    # The role and speaker that preview read the passage as, before any correction: a row
    # left as read is no correction, and is read again with the names given since (the
    # preview of a transcript pasted before the names guesses who speaks).
    read_role: str = ""
    read_speaker: str = ""

    @property
    def as_read(self) -> bool:
        def said(name: str) -> str:
            return " ".join(name.split())

        read = (self.read_role, said(self.read_speaker))
        return bool(self.read_role) and (self.role, said(self.speaker)) == read


def _parse(text: str, **options) -> ParsedTranscript:
    try:
        return parse_transcript(
            check_text(text, max_bytes=settings.TRANSCRIPT_MAX_BYTES),
            max_passages=settings.TRANSCRIPT_MAX_PASSAGES,
            **options,
        )
    except TranscriptFormatError as error:
        raise ValidationError({"text": str(error)}) from error


def transcript_preview(
    *,
    text: str,
    interviewer: str,
    interviewee: str,
    speakers: Sequence[str] = (),
    corrections: Mapping[int, PassageCorrection] | None = None,
) -> ParsedTranscript:
    """`text` split as an import would split it, with the editor's `corrections` (by
    passage number, from 1) applied. Raises ValidationError on "text" (too large, empty,
    no turn found...) or "passages" (a correction that names no passage or role)."""
    interviewer, interviewee = speaker_choice(interviewer)[0], speaker_choice(interviewee)[0]
    speakers = [speaker_choice(name)[0] for name in speakers]
    parsed = _parse(text, interviewer=interviewer, interviewee=interviewee, speakers=speakers)
    if not corrections:
        return parsed
    passages = list(parsed.passages)
    for number, correction in sorted(corrections.items()):
        if not 1 <= number <= len(passages):
            raise ValidationError({"passages": f"There is no passage {number} to correct."})
        if correction.role not in set(Role):
            raise ValidationError(
                {"passages": f"Passage {number}: “{correction.role[:20]}” is not a role."}
            )
        if correction.as_read:
            continue
        role = Role(correction.role)
        passage = passages[number - 1]
        default = {Role.QUESTION: interviewer, Role.ANSWER: interviewee}
        shown = Role(correction.shown_role) if correction.shown_role in set(Role) else passage.role
        speaker = " ".join(correction.speaker.split()) if role in SPOKEN else ""
        try:
            single_line(speaker)
        except ValidationError as error:
            raise ValidationError({"passages": f"Passage {number}: {error.messages[0]}"}) from None
        if role in SPOKEN and not speaker:
            speaker = default[role]
        elif role in SPOKEN and role is not shown and speaker == default.get(shown):
            # A question made an answer (or the reverse, or back again), its speaker left as
            # the preview showed it: the speaker goes with the role, or the interviewer's
            # words would be quoted as the interviewee's answer.
            speaker = default[role]
        if (role, speaker) != (passage.role, passage.speaker):
            passages[number - 1] = replace(
                passage,
                role=role,
                speaker=speaker,
                reason="corrected by an editor",
                guessed=False,
                read=passage.as_read,
            )
    named = [*parsed.speakers, *(p.speaker for p in passages if p.speaker)]
    return replace(parsed, passages=tuple(passages), speakers=tuple(dict.fromkeys(named)))


# A name may say which speaker it means by their slug, in brackets: "Mike Rogers
# [michael-rogers]". The importer asks for one when a name could be several people; a slug
# that names no one yet makes a new person with that slug, so two namesakes stay two.
_CHOSEN = re.compile(r"^(?P<name>.*?)\s*\[(?P<slug>[-a-z0-9]+)\]$")


def speaker_choice(typed: str) -> tuple[str, str]:
    """(the name, the slug chosen for it or "") of a name as an editor typed it."""
    typed = " ".join(typed.split())
    match = _CHOSEN.match(typed)
    return (match["name"], match["slug"]) if match else (typed, "")


def _speaker(typed: str) -> Speaker:
    """The one person `typed` means: the speaker whose slug it is, or whose alias, or the
    one a bracketed slug chooses; unsaved when new. Never a guess between two people:
    a name several speakers answer to is refused with their slugs, for the editor to
    choose."""
    name, chosen = speaker_choice(typed)
    slug = chosen or slugify(name)[:120]
    if not chosen and (bracketed := re.search(r"\[([^\]]*)\]$", name)):
        raise ValidationError(
            f"“[{bracketed[1][:40]}]” is not a slug: in brackets, give the speaker's slug in "
            "lower-case letters, digits and hyphens (“[john-smith]”)."
        )
    if not slugify(name):
        raise ValidationError(f"“{typed[:120]}” is not a speaker's name.")
    if chosen:
        return Speaker.objects.filter(slug=chosen).first() or Speaker(name=name, slug=slug)
    matches = list(Speaker.objects.named(name).order_by("name", "pk")[:5])
    if len(matches) > 1:
        people = ", ".join(f"{each.name} [{each.slug}]" for each in matches)
        raise ValidationError(
            f"“{name}” may be any of {people}. Add the slug of the one who speaks here in "
            f"brackets (“{name} [{matches[0].slug}]”), or a new slug for someone else."
        )
    return matches[0] if matches else Speaker(name=name, slug=slug)


def _same_person(typed: str, other: str) -> bool:
    """Whether two names as typed mean one person: the same name, or names (or bracketed
    slugs, or aliases) that settle on the same speaker. A name that cannot be settled is
    refused on its own account, not as a match."""
    try:
        return _speaker(typed).slug == _speaker(other).slug
    except ValidationError:
        return bool(slugify(typed)) and slugify(typed) == slugify(other)


def _cast(names: Iterable[tuple[str, str]], errors: dict[str, str]) -> dict[str, Speaker]:
    """{name as typed: the person it means} for `names` ((form field, name) pairs); a name
    that cannot be settled is recorded in `errors` under its field."""
    cast = {}
    for field, typed in names:
        try:
            cast[typed] = _speaker(typed)
        except ValidationError as error:
            errors[field] = " ".join([errors.get(field, ""), *error.messages]).strip()
    return cast


def _save_passages(
    transcript: Transcript,
    parsed: ParsedTranscript,
    cast: dict,
    titles: Mapping[int, str] | None = None,
) -> None:
    """The passages of `parsed`, each spoken one by its speaker (`cast`: name → Speaker,
    completed with anyone new), and who appears in it (`titles`: _save_appearances)."""
    for name in parsed.speakers:
        if name not in cast:
            cast[name] = _speaker(name)
    for speaker in cast.values():
        if speaker.pk is None:
            _valid(speaker)
    by_role = {Role.QUESTION: transcript.interviewer, Role.ANSWER: transcript.interviewee}
    Passage.objects.bulk_create(
        Passage(
            transcript=transcript,
            position=number,
            kind=item.role.value,
            speaker=(cast[item.speaker] if item.speaker else by_role[item.role])
            if item.role in SPOKEN
            else None,
            start=item.start,
            end=item.end,
            timestamp=item.timestamp,
        )
        for number, item in enumerate(parsed.passages, start=1)
    )
    _save_appearances(transcript, cast.values(), titles or {})


def _save_appearances(
    transcript: Transcript, speakers: Iterable[Speaker], titles: Mapping[int, str]
) -> None:
    """Who appears in `transcript`, in what role, with the job title they held then
    (`titles` by speaker id; the speaker's own title otherwise)."""
    roles_of = {
        transcript.interviewer_id: Appearance.Role.INTERVIEWER,
        transcript.interviewee_id: Appearance.Role.INTERVIEWEE,
    }
    people = {s.pk: s for s in (transcript.interviewer, transcript.interviewee, *speakers)}
    Appearance.objects.bulk_create(
        Appearance(
            transcript=transcript,
            speaker=speaker,
            role=roles_of.get(pk, Appearance.Role.SPEAKER),
            job_title=titles.get(pk, speaker.job_title),
            position=position,
        )
        for position, (pk, speaker) in enumerate(people.items())
    )


def _insert(instance: ModelT) -> ModelT:
    """`_valid(instance)` in a savepoint. full_clean() checks the unique constraints, but
    another transaction may commit the same row between that check and the INSERT; the
    constraint then refuses it (IntegrityError), and the savepoint keeps the outer
    transaction usable, so the caller can look again and decide what that means."""
    with transaction.atomic():
        return _valid(instance)


# How often a fresh slug is tried when others take the one chosen while it is saved.
SLUG_ATTEMPTS = 3


def _insert_with_slug(
    make: Callable[[str], ModelT], rows: QuerySet, *, slug: str, text: str, fallback: str
) -> ModelT:
    """Insert `make(slug)`; without a `slug`, with a fresh one made of `text` (see
    unique_slug). Two editors saving rows of the same words at once pick the same fresh
    slug; the unique constraint decides, and the one refused takes the next free slug.
    A slug that was given, or one taken again on every attempt, is refused."""
    for _attempt in range(SLUG_ATTEMPTS):
        chosen = slug or unique_slug(text, rows, fallback=fallback)
        try:
            return _insert(make(chosen))
        except (IntegrityError, ValidationError):
            if slug or not rows.filter(slug=chosen).exists():
                raise
    raise ValidationError(
        "Someone saved another with the same words at the same moment; save again."
    )


def transcript_passages(
    text: str, *, corrects: Transcript | None = None, **options
) -> ParsedTranscript:
    """`text` split into passages (`options` as parse_transcript takes them), or a
    ValidationError on "text" saying what is wrong with its shape. A text that `corrects` a
    transcript must keep its number of passages: who said which would be guesswork."""
    parsed = _parse(text, **options)
    if corrects is not None and len(parsed.passages) != (count := corrects.passages.count()):
        raise ValidationError(
            {
                "text": (
                    f"The corrected text has {len(parsed.passages)} passages where the "
                    f"transcript had {count}. Correct words within paragraphs, or import it "
                    "as a new transcript."
                )
            }
        )
    return parsed


@_changes_the_record
@transaction.atomic
def transcript_create(
    *,
    slug: str,
    title: str,
    text: str,
    interviewer: Speaker,
    interviewee: Speaker,
    interview_date: str,
    publisher: str = "",
    url: str = "",
    published: str = "",
    interviewer_paragraphs: Iterable[str] | None = None,
    closing_paragraphs: Iterable[str] = (),
    interviewee_title: str = "",
    by: User | None = None,
) -> Transcript:
    """Record a transcript whose speakers are known: one that was reviewed before it
    reached this site (the bundled interview, a curated dataset) is published at once; one
    added `by` someone (an admin) waits, like any import, for another approver to publish
    it. `interviewee_title`: the job they held then, when it is no longer their title (else
    their title is taken). Raises ValidationError (nothing written) when the metadata or
    the text's shape is wrong."""
    parsed = transcript_passages(
        text,
        interviewer=interviewer.name,
        interviewee=interviewee.name,
        interviewer_paragraphs=interviewer_paragraphs,
        closing_paragraphs=closing_paragraphs,
    )
    transcript = _valid(
        Transcript(
            slug=slug,
            title=title,
            text=parsed.text,
            interviewer=interviewer,
            interviewee=interviewee,
            interview_date=interview_date,
            publisher=publisher,
            url=url,
            published=published,
            imported_by=by,
            site_published_at=None if by else timezone.now(),
        )
    )
    cast = {interviewer.name: interviewer, interviewee.name: interviewee}
    titles = {interviewee.pk: interviewee_title} if interviewee_title else {}
    _save_passages(transcript, parsed, cast, titles)
    if by is not None:
        Action.objects.create(actor=by, verb=Action.Verb.IMPORTED, transcript=transcript)
    return transcript


def _natural_date(typed: str, field: str, errors: dict, *, required: bool) -> FuzzyDate | None:
    """`typed` ("3 June 2024") read, or None with the reason recorded in `errors`."""
    if not typed.strip():
        if required:
            errors[field] = "Give the date, as people say it (“3 June 2024”) or as EDTF."
        return None
    try:
        return parse_natural(typed)
    except DateParseError as error:
        errors[field] = str(error)
        return None


def _interview_dates(interview: FuzzyDate | None, published: FuzzyDate | None, errors: dict):
    """Record in `errors` an interview that would have taken place after today, or a
    publication that would have come before the interview."""
    today = timezone.localdate()
    if interview is not None and interview.lower > today:
        errors["interview_date"] = (
            f"{interview.label} is after today: give the date the interview took place."
        )
    if published is not None and published.lower > today:
        errors["published"] = f"{published.label} is after today: give the date it came out."
    elif interview is not None and published is not None and published.upper < interview.lower:
        errors["published"] = (
            f"{published.label} is before the interview ({interview.label}): an interview is "
            "published after it takes place."
        )


def interview_details(
    *, interviewer: str, interviewee: str, interview_date: str, published: str, errors: dict
) -> dict[str, str]:
    """The interview's dates as EDTF ({"interview_date": ..., "published": ...}, "" for one
    that cannot be read), recording in `errors`, by field, what an import would refuse of
    them and of who took part. The import's preview shows the same before saving."""
    interviewed_on = _natural_date(interview_date, "interview_date", errors, required=True)
    published_on = _natural_date(published, "published", errors, required=False)
    _interview_dates(interviewed_on, published_on, errors)
    if _same_person(interviewer, interviewee):
        errors["interviewee"] = "The interviewee must be someone other than the interviewer."
    return {
        "interview_date": interviewed_on.edtf if interviewed_on else "",
        "published": published_on.edtf if published_on else "",
    }


def interviewee_answers(parsed: ParsedTranscript, interviewee: str, errors: dict) -> None:
    """Record in `errors` a transcript in which the interviewee (as typed, perhaps with a
    bracketed slug) never answers: there would be nothing of theirs to quote. The import
    refuses it; its preview says so before saving."""
    name = speaker_choice(interviewee)[0]
    if not any(p.role is Role.ANSWER and p.speaker in ("", name) for p in parsed.passages):
        errors["text"] = (
            f"{name} never answers in this text: mark the answers “A:”, or begin each "
            "with the interviewee's name as it is typed above."
        )


def others_speak(parsed: ParsedTranscript, speakers: Sequence[str], errors: dict) -> None:
    """Record in `errors` the names listed as others who speak that no passage is by: each
    would be a person in the interview's cast and on the site, for words never said. The
    import refuses them; its preview says so before saving, and still shows the passages,
    to be given to them."""
    speaking = {passage.speaker for passage in parsed.passages}
    names = dict.fromkeys(speaker_choice(name)[0] for name in speakers)
    silent = [name for name in names if name not in speaking]
    if silent:
        listed = ", ".join(f"“{name[:60]}”" for name in silent[:5])
        more = f" and {len(silent) - 5} more" if len(silent) > 5 else ""
        errors["speakers"] = (
            f"No passage is by {listed}{more}: take them off the list, or check that their "
            "turns open with their name (“Name:”), or give them their passages below."
        )


# How soon after an import the same form sent again is taken for the same import.
SAME_IMPORT_WITHIN = datetime.timedelta(minutes=10)


def just_imported(*, text: str, title: str, by: User) -> Transcript | None:
    """The interview `by` imported from this text under this title in the last few minutes:
    the import form sent twice (a double click, a reload that posts again), which names
    what it made rather than refuse the second as a copy of the first."""
    return (
        Transcript.objects.filter(
            content_hash__in=same_text_hashes(text),
            title=title.strip(),
            imported_by=by,
            created_at__gte=timezone.now() - SAME_IMPORT_WITHIN,
        )
        .only("slug", "title")
        .first()
    )


def _already_imported(parsed: ParsedTranscript, url: str, errors: dict) -> None:
    same_text = Transcript.objects.filter(content_hash__in=same_text_hashes(parsed.text)).first()
    if same_text is not None:
        errors["text"] = (
            f"This text was imported already, as “{same_text.title}” ({same_text.slug})."
        )
    same_url = Transcript.objects.filter(url=url).first() if url else None
    if same_url is not None:
        errors["url"] = (
            f"An interview from this URL was imported already: “{same_url.title}” "
            f"({same_url.slug})."
        )


@transaction.atomic
def transcript_import(
    *,
    text: str,
    title: str,
    interviewer: str,
    interviewee: str,
    interview_date: str,
    by: User | None,
    interviewee_title: str = "",
    published: str = "",
    publisher: str = "",
    url: str = "",
    slug: str = "",
    speakers: Sequence[str] = (),
    corrections: Mapping[int, PassageCorrection] | None = None,
) -> Transcript:
    """Import an interview as `by` (None for the command run without --by): its text split
    into passages (with `corrections` from the preview), dates typed as people say them.
    It stays unpublished, seen on the desk only, until another approver publishes it.
    Raises ValidationError naming each field that is wrong; nothing is written then."""
    if by is not None:
        _require(by, roles.IMPORT_TRANSCRIPT)
    errors: dict[str, str] = {}
    names = {"title": title, "interviewer": interviewer, "interviewee": interviewee}
    for field, value in names.items():
        if not slugify(value):
            errors[field] = "Give a name with letters or digits in it."
    dates = interview_details(
        interviewer=interviewer,
        interviewee=interviewee,
        interview_date=interview_date,
        published=published,
        errors=errors,
    )
    parsed = None
    try:
        parsed = transcript_preview(
            text=text,
            interviewer=interviewer,
            interviewee=interviewee,
            speakers=speakers,
            corrections=corrections,
        )
    except ValidationError as error:
        errors.update({field: " ".join(each) for field, each in error.message_dict.items()})
    url = url.strip()
    if parsed is not None:
        interviewee_answers(parsed, interviewee, errors)
        others_speak(parsed, speakers, errors)
        _already_imported(parsed, url, errors)
    if slug and Transcript.objects.filter(slug=slug).exists():
        errors["slug"] = f"An interview with the slug “{slug}” exists already; choose another."
    given = [("interviewer", interviewer), ("interviewee", interviewee)]
    chosen = _cast([*given, *(("speakers", name) for name in speakers)], errors)
    if parsed is not None:
        named = {speaker_choice(typed)[0] for typed in chosen}
        found = [name for name in parsed.speakers if name not in named]
        chosen.update(_cast((("text", name) for name in found), errors))
    if errors or parsed is None:
        raise ValidationError(errors)
    # The parser knows each person by their name, without the slug chosen for it.
    cast = {speaker_choice(typed)[0]: speaker for typed, speaker in chosen.items()}
    interviewed = cast[speaker_choice(interviewee)[0]]
    if interviewed.pk is None:
        interviewed.job_title = interviewee_title.strip()
    try:
        # A savepoint: the same form sent twice at once (a double click) passes the checks
        # above in both requests before either commits, and the second's rows then meet the
        # first's unique constraints (on PostgreSQL; SQLite queues the two).
        with transaction.atomic():
            for speaker in cast.values():
                if speaker.pk is None:
                    _valid(speaker)
            transcript = _valid(
                Transcript(
                    slug=slug or unique_slug(title, Transcript.objects.all(), fallback="interview"),
                    title=title.strip(),
                    text=parsed.text,
                    interviewer=cast[speaker_choice(interviewer)[0]],
                    interviewee=interviewed,
                    publisher=publisher.strip(),
                    url=url,
                    imported_by=by,
                    **dates,
                )
            )
    except IntegrityError:
        # Said as the checks say it, now that the other request's rows can be seen.
        _already_imported(parsed, url, errors)
        raise ValidationError(
            errors or {"title": "Another interview was saved at the same moment; save again."}
        ) from None
    _save_passages(transcript, parsed, cast, {interviewed.pk: interviewee_title.strip()})
    Action.objects.create(
        actor=by,
        verb=Action.Verb.IMPORTED,
        transcript=transcript,
        note=f"{len(parsed.passages)} passages; unpublished until an approver publishes it.",
    )
    return transcript


def details_version(transcript: Transcript) -> str:
    """What an edit of an interview's details was opened at: the row's last change."""
    return transcript.updated_at.isoformat()


def details_corrected_last_by(transcript: Transcript) -> int | None:
    """Who corrected the interview's details last (a user's id), if anyone: not who
    publishes it (transcript_publish)."""
    corrections = transcript.actions.filter(verb=Action.Verb.DETAILS_EDITED).order_by("-pk")
    return corrections.values_list("actor_id", flat=True).first()


@transaction.atomic
def transcript_details_update(
    *,
    transcript: Transcript,
    by: User,
    version: str,
    title: str,
    interviewee_title: str,
    published: str,
    publisher: str,
    url: str,
) -> Transcript:
    """Correct what was typed of an interview at its import (its title, the interviewee's
    job title then, its publication date, publisher and address), while readers have not
    seen it: what an approver publishes is what two people saw. Its text, cast and
    interview date stay: the quotes, claims and dates as spoken hang on them (discard it
    and import it again, while it is unpublished). Refused, changing nothing, when the
    details were changed since `version` was read (someone else's edit is not overwritten),
    and with errors by field for what cannot be read."""
    _require(by, roles.IMPORT_TRANSCRIPT)
    locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if locked.is_published:
        raise ValidationError(PUBLISHED_DETAILS)
    if details_version(locked) != version:
        raise StaleDetailsError()
    errors: dict[str, str] = {}
    if not slugify(title):
        errors["title"] = "Give a name with letters or digits in it."
    # Their appearance, whatever its role (an admin may have changed it): one a person.
    appearance = locked.appearances.filter(speaker_id=locked.interviewee_id).first()
    shown = transcript_details(locked, appearance)
    # As the form showed it: the date as it was, however it reads (a quarter's EDTF).
    published_on = (
        (parse_edtf(locked.published) if locked.published else None)
        if published.strip() == shown["published"]
        else _natural_date(published, "published", errors, required=False)
    )
    _interview_dates(parse_edtf(locked.interview_date), published_on, errors)
    same = Transcript.objects.filter(url=url).exclude(pk=locked.pk).first() if url else None
    if same is not None:
        errors["url"] = f"Another interview is at this URL: “{same.title}” ({same.slug})."
    if errors:
        raise ValidationError(errors)
    typed = {
        "title": title,
        "interviewee_title": interviewee_title,
        "published": published_on.edtf if published_on else "",
        "publisher": publisher,
        "url": url,
    }
    was = shown | {"published": locked.published}  # the date compared as read
    changed = [name for name in DETAILS_NAMED if typed[name] != was[name]]
    if not changed:  # saved as it was: no new version to make others' open forms stale
        return locked
    locked.title, locked.publisher, locked.url = title, publisher, url
    locked.published = typed["published"]
    try:
        with transaction.atomic():  # a savepoint: the constraint's refusal leaves the rest
            _valid(locked)
    except IntegrityError:  # the same URL saved by another edit meanwhile
        raise ValidationError({"url": "Another interview was given this URL meanwhile."}) from None
    if "interviewee_title" in changed:
        _retitle_interviewee(locked, appearance, interviewee_title)
    Action.objects.create(
        actor=by,
        verb=Action.Verb.DETAILS_EDITED,
        transcript=locked,
        note=", ".join(DETAILS_NAMED[name] for name in changed),
    )
    return locked


def transcript_details(
    transcript: Transcript, appearance: Appearance | None = None
) -> dict[str, str]:
    """An interview's details as its form shows them to be corrected
    (transcript_details_update): `appearance` is the interviewee's in it, read when not
    given."""
    if appearance is None:
        appearance = transcript.appearances.filter(speaker_id=transcript.interviewee_id).first()
    return {
        "title": transcript.title,
        "interviewee_title": appearance.job_title if appearance else "",
        "published": date_as_typed(transcript.published, transcript.published_label),
        "publisher": transcript.publisher,
        "url": transcript.url,
    }


def date_as_typed(edtf: str, label: str) -> str:
    """A stored date as a form shows it to be typed again: its label ("5 June 2024") when
    that reads back as the same date, else its EDTF (a quarter, "2024-33", whose label
    "Jan–March 2024" reads as a span of months)."""
    try:
        return label if label and parse_natural(label).edtf == edtf else edtf
    except DateParseError:
        return edtf


def _retitle_interviewee(transcript: Transcript, appearance: Appearance | None, title: str) -> None:
    """The job title the interviewee held in `transcript`, corrected: on their appearance in
    it (made, if an admin removed it); and on the speaker too when the import gave them the
    title typed and no other interview names them (a new speaker, whose title elsewhere on
    the site is this one)."""
    speaker = transcript.interviewee
    if appearance is None:
        last = transcript.appearances.order_by("-position").first()
        Appearance.objects.create(
            transcript=transcript,
            speaker=speaker,
            role=Appearance.Role.INTERVIEWEE,
            job_title=title,
            position=last.position + 1 if last else 0,
        )
        return
    typed_at_import = speaker.job_title == appearance.job_title
    appearance.job_title = title
    appearance.save(update_fields=["job_title"])
    elsewhere = Appearance.objects.filter(speaker=speaker).exclude(transcript=transcript)
    if typed_at_import and not elsewhere.exists():
        speaker.job_title = title
        speaker.save(update_fields=["job_title"])


PUBLISHED_DETAILS = (
    "This interview is published: readers see its details, so an admin changes them, in the admin."
)
# How the record of an edit names each detail changed.
DETAILS_NAMED = {
    "title": "title",
    "interviewee_title": "interviewee’s job title",
    "published": "publication date",
    "publisher": "publisher",
    "url": "URL",
}


class StaleDetailsError(ValidationError):
    """The interview's details changed after the form was opened."""

    def __init__(self) -> None:
        super().__init__(
            "Someone changed this interview's details after you opened them: nothing was saved.",
            code="stale",
        )


@_changes_the_record
@transaction.atomic
def transcript_publish(
    *, transcript: Transcript, by: User, version: str | None = None
) -> Transcript:
    """Publish an imported interview on the site (two-person rule: not by its importer, nor
    by who last corrected its details); with `version`, the details as the approver saw
    them (details_version), refused if they were corrected since."""
    _require(by, roles.PUBLISH_TRANSCRIPT)
    locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if locked.is_published:
        raise ValidationError("This interview is published already.")
    if locked.imported_by_id is not None and locked.imported_by_id == by.pk:
        raise PermissionDenied("You imported this interview; another approver must publish it.")
    if details_corrected_last_by(locked) == by.pk:
        raise PermissionDenied(
            "You corrected this interview's details last; another approver must publish it."
        )
    if version == "":
        raise ValidationError(
            "The publication came without the version of the details you saw: open the "
            "interview again, then publish."
        )
    if version is not None and version != details_version(locked):
        raise ValidationError(
            "This interview's details were corrected after you opened it: look at them again, "
            "then publish."
        )
    locked.site_published_at = timezone.now()
    locked.site_published_by = by
    locked.save(update_fields=["site_published_at", "site_published_by", "updated_at"])
    Action.objects.create(actor=by, verb=Action.Verb.INTERVIEW_PUBLISHED, transcript=locked)
    return locked


@transaction.atomic
def transcript_discard(*, transcript: Transcript, by: User) -> None:
    """Delete an interview imported in error (twice, or the wrong text) that readers have
    never seen, with everything made on it at the desk: its claims and their drafts, its
    quotes and their links to events, and the events made for those links alone (never
    public). The speakers stay, for the admin. The desk's record keeps who did what, each
    action marked with the interview's title, and the discard is one more."""
    _require(by, roles.IMPORT_TRANSCRIPT)
    locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if refusal := transcript_discard_refusal(locked):
        raise ValidationError(refusal)
    claims = Claim.objects.filter(quote__transcript=locked)
    verdicts = Verdict.objects.filter(claim__in=claims)
    counts = {"claims": claims.count(), "passages": locked.passages.count()}
    Action.objects.filter(
        Q(transcript=locked) | Q(claim__in=claims) | Q(verdict__in=verdicts)
    ).update(
        transcript=None,
        claim=None,
        verdict=None,
        note=Concat(Value(f"[{locked.title}] "), F("note"), output_field=TextField()),
    )
    _delete_unseen_claims(claims)
    links = Mention.objects.filter(quote__transcript=locked)
    made_for_it = set(
        links.filter(event__published_at__isnull=True).values_list("event_id", flat=True)
    )
    links.delete()
    Event.objects.filter(pk__in=made_for_it, mentions__isnull=True).delete()
    Quote.objects.filter(transcript=locked).delete()
    title = locked.title
    locked.delete()  # its passages and cast with it
    passages, claimed = counts["passages"], counts["claims"]
    Action.objects.create(
        actor=by,
        verb=Action.Verb.DISCARDED,
        note=f"the interview “{title}” ({passages} passage{pluralize(passages)}, "
        f"{claimed} claim{pluralize(claimed)})",
    )


def transcript_discard_refusal(transcript: Transcript) -> str:
    """Why `transcript` cannot be discarded, or "" if it can: only an interview readers have
    never seen, with no verdict on it ever published and none an approver is reviewing."""
    if transcript.is_published:
        return (
            "Readers can see this interview, so it stays: correct its text, or withdraw the "
            "verdicts on it."
        )
    verdicts = Verdict.objects.filter(claim__quote__transcript=transcript)
    statuses = set(verdicts.values_list("status", flat=True).distinct())
    if statuses & set(Verdict.PUBLIC_STATUSES):  # not on an unpublished one, but never lose one
        return "A verdict on this interview has been published: it stays."
    if Verdict.Status.IN_REVIEW in statuses:
        return (
            "A verdict on a claim from this interview awaits review: take it back (whoever "
            "wrote it) or send it back (an approver) before discarding the interview."
        )
    return ""


@dataclass(frozen=True)
class ReanchorReport:
    anchored: int
    moved: int
    orphaned: list[Quote]


@_changes_the_record
@transaction.atomic
def transcript_update_text(*, transcript: Transcript, text: str) -> ReanchorReport:
    """Correct a transcript's text: passages are re-split (keeping who said what) and every
    quote is re-anchored and marked anchored, moved or orphaned. A change to the number of
    paragraphs is refused: who said which paragraph would be guesswork."""
    parsed = transcript_passages(
        text,
        corrects=transcript,
        interviewer=transcript.interviewer.name,
        interviewee=transcript.interviewee.name,
        interviewer_paragraphs=[],
    )
    text = parsed.text
    old_passages = list(transcript.passages.order_by("position"))
    transcript.text = text
    _valid(transcript)
    for passage, item in zip(old_passages, parsed.passages, strict=True):
        passage.start, passage.end = item.start, item.end
    Passage.objects.bulk_update(old_passages, ["start", "end"])

    counts = {AnchorStatus.ANCHORED: 0, AnchorStatus.MOVED: 0}
    orphaned: list[Quote] = []
    quotes = list(transcript.quotes.all())
    for quote in quotes:
        result = anchoring.reanchor(text, quote.anchor)
        quote.anchor_status = result.status
        if result.anchor is None:
            orphaned.append(quote)
            continue
        counts[result.status] += 1
        quote.prefix, quote.suffix = result.anchor.prefix, result.anchor.suffix
        quote.start, quote.end = result.anchor.start, result.anchor.end
    # Orphans keep their old offsets and words: they are flagged, never re-pointed.
    Quote.objects.bulk_update(quotes, ["anchor_status", "prefix", "suffix", "start", "end"])
    return ReanchorReport(counts[AnchorStatus.ANCHORED], counts[AnchorStatus.MOVED], orphaned)


def speaker_at(transcript: Transcript, offset: int) -> Speaker:
    """Who is speaking at `offset`: the speaker of the passage that contains it."""
    passage = (
        transcript.passages.filter(start__lte=offset, end__gt=offset)
        .select_related("speaker")
        .first()
    )
    if passage is None or passage.speaker is None:
        raise ValidationError(
            {"exact": "Those words are not in a question or an answer of the transcript."}
        )
    return passage.speaker


@_changes_the_record
@transaction.atomic
def quote_create(
    *,
    transcript: Transcript,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    speaker: Speaker | None = None,
    by: User | None = None,
) -> Quote:
    """Anchor `exact` in the transcript and store it (or return the quote already there)."""
    try:
        found = anchoring.anchor(
            transcript.text, exact, prefix=prefix, suffix=suffix, hint=hint, alike=True
        )
    except anchoring.AnchorError as error:
        raise ValidationError({"exact": str(error)}) from error
    same_words = transcript.quotes.filter(start=found.start, end=found.end)
    existing = same_words.first()
    if existing:
        return existing
    passage = transcript.passages.filter(start__lte=found.start, end__gte=found.end).first()
    if passage is None:
        raise ValidationError({"exact": "A quote must lie within one paragraph."})
    quote = Quote(
        transcript=transcript,
        speaker=speaker or speaker_at(transcript, found.start),
        exact=found.exact,
        prefix=found.prefix,
        suffix=found.suffix,
        start=found.start,
        end=found.end,
        anchor_status=AnchorStatus.ANCHORED,
        created_by=by,
    )
    try:
        return _insert(quote)
    except (IntegrityError, ValidationError):
        # Another editor quoted the same words since the look-up above: the constraint
        # (quote_span_unique) decided, and theirs is the quote.
        existing = same_words.first()
        if existing is None:
            raise
        return existing


def spoken_date(phrase: str, transcript: Transcript) -> str:
    """A relative phrase ("four months ago") resolved against the interview's date, as
    EDTF; "" for an absolute phrase ("in 2016"), where the event's own date applies."""
    return _spoken_against(phrase, transcript.interview_date)


def _spoken_against(phrase: str, interview_date: str) -> str:
    if not phrase:
        return ""
    try:
        return resolve_relative(phrase, interview_date).resolved.edtf
    except DateParseError:
        return ""


@dataclass(frozen=True)
class RedateReport:
    """What a change of an interview's date did to the dates as spoken in it: `read_again`,
    the mentions whose date was read anew; `kept`, those left as they were for a person to
    check (dated by hand, or a phrase the new date cannot place), nearest the old date
    first."""

    read_again: list[Mention]
    kept: list[Mention]


@_changes_the_record
@transaction.atomic
def transcript_redate(*, transcript: Transcript, was: str) -> RedateReport:
    """The interview's date was corrected from `was` (EDTF) to the one `transcript` holds
    now: each date as spoken read against the old one ("four months ago"), or which the old
    could not place, is read again against the new. A date a person gave a phrase is
    theirs: left as it is, and reported (it may count from the interview's date: "In May"),
    but for a phrase that is a date of its own ("in 1999"); so is a phrase the new date is
    too vague to read."""
    read_again: list[Mention] = []
    kept: list[Mention] = []
    mentions = (
        Mention.objects.filter(quote__transcript=transcript)
        .exclude(phrase="")
        .select_related("event")
        .select_for_update(of=("self",))
        .order_by("quote__start", "pk")
    )
    for mention in mentions:
        before = _spoken_against(mention.phrase, was)
        now = _spoken_against(mention.phrase, transcript.interview_date)
        if mention.spoken_edtf == before:  # as its phrase read against the old date, if at all
            if now and now != before:
                mention.spoken_edtf = now
                _valid(mention)
                read_again.append(mention)
            elif before and not now:  # the new date is too vague to read the phrase against
                kept.append(mention)
        elif before or phrase_as_date(mention.phrase) is None:
            # A date a person gave it: theirs, though it may count from the interview's
            # date ("In May": of which year?). Not a phrase that is a date ("in 1999").
            kept.append(mention)
    # The nearest the old date first: "In May", "that Saturday" most likely count from it.
    # (From its span: an open start, "../2024-06", is near every earlier date alike.)
    said = parse_edtf(was)

    def distance(mention: Mention) -> int:
        upper = mention.spoken_upper
        if upper is None:
            return datetime.date.max.toordinal()
        return max((said.lower - upper).days, (upper - said.upper).days, 0)

    return RedateReport(read_again, sorted(kept, key=distance))


@_changes_the_record
@transaction.atomic
def mention_add(
    *, quote: Quote, event: Event, phrase: str = "", spoken_edtf: str | None = None
) -> Mention:
    """Link a quote to an event it mentions (or change the link's phrase). A relative
    phrase ("two days ago") is resolved against the interview date and kept as spoken
    beside the resolved range, unless `spoken_edtf` gives that range already."""
    if spoken_edtf is None:
        spoken_edtf = spoken_date(phrase, quote.transcript)
    mention = Mention.objects.filter(quote=quote, event=event).first() or Mention(
        quote=quote, event=event
    )
    mention.phrase, mention.spoken_edtf = phrase, spoken_edtf
    _valid(mention)
    return mention


@_changes_the_record
@transaction.atomic
def mention_remove(*, mention: Mention) -> None:
    """Unlink a quote from an event it was said to mention."""
    mention.delete()


# Placing a claim's quote on the chronology is part of making the claim: the same right.
PLACE_ON_CHRONOLOGY = roles.CREATE_CLAIM


def spoken_phrase(typed: str) -> str:
    """The date as the speaker put it, as it is kept: spacing and trailing punctuation aside."""
    return " ".join(typed.split()).strip(" ,;:.")


def phrase_problem(phrase: str, quote: Quote) -> str:
    """Why `phrase` cannot be the date as the speaker put it in `quote` (it is not the
    quote's own words), or "" when it can (or is empty)."""
    words = _words_of(phrase)
    if not phrase or (not words.isspace() and words in _words_of(quote.exact)):
        return ""
    return (
        f"“{phrase[:80]}” is not in the quote: copy the words the speaker used for the date "
        "from the quote itself, or leave it blank."
    )


def _words_of(text: str) -> str:
    """`text` as its words, to compare whole words: case, spacing, punctuation and curly or
    straight apostrophes aside ("the last two years," is "the last two years")."""
    return " " + " ".join(re.findall(r"\w+(?:'\w+)*", text.casefold().replace("’", "'"))) + " "


def _desk_link(claim: Claim, event: Event, phrase: str) -> Mention:
    """A link from the claim's quote to `event`, made at the desk: unpublished until an
    approver publishes a verdict on the claim (see _publish_placements)."""
    if Mention.objects.filter(quote=claim.quote_id, event=event).exists():
        raise ValidationError({"event": f"This quote is linked to “{event.title}” already."})
    phrase = spoken_phrase(phrase)
    if problem := phrase_problem(phrase, claim.quote):
        raise ValidationError({"phrase": problem})
    mention = Mention(
        quote=claim.quote,
        event=event,
        phrase=phrase,
        spoken_edtf=spoken_date(phrase, claim.quote.transcript),
        published_at=None,
    )
    return _insert(mention)


@transaction.atomic
def claim_event_link(*, claim: Claim, event: Event, phrase: str = "", by: User) -> Mention:
    """Link the claim's quote to an event it mentions, with the date as the speaker put it
    ("four months ago", resolved against the interview's date). Readers see the link once
    an approver publishes a verdict on the claim."""
    _require(by, *PLACE_ON_CHRONOLOGY)
    mention = _desk_link(_lock_claim(claim), event, phrase)
    _record(by, Action.Verb.LINKED, claim, note=_placement_note(mention))
    return mention


@transaction.atomic
def claim_event_create(
    *,
    claim: Claim,
    title: str,
    date: str,
    topics: Iterable[Topic] = (),
    summary: str = "",
    phrase: str = "",
    by: User,
) -> Mention:
    """Create an event from the desk, its date typed as people say it ("mid-2012"), and
    link the claim's quote to it. Readers see neither until an approver publishes a verdict
    on the claim."""
    _require(by, *PLACE_ON_CHRONOLOGY)
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = "Give the event a title: what happened."
    dated = _natural_date(date, "date", errors, required=True)
    if errors or dated is None:
        raise ValidationError(errors)
    edtf = dated.edtf
    locked = _lock_claim(claim)
    # Once on the chronology: the same event made twice (a double click, or made again
    # where it was linked already) is refused, saying which it is.
    linked = Event.objects.filter(mentions__quote_id=locked.quote_id, edtf=edtf)
    if same := next((e for e in linked if e.title.casefold() == title.casefold()), None):
        linked_already = f"These words are linked to “{same.title}” ({same.date_label}) already"
        raise ValidationError({"title": f"{linked_already}: the event is made once."})
    event = _insert_with_slug(
        lambda slug: Event(slug=slug, title=title, edtf=edtf, summary=summary, published_at=None),
        Event.objects.all(),
        slug="",
        text=title,
        fallback="event",
    )
    event.topics.set(topics)
    mention = _desk_link(locked, event, phrase)
    _record(by, Action.Verb.EVENT_CREATED, claim, note=_placement_note(mention))
    return mention


@transaction.atomic
def claim_event_unlink(*, claim: Claim, mention: Mention, by: User) -> None:
    """Take back a link made at the desk, while readers have not seen it yet; an event
    created at the desk that nothing else links goes with it, so no orphan waits forever
    for a review that cannot come."""
    _require(by, *PLACE_ON_CHRONOLOGY)
    locked = Mention.objects.select_for_update().filter(pk=mention.pk).first()
    if locked is None or locked.quote_id != claim.quote_id:
        raise ValidationError("That event is not linked to this claim's quote.")
    if locked.published_at is not None:
        raise ValidationError(
            "Readers see this link already; it is no longer the desk's to take back."
        )
    _record(by, Action.Verb.UNLINKED, claim, note=_placement_note(locked))
    locked.delete()
    Event.objects.pending().filter(pk=locked.event_id, mentions__isnull=True).delete()


def _placement_note(mention: Mention) -> str:
    event = mention.event
    note = f"{event.title} ({event.date_label})"
    return f"{note}, said as “{mention.phrase}”" if mention.phrase else note


def _publish_placements(quote: Quote, now: datetime.datetime) -> None:
    """Make public the links made at the desk from `quote`, and the events created with
    them: an approver has just published a verdict on a claim of it."""
    pending = Mention.objects.filter(quote=quote).pending()
    Event.objects.pending().filter(pk__in=pending.values("event_id")).update(
        published_at=now, updated_at=now
    )
    pending.update(published_at=now)


# The description of a source that editors and admins may change.
SOURCE_FIELDS = (
    "slug",
    "title",
    "publisher",
    "author",
    "kind",
    "date",
    "url",
    "archived_url",
    "notes",
)


@_changes_the_record
@transaction.atomic
def rating_scale_make_current(*, scale: RatingScale) -> RatingScale:
    """Make `scale` the one new verdicts are rated on, in one step: never none current, and
    never two. A scale with no levels is refused: the desk would have no rating to offer."""
    if not scale.levels.exists():
        raise ValidationError(f"{scale} has no levels: add them before making it current.")
    RatingScale.objects.filter(is_current=True).exclude(pk=scale.pk).update(is_current=False)
    RatingScale.objects.filter(pk=scale.pk).update(is_current=True)
    return scale


@_changes_the_record
@transaction.atomic
def source_create(*, title: str, slug: str = "", **description: str) -> Source:
    """Add a document verdicts may cite. `description` holds the other SOURCE_FIELDS; the
    slug is made from the title unless given."""
    _check_source_fields(description)
    return _insert_with_slug(
        lambda slug: Source(slug=slug, title=title, **description),
        Source.objects.all(),
        slug=slug,
        text=title,
        fallback="source",
    )


@_changes_the_record
@transaction.atomic
def source_update(*, source: Source, **description: str) -> Source:
    """Change a source's description: any of SOURCE_FIELDS."""
    _check_source_fields(description)
    locked = Source.objects.select_for_update().get(pk=source.pk)
    for name, value in description.items():
        setattr(locked, name, value)
    _valid(locked)
    return locked


def _check_source_fields(description: dict[str, str]) -> None:
    unknown = set(description) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Not part of a source's description: {', '.join(sorted(unknown))}")


@dataclass(frozen=True)
class EvidenceItem:
    source: Source
    stance: str
    note: str = ""


@_changes_the_record
@transaction.atomic
def claim_import(*, quote: Quote, text: str, slug: str = "") -> Claim:
    """Record a claim that comes with a curated dataset: no editor made it on the desk."""
    return _new_claim(quote=quote, text=text, slug=slug, created_by=None)


@_changes_the_record
@transaction.atomic
def verdict_import(
    *,
    claim: Claim,
    level: RatingLevel,
    rationale: str,
    analysis: str,
    as_of: datetime.date,
    evidence: Sequence[EvidenceItem],
    published_at: datetime.datetime | None = None,
) -> Verdict:
    """Record a verdict that was reviewed before it reached this site (a curated dataset)
    as published. Refuses a claim that already has one: published verdicts change only
    by correction."""
    if claim.published_verdict_id is not None:
        raise ValidationError(Claim.ALREADY_PUBLISHED)
    if not evidence:
        raise ValidationError("A published verdict cites at least one source.")
    verdict = _valid(
        Verdict(
            claim=claim,
            level=level,
            rationale=rationale,
            analysis=analysis,
            as_of=as_of,
            status=Verdict.Status.PUBLISHED,
            published_at=published_at or timezone.now(),
        )
    )
    _save_evidence(verdict, evidence)
    _make_public(claim, verdict)
    Action.objects.create(
        verb=Action.Verb.IMPORTED,
        claim=claim,
        verdict=verdict,
        note="Published with the interview’s curated dataset.",
    )
    return verdict


# The editors' desk: claims, verdicts, review, publication and corrections.
#
# A verdict moves draft → in_review → published, and back to draft when a reviewer returns
# it. A published verdict is never edited: a correction is a new revision (`revises`) that
# goes through the same review and, when published, supersedes the old one and records a
# public Correction. Every step checks the actor's permission, validates, runs atomically and
# records an Action. Every change of a verdict's row bumps its `version`, so a form opened
# before the change cannot silently overwrite it (optimistic locking).


class StaleVerdictError(Exception):
    """The verdict changed since the editor opened it: nothing was saved. `current` holds
    what is saved now, so the editor can compare it with their own text and save again."""

    def __init__(self, *, current: "VerdictSnapshot", started_from: int) -> None:
        self.current = current
        self.started_from = started_from
        who = current.saved_by.get_username() if current.saved_by else "someone"
        saved = f"{who} saved this draft (version {current.version}) after you opened version "
        # What changed, for a page that words the rest itself (submitting: nothing typed).
        self.changed = f"{saved}{started_from}"
        if current.is_draft:
            super().__init__(
                f"{saved}{started_from}. Nothing of yours was saved: compare, then save again."
            )
        else:
            status = Verdict.Status(current.status).label.lower()
            super().__init__(
                f"{saved}{started_from}, and it is now {status}. Nothing of yours was saved, "
                "and only a draft can be: your text is below, to keep."
            )


@dataclass(frozen=True)
class VerdictSnapshot:
    """A verdict's editable values as saved, and who saved them last."""

    version: int
    status: str
    level: RatingLevel
    rationale: str
    analysis: str
    as_of: datetime.date
    evidence: tuple[EvidenceItem, ...]
    saved_by: User | None
    saved_at: datetime.datetime

    @property
    def is_draft(self) -> bool:
        return self.status == Verdict.Status.DRAFT

    @classmethod
    def of(cls, verdict: Verdict) -> "VerdictSnapshot":
        last = (
            verdict.actions.filter(verb__in=[Action.Verb.DRAFTED, Action.Verb.EDITED])
            .select_related("actor")
            .first()
        )
        return cls(
            version=verdict.version,
            status=verdict.status,
            level=verdict.level,
            rationale=verdict.rationale,
            analysis=verdict.analysis,
            as_of=verdict.as_of,
            evidence=tuple(
                EvidenceItem(source=row.source, stance=row.stance, note=row.note)
                for row in verdict.evidence.select_related("source")
            ),
            saved_by=last.actor if last else verdict.author,
            saved_at=verdict.updated_at,
        )


def _require(by: User, *permissions: str) -> None:
    if not by.has_perms(permissions):
        raise PermissionDenied("You do not have permission to do this on the desk.")


def _record(
    by: User, verb: str, claim: Claim, verdict: Verdict | None = None, note: str = ""
) -> Action:
    return Action.objects.create(actor=by, verb=verb, claim=claim, verdict=verdict, note=note)


# Slugs are made of a title's first words: long enough to say what the row is, short
# enough for a URL.
SLUG_WORDS_LENGTH = 60


def unique_slug(text: str, rows: QuerySet, *, fallback: str) -> str:
    """A slug of the first words of `text` (cut between words), numbered ("-2", "-3"...)
    when one of `rows` (a model's rows) already has it; `fallback` when `text` has none."""
    slug = slugify(text)
    if len(slug) > SLUG_WORDS_LENGTH:
        slug = slug[:SLUG_WORDS_LENGTH].rsplit("-", 1)[0]
    base = slug.strip("-") or fallback
    taken = set(rows.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _refuse(refusal: str) -> None:
    """Refuse with the reason a model's rule gives (Verdict.edit_refusal() and the like)."""
    if refusal:
        raise ValidationError(refusal)


def _check_level(level: RatingLevel) -> None:
    if not level.scale.is_current:
        raise ValidationError({"level": "Choose a level of the current rating scale."})


def _check_as_of(claim: Claim, as_of: datetime.date) -> None:
    """The evidence is checked after the claim is made: not before the first day its
    interview may have taken place (an as-of date of 1 January 0001, or a year before the
    interview, would tell readers the check predates what it checks)."""
    interview = Transcript.objects.only("interview_date_lower", "interview_date_label").get(
        quotes=claim.quote_id
    )
    if as_of < interview.interview_date_lower:
        earliest = date_format(interview.interview_date_lower, "j F Y")
        raise ValidationError(
            {
                "as_of": f"The evidence cannot have been checked before the claim was made: "
                f"the interview is dated {interview.interview_date_label}, so {earliest} at "
                "the earliest."
            }
        )


def _check_reviewed_version(verdict: Verdict, version: int | None) -> None:
    """A reviewer decides on the draft they read: not on one taken back, rewritten and
    submitted again while their page was open."""
    if version is not None and verdict.version != version:
        raise StaleVerdictError(current=VerdictSnapshot.of(verdict), started_from=version)


def _check_reviewer(verdict: Verdict, by: User) -> None:
    refusal = verdict.review_refusal(by)
    if refusal:
        raise PermissionDenied(f"{refusal} (two-person rule)")


def _save_evidence(verdict: Verdict, evidence: Sequence[EvidenceItem]) -> None:
    """Replace a draft's evidence with `evidence`, in that order."""
    sources = [item.source.pk for item in evidence]
    if len(sources) != len(set(sources)):
        raise ValidationError({"evidence": "Cite each source once."})
    Evidence.objects.filter(verdict=verdict).delete()
    for position, item in enumerate(evidence):
        row = Evidence(
            verdict=verdict,
            source=item.source,
            stance=item.stance,
            note=item.note.strip(),
            position=position,
        )
        row.full_clean(exclude=["verdict"], validate_constraints=False)
        row.save()


def _lock(verdict: Verdict) -> Verdict:
    """The verdict's row, locked until the transaction ends (PostgreSQL: SELECT ... FOR
    UPDATE, so two approvers cannot both act on it; SQLite already serialises writers).
    Only the verdict's own row (`of`): locking the rating level and scale it joins would
    queue every verdict on the site behind one row, and deadlock concurrent saves against
    the foreign-key checks at commit.

    And no join in the locking query at all: when it has to wait for another save,
    PostgreSQL re-checks the row's newest version against the joined rows it read before
    waiting ("EvalPlanQual", the READ COMMITTED rules for SELECT FOR UPDATE in its manual,
    13.2.1); if that save changed the rating, the join no longer matched and the query
    found no verdict at all (a 500 under load). The level and scale are read once the row
    is ours."""
    try:
        locked = Verdict.objects.select_for_update(of=("self",)).get(pk=verdict.pk)
    except Verdict.DoesNotExist:  # a draft discarded while this waited for its row
        raise ValidationError(DISCARDED_MEANWHILE, code="discarded") from None
    locked.level = RatingLevel.objects.select_related("scale").get(pk=locked.level_id)
    return locked


DISCARDED_MEANWHILE = "This draft was discarded meanwhile: it is no longer on the desk."


def _lock_claim(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _correction(
    claim: Claim,
    previous: Verdict,
    revision: Verdict | None,
    kind: str,
    note: str,
    *,
    at: datetime.datetime,
    by: User,
) -> Correction:
    """The public record that the claim's published verdict changed (IFCN principle 5)."""
    return _valid(
        Correction(
            claim=claim,
            previous=previous,
            revision=revision,
            kind=kind,
            note=note,
            published_at=at,
            created_by=by,
        )
    )


def _required_note(note: str, field: str, message: str) -> str:
    note = note.strip()
    if not note:
        raise ValidationError({field: message})
    return note


def claim_discard_refusal(claim: Claim, statuses: Iterable[str] | None = None) -> str:
    """Why `claim` cannot be discarded, or "" if it can: only a claim readers have never
    seen, whose draft no approver is reviewing, goes. `statuses`: its verdicts' statuses,
    when the caller has read them already (else one query)."""
    if statuses is None:
        statuses = claim.verdicts.values_list("status", flat=True)
    statuses = set(statuses)
    if statuses & set(Verdict.PUBLIC_STATUSES):
        said = "Readers have seen a verdict on this claim, so it stays, with its history: "
        if Verdict.Status.PUBLISHED in statuses:
            return said + "withdraw the verdict to take it down."
        return said + "its verdict is withdrawn, as its page tells readers."
    if Verdict.Status.IN_REVIEW in statuses:
        return (
            "A verdict on this claim awaits review: take it back (whoever wrote it) or send "
            "it back (an approver) before discarding the claim."
        )
    return ""


def claim_discard_takes_its_words(claim: Claim) -> bool:
    """Whether discarding `claim` deletes its quote too: nothing else stands on the words
    (no other claim, no event dated by them)."""
    quote = claim.quote
    return not quote.claims.exclude(pk=claim.pk).exists() and not quote.mentions.exists()


def _delete_unseen_claims(claims: QuerySet[Claim]) -> None:
    """Delete `claims`, none of which readers have seen, with their draft verdicts
    (corrections' drafts first: they point at what they revise) and their evidence."""
    verdicts = Verdict.objects.filter(claim__in=claims)
    Evidence.objects.filter(verdict__in=verdicts).delete()
    verdicts.filter(revises__isnull=False).delete()
    verdicts.delete()
    claims.delete()


@transaction.atomic
def claim_discard(*, claim: Claim, by: User) -> None:
    """Delete a claim made in error (a slip, a duplicate) that readers have never seen: its
    draft verdicts and their evidence go with it, and its quote too when nothing else stands
    on the words (no other claim, no event dated by them). The desk's record keeps who did
    what: the claim's earlier actions stay, on its interview, and the discard is one more."""
    _require(by, *roles.CREATE_CLAIM)
    claim = Claim.objects.select_for_update().select_related("quote__transcript").get(pk=claim.pk)
    if refusal := claim_discard_refusal(claim):
        raise ValidationError(refusal, code="public")
    quote, transcript = claim.quote, claim.quote.transcript
    takes_its_words = claim_discard_takes_its_words(claim)
    drafts = claim.verdicts.count()
    Action.objects.filter(Q(claim=claim) | Q(verdict__claim=claim)).update(
        claim=None, verdict=None, transcript=transcript
    )
    _delete_unseen_claims(Claim.objects.filter(pk=claim.pk))
    if takes_its_words:
        quote.delete()
    Action.objects.create(
        actor=by,
        verb=Action.Verb.DISCARDED,
        transcript=transcript,
        note=f"the claim “{claim.text}” ({drafts} draft verdict{pluralize(drafts)})",
    )


class ClaimExists(ValidationError):
    """The claim is made from these words already: `claim` is it."""

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        made = f"This claim is made from these words already ({claim.slug})"
        super().__init__({"text": f"{made}: open it rather than make it twice."})


@transaction.atomic
def claim_create(*, quote: Quote, text: str, by: User, slug: str = "") -> Claim:
    """Record one checkable statement made in `quote`, in plain words."""
    _require(by, *roles.CREATE_CLAIM)
    if quote.is_orphaned:
        raise ValidationError(
            {"quote": "These words are no longer found in the transcript; select them again."}
        )
    # The quote's row locked, two requests making the same claim (a double click) queue,
    # and the second finds the first's.
    Quote.objects.select_for_update().get(pk=quote.pk)
    same = quote.claims.filter(text=" ".join(text.split())).first()
    if same is not None:
        raise ClaimExists(same)
    claim = _new_claim(quote=quote, text=text, slug=slug, created_by=by)
    _record(by, Action.Verb.CLAIM_CREATED, claim)
    return claim


def _new_claim(*, quote: Quote, text: str, slug: str, created_by: User | None) -> Claim:
    text = " ".join(text.split())
    return _insert_with_slug(
        lambda slug: Claim(quote=quote, text=text, slug=slug, created_by=created_by),
        Claim.objects.all(),
        slug=slug,
        text=text,
        fallback="claim",
    )


@transaction.atomic
def claim_create_from_selection(
    *, transcript: Transcript, exact: str, hint: int | None, text: str, by: User
) -> Claim:
    """Quote the words an editor selected in a transcript (`hint`: where the selection
    starts, telling a repeated sentence apart) and record the claim made in them."""
    _require(by, *roles.CREATE_CLAIM)
    quote = quote_create(transcript=transcript, exact=exact, hint=hint, by=by)
    return claim_create(quote=quote, text=text, by=by)


@transaction.atomic
def verdict_draft(
    *,
    claim: Claim,
    level: RatingLevel,
    rationale: str,
    as_of: datetime.date,
    analysis: str = "",
    evidence: Sequence[EvidenceItem] = (),
    submit: bool = False,
    by: User,
) -> Verdict:
    """Start a verdict on a claim that has none published (a published one is corrected).
    With `submit`, it goes for review at once: "save and submit" is this one call."""
    _require(by, roles.DRAFT_VERDICT, *([roles.EDIT_VERDICT] if submit else []))
    if submit:
        _check_cites_a_source(len(evidence))
    claim = _lock_claim(claim)
    _refuse(claim.drafting_refusal())
    _check_level(level)
    _check_as_of(claim, as_of)
    verdict = _valid(
        Verdict(
            claim=claim,
            level=level,
            rationale=rationale.strip(),
            analysis=analysis.strip(),
            as_of=as_of,
            status=Verdict.Status.DRAFT,
            author=by,
        )
    )
    _save_evidence(verdict, evidence)
    _record(by, Action.Verb.DRAFTED, claim, verdict)
    return _submit(verdict, by) if submit else verdict


@transaction.atomic
def verdict_update(
    *,
    verdict: Verdict,
    version: int,
    level: RatingLevel,
    rationale: str,
    as_of: datetime.date,
    analysis: str = "",
    evidence: Sequence[EvidenceItem] = (),
    submit: bool = False,
    by: User,
) -> Verdict:
    """Save a draft. `version` is the one the editor started from: if someone saved since,
    StaleVerdictError is raised with what is saved now, and nothing is written. With
    `submit`, the draft as saved goes for review: "save and submit" is this one call."""
    _require(by, roles.EDIT_VERDICT)
    locked = _lock(verdict)
    # A stale save first: when the save that won also submitted the draft, the editor who
    # lost is shown what was saved beside their own text, not only that it is in review.
    if locked.version != version:
        raise StaleVerdictError(current=VerdictSnapshot.of(locked), started_from=version)
    _refuse(locked.edit_refusal())
    _check_level(level)
    if as_of != locked.as_of:  # a draft saved before this rule keeps its date until changed
        _check_as_of(locked.claim, as_of)
    if submit:
        _check_cites_a_source(len(evidence))
    new_values = {
        "level": level,
        "rationale": rationale.strip(),
        "analysis": analysis.strip(),
        "as_of": as_of,
    }
    changed = [name for name, value in new_values.items() if getattr(locked, name) != value]
    old_evidence = [
        (row.source_id, row.stance, row.note) for row in locked.evidence.order_by("position")
    ]
    new_evidence = [(item.source.pk, item.stance, item.note.strip()) for item in evidence]
    if old_evidence != new_evidence:
        changed.append("evidence")
    if not changed:
        return _submit(locked, by) if submit else locked
    for name, value in new_values.items():
        setattr(locked, name, value)
    locked.version += 1
    _valid(locked)
    if "evidence" in changed:
        _save_evidence(locked, evidence)
    labels = {"as_of": "as-of date"}
    note = "Changed " + ", ".join(labels.get(name, name) for name in changed) + "."
    _record(by, Action.Verb.EDITED, locked.claim, locked, note=note)
    return _submit(locked, by) if submit else locked


@transaction.atomic
def verdict_submit(*, verdict: Verdict, version: int, by: User) -> Verdict:
    """Send a draft for review, as it stood at `version`."""
    _require(by, roles.EDIT_VERDICT)
    locked = _lock(verdict)
    if locked.status != Verdict.Status.DRAFT:
        raise ValidationError(
            f"This verdict is {locked.status_said}; only a draft can be submitted."
        )
    if locked.version != version:
        raise StaleVerdictError(current=VerdictSnapshot.of(locked), started_from=version)
    _check_cites_a_source(locked.evidence.count())
    return _submit(locked, by)


@transaction.atomic
def verdict_discard(*, verdict: Verdict, version: int, by: User) -> None:
    """Discard a draft begun in error (a correction nobody needs, a verdict logged twice),
    as it stood at `version`: readers never saw it, and the verdict it would have corrected
    stays as it is. Its evidence goes with it; the record keeps, on its claim, who drafted
    and edited it, and who discarded it and what it said."""
    _require(by, roles.EDIT_VERDICT)
    locked = _lock(verdict)
    if locked.status != Verdict.Status.DRAFT:
        take_back = ": take it back first" if locked.status == Verdict.Status.IN_REVIEW else ""
        raise ValidationError(
            f"This verdict is {locked.status_said}; only a draft is discarded{take_back}."
        )
    if locked.version != version:
        raise StaleVerdictError(current=VerdictSnapshot.of(locked), started_from=version)
    what = "a correction" if locked.revises_id else "a verdict"
    said = Truncator(locked.rationale).chars(120)
    Action.objects.filter(verdict=locked).update(verdict=None)
    Evidence.objects.filter(verdict=locked).delete()
    locked.delete()
    note = f"{what}, version {version}: “{said}”"
    Action.objects.create(
        actor=by, verb=Action.Verb.DRAFT_DISCARDED, claim_id=locked.claim_id, note=note
    )


def _same_verdict(one: Verdict, other: Verdict) -> bool:
    """Whether two verdicts say the same: rating, finding, analysis, as-of date, sources."""
    fields = ("level_id", "rationale", "analysis", "as_of")
    if any(getattr(one, name) != getattr(other, name) for name in fields):
        return False

    def cited(verdict: Verdict) -> list[tuple]:
        return list(
            verdict.evidence.order_by("position").values_list("source_id", "stance", "note")
        )

    return cited(one) == cited(other)


def _check_cites_a_source(count: int) -> None:
    if not count:
        raise ValidationError({"evidence": "Cite at least one source before submitting."})


def _submit(verdict: Verdict, by: User) -> Verdict:
    """Send a draft (locked, checked) for review."""
    if verdict.revises is not None and _same_verdict(verdict, verdict.revises):
        raise ValidationError(
            "The correction changes nothing yet: change the rating, the finding, the "
            "analysis, the as-of date or the sources before submitting it."
        )
    verdict.status = Verdict.Status.IN_REVIEW
    verdict.submitted_at = timezone.now()
    verdict.version += 1
    _valid(verdict)
    _record(by, Action.Verb.SUBMITTED, verdict.claim, verdict)
    return verdict


@transaction.atomic
def verdict_return(*, verdict: Verdict, note: str, by: User, version: int | None = None) -> Verdict:
    """Send a draft in review back to its editors, saying what to change; as it stood at
    `version`, when given (the review page's)."""
    _require(by, roles.PUBLISH_VERDICT)
    locked = _lock(verdict)
    if locked.status != Verdict.Status.IN_REVIEW:
        raise ValidationError("Only a verdict awaiting review can be sent back.")
    _check_reviewed_version(locked, version)
    _check_reviewer(locked, by)
    note = _required_note(note, "note", "Say what needs changing.")
    locked.status = Verdict.Status.DRAFT
    locked.submitted_at = None
    locked.version += 1
    _valid(locked)
    _record(by, Action.Verb.RETURNED, locked.claim, locked, note=note)
    return locked


@transaction.atomic
def verdict_take_back(*, verdict: Verdict, version: int, by: User) -> Verdict:
    """Take a draft in review back to edit, as it stood at `version`: by one who wrote or
    edited it, who may not review it (a reviewer sends it back, saying why). Without it, a
    draft an approver submitted waits for another approver, whoever else is on the desk."""
    _require(by, roles.EDIT_VERDICT)
    locked = _lock(verdict)
    if locked.status != Verdict.Status.IN_REVIEW:
        raise ValidationError(locked.take_back_refusal(by))
    if locked.version != version:
        raise StaleVerdictError(current=VerdictSnapshot.of(locked), started_from=version)
    if refusal := locked.take_back_refusal(by):
        raise PermissionDenied(refusal)
    locked.status = Verdict.Status.DRAFT
    locked.submitted_at = None
    locked.version += 1
    _valid(locked)
    _record(by, Action.Verb.TAKEN_BACK, locked.claim, locked)
    return locked


@_changes_the_record
@transaction.atomic
def verdict_publish(
    *,
    verdict: Verdict,
    by: User,
    version: int | None = None,
    correction_kind: str = "",
    correction_note: str = "",
) -> Verdict:
    """Approve and publish a verdict in review (two-person rule), as it stood at `version`
    when given (the review page's: what the approver read). A revision supersedes the
    verdict it revises and publishes a Correction of `correction_kind` with its public note."""
    _require(by, roles.PUBLISH_VERDICT)
    locked = _lock(verdict)
    claim = _lock_claim(locked.claim)
    if not claim.quote.transcript.is_published:
        raise ValidationError(
            "The interview this claim is quoted from is not published yet; publish it first."
        )
    if locked.status != Verdict.Status.IN_REVIEW:
        raise ValidationError(
            f"This verdict is {locked.status_said}; only a verdict awaiting review can be "
            "published."
        )
    _check_reviewed_version(locked, version)
    _check_reviewer(locked, by)
    if not locked.evidence.exists():
        raise ValidationError({"evidence": "A published verdict cites at least one source."})
    now = timezone.now()
    previous = None
    if locked.revises_id is not None:
        if correction_kind not in {k for k in Correction.Kind if k != Correction.Kind.VOID}:
            raise ValidationError({"kind": "Say what kind of correction this is."})
        correction_note = _required_note(
            correction_note, "note", "Write the public note: what changed, and why."
        )
        if claim.published_verdict_id != locked.revises_id:
            raise ValidationError(
                "The verdict this revision corrects is no longer the published one; "
                "compare with the claim's current verdict and start again."
            )
        assert locked.revises is not None
        previous = _lock(locked.revises)
        # Superseded first: a claim may have one published verdict at a time, and the
        # database checks that at every statement.
        previous.status = Verdict.Status.SUPERSEDED
        previous.version += 1
        previous.save(update_fields=["status", "version", "updated_at"])
    elif claim.published_verdict_id is not None:
        raise ValidationError(Claim.ALREADY_PUBLISHED)
    locked.status = Verdict.Status.PUBLISHED
    locked.approved_by = by
    locked.published_at = now
    locked.version += 1
    _valid(locked)
    _make_public(claim, locked)
    _publish_placements(claim.quote, now)
    _record(by, Action.Verb.PUBLISHED, claim, locked)
    if previous is not None:
        _correction(claim, previous, locked, correction_kind, correction_note, at=now, by=by)
        _record(by, Action.Verb.CORRECTED, claim, locked, note=correction_note)
    return locked


def _make_public(claim: Claim, verdict: Verdict) -> None:
    """`verdict` (saved) is the claim's published one; the first ever marks when readers
    first saw the claim (Claim.first_published_at, which Claim.objects.public() reads)."""
    claim.published_verdict = verdict
    fields = ["published_verdict"]
    if claim.first_published_at is None:
        # The first public verdict's, which is this one unless the claim was published
        # without the column kept (record_first_publications).
        claim.first_published_at = first_publication(claim)
        fields.append("first_published_at")
    claim.save(update_fields=fields)


def first_publication(claim: Claim) -> datetime.datetime | None:
    """When the claim's first public verdict was published (None if it has none)."""
    return claim.verdicts.public().aggregate(first=Min("published_at"))["first"]


@_changes_the_record
def record_first_publications() -> int:
    """Fill Claim.first_published_at for every claim that has a public verdict and not the
    column (published by code from before it was kept, during a deploy): how many. The
    database check `claims_public_by_their_column` names them."""
    first = (
        Verdict.objects.public()
        .filter(claim=OuterRef("pk"))
        .order_by("published_at")
        .values("published_at")[:1]
    )
    unrecorded = Claim.objects.filter(
        first_published_at__isnull=True, verdicts__status__in=Verdict.PUBLIC_STATUSES
    )
    return Claim.objects.filter(pk__in=unrecorded.values("pk")).update(
        first_published_at=Subquery(first)
    )


@_changes_the_record
@transaction.atomic
def verdict_correct(*, verdict: Verdict, note: str, by: User) -> Verdict:
    """Begin a correction of a published verdict: a new draft revision, copied from it, that
    goes through review like any draft. `note` (what is wrong) is kept for the reviewer, who
    publishes the revision with the public correction note."""
    _require(by, *roles.CAN_CORRECT)
    verdict.claim = claim = _lock_claim(verdict.claim)
    _refuse(verdict.replacement_refusal("corrected"))
    open_verdict = claim.open_verdict()
    if open_verdict is not None:
        status = open_verdict.get_status_display().lower()
        raise ValidationError(
            f"A correction of this verdict is under way already ({status}): carry on with it "
            "rather than starting another."
        )
    note = _required_note(note, "note", "Say what needs correcting.")
    revision = _valid(
        Verdict(
            claim=claim,
            level=verdict.level,
            rationale=verdict.rationale,
            analysis=verdict.analysis,
            as_of=verdict.as_of,
            status=Verdict.Status.DRAFT,
            revises=verdict,
            author=by,
        )
    )
    _save_evidence(
        revision,
        [
            EvidenceItem(source=row.source, stance=row.stance, note=row.note)
            for row in verdict.evidence.select_related("source")
        ],
    )
    _record(by, Action.Verb.DRAFTED, claim, revision, note=note)
    return revision


@_changes_the_record
@transaction.atomic
def verdict_withdraw(*, verdict: Verdict, note: str, by: User) -> Correction:
    """Withdraw a published verdict at once (a void: a Correction with no revision). An
    approver's act, as it changes what readers see without a second review."""
    _require(by, *roles.CAN_WITHDRAW)
    locked = _lock(verdict)
    locked.claim = claim = _lock_claim(locked.claim)
    _refuse(locked.replacement_refusal("withdrawn"))
    note = _required_note(note, "note", "Write the public note: why it is withdrawn.")
    now = timezone.now()
    claim.published_verdict = None
    claim.save(update_fields=["published_verdict"])
    locked.status = Verdict.Status.WITHDRAWN
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    correction = _correction(claim, locked, None, Correction.Kind.VOID, note, at=now, by=by)
    _record(by, Action.Verb.WITHDRAWN, claim, locked, note=note)
    # A correction in progress can no longer revise the withdrawn verdict: it carries on as
    # the claim's next verdict, its text kept.
    for revision in claim.verdicts.open().filter(revises=locked):
        revision.revises = None
        revision.version += 1
        revision.save(update_fields=["revises", "version", "updated_at"])
        # Recorded as the system's doing, not the approver's: it is no edit of theirs, and
        # must not count against them under the two-person rule.
        Action.objects.create(
            actor=None,
            verb=Action.Verb.EDITED,
            claim=claim,
            verdict=revision,
            note="The verdict it corrected was withdrawn; it is now a new verdict for the claim.",
        )
    return correction


def error_report_file(*, page: str, message: str, email: str = "") -> ErrorReport:
    """Keep a reader's report of an error on `page` (a path on this site, or "") for the
    desk, and e-mail it to REPORTS_EMAIL once it is kept. It changes nothing readers see
    until an editor acts on it."""
    report = _valid(ErrorReport(page=page, message=message.strip(), email=email))
    if settings.REPORTS_EMAIL:
        transaction.on_commit(functools.partial(_tell_the_desk, report))
    return report


def _tell_the_desk(report: ErrorReport) -> None:
    """The report by e-mail, a reply going to the reader when they left an address. A mail
    server that fails loses only the e-mail (logged): the report is on the desk."""
    site = settings.SITE_URL.rstrip("/")
    about = f"{site}{report.page}" if report.page else "no page in particular"
    body = (
        f"A reader reports an error, about {about}:\n\n{report.message}\n\n"
        f"{'Reply to ' + report.email if report.email else 'No address was left for a reply.'}"
        f"\nEvery open report: {site}{reverse('desk:reports')}\n"
    )
    mail = EmailMessage(
        subject=f"[{settings.SITE_NAME}] A reader reports an error",
        body=body,
        to=settings.REPORTS_EMAIL,
        reply_to=[report.email] if report.email else None,
    )
    try:
        mail.send()
    except Exception:  # whatever the mail server answers, the report itself is kept
        logger.exception("A reader's report (%s) could not be e-mailed", report.pk)


@transaction.atomic
def error_report_close(*, report: ErrorReport, by: User, outcome: str = "") -> ErrorReport:
    """Mark a reader's report dealt with: read, and answered by a correction, a reply or
    nothing (the report was mistaken), which `outcome` may say. Closed once; the first to
    close it is named."""
    _require(by, roles.CLOSE_REPORT)
    locked = ErrorReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_open:
        raise ValidationError("This report was marked dealt with already.")
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.outcome = outcome.strip()
    locked.save(update_fields=["closed_at", "closed_by", "outcome"])
    return locked


@transaction.atomic
def error_report_reopen(*, report: ErrorReport, by: User) -> ErrorReport:
    """Put a report marked dealt with by mistake back among the open ones."""
    _require(by, roles.CLOSE_REPORT)
    locked = ErrorReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_open:
        raise ValidationError("This report is open already.")
    assert locked.closed_at is not None  # not open
    closer = locked.closed_by.get_username() if locked.closed_by else "someone"
    closing = f"Dealt with by {closer}, {_when(locked.closed_at)}"
    if locked.outcome:
        closing += f": {locked.outcome}"
    reopening = f"Reopened by {by.get_username()}, {_when(timezone.now())}."
    closed = f"{closing.rstrip('.')}. {reopening}"  # "… replied. Reopened by …", not ".;"
    locked.history = "\n".join(filter(None, [locked.history, closed]))
    locked.closed_at = None
    locked.closed_by = None
    locked.outcome = ""  # kept in the history, with the closing it was said of
    locked.save(update_fields=["closed_at", "closed_by", "outcome", "history"])
    return locked


def _when(moment: datetime.datetime) -> str:
    """A moment as the desk writes it: "6 Dec 2026, 14:05", in the newsroom's time."""
    return date_format(timezone.localtime(moment), "j M Y, H:i")
