"""How the API writes each thing: these keys are its contract (documented in the README,
"Open data and API"): add fields, never rename or remove one."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from factcheck import models
from kit.urls import KeyAddresses
from reader.claimreview import interview_url, with_text_fragment
from reader.formats import date_json
from timeline.models import Event


def api(request: HttpRequest, name: str, key: Any) -> str:
    return addresses(request)(f"api:{name}", key)


def addresses(request: HttpRequest) -> KeyAddresses:
    """Absolute addresses on SITE_URL, the one origin of every address the site writes,
    whatever host the request came to (a page kept by the cache is served to every host),
    worked out once per request: a page of claims links a thousand things. An address
    reverse() writes is already a URI."""
    made: KeyAddresses | None = getattr(request, "_api_addresses", None)
    if made is None:
        made = KeyAddresses(root=settings.SITE_URL)
        request._api_addresses = made  # type: ignore[attr-defined]
    return made


def page_url(instance: Any) -> str:
    return settings.SITE_URL + instance.get_absolute_url()


def speaker(speaker: models.Speaker, job_title: str | None = None) -> dict:
    """A speaker, with `job_title` when it is the one they held in an interview."""
    title = speaker.job_title if job_title is None else job_title
    return {"slug": speaker.slug, "name": speaker.name, "job_title": title}


def transcript(request: HttpRequest, transcript: models.Transcript) -> dict:
    """An interview as every output names one: `url` is its page on this site, as every
    `url` the API writes is, and `source_url` where its publisher has it."""
    return {
        "slug": transcript.slug,
        "title": transcript.title,
        "publisher": transcript.publisher,
        "interview_date": date_json(transcript.interview_stored_date),
        "published": date_json(published)
        if (published := transcript.published_stored_date)
        else None,
        "source_url": transcript.url or None,
        "url": page_url(transcript),
        "api_url": api(request, "interview_detail", transcript.slug),
    }


def quote(request: HttpRequest, quote: models.Quote, *, speaker_title: str) -> dict:
    """The words and their W3C Web Annotation selectors (TextQuote + TextPosition); the
    speaker with the job title they held in that interview (`speaker_title`, title_held)."""
    return {
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
        "start": quote.start,
        "end": quote.end,
        "anchor_status": quote.anchor_status,
        "speaker": speaker(quote.speaker, speaker_title),
        "transcript": transcript(request, quote.transcript),
        "appearance": with_text_fragment(interview_url(quote.transcript), quote.exact),
    }


def level(level: models.RatingLevel) -> dict:
    return {"slug": level.slug, "label": level.label, "value": level.value}


def link(request: HttpRequest, view_name: str, key: Any, /, **extra: Any) -> dict:
    return {
        "slug" if isinstance(key, str) else "id": key,
        **extra,
        "api_url": api(request, view_name, key),
    }


def slug_links(request: HttpRequest, view_name: str, slugs: Iterable[str]) -> list[dict]:
    """link() for each of many slugs, without more: the address made once for all."""
    address = addresses(request).keyed(f"api:{view_name}")
    return [{"slug": slug, "api_url": address(slug)} for slug in slugs]


def verdict_summary(request: HttpRequest, verdict: models.Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {
        "id": verdict.pk,
        "level": level(verdict.level),
        "rationale": verdict.rationale,
        "as_of": verdict.as_of,
        "published_at": verdict.published_at,
        "api_url": api(request, "verdict_detail", verdict.pk),
    }


def event(request: HttpRequest, event: Event) -> dict:
    """An event read by selectors.with_first_claims(): its first claims' slugs, and one
    more if there are more than a list shows."""
    claims = event.first_claims  # type: ignore[attr-defined]
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "date": date_json(event.stored_date),
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in event.listed_topics],
        "era": (
            {
                "slug": event.era.slug,
                "title": event.era.title,
                "date": date_json(event.era.stored_date),
            }
            if event.era
            else None
        ),
        "claims": slug_links(request, "claim_detail", claims[:NESTED_LIMIT]),
        **(
            {"claims_more": listed(request, "claim_list", event=event.slug)}
            if len(claims) > NESTED_LIMIT
            else {}
        ),
        "url": page_url(event),
        "api_url": api(request, "event_detail", event.slug),
        "updated_at": event.updated_at,
    }


# A nested list stops after this many; the rest are one link away (`<list>_more`).
NESTED_LIMIT = 20


def claim(request: HttpRequest, claim: models.Claim) -> dict:
    events = claim.first_events  # type: ignore[attr-defined]  # selectors.with_first_events
    more = {}
    if len(events) > NESTED_LIMIT:
        more["events_more"] = listed(request, "event_list", claim=claim.slug)
    return {
        "slug": claim.slug,
        "text": claim.text,
        "quote": quote(request, claim.quote, speaker_title=claim.speaker_title),  # type: ignore[attr-defined]
        "events": slug_links(request, "event_detail", events[:NESTED_LIMIT]),
        **more,
        # "published", or "withdrawn" (verdict null): the claims.csv download says the same.
        "status": "published" if claim.published_verdict_id else "withdrawn",
        "verdict": verdict_summary(request, claim.published_verdict),
        "url": page_url(claim),
        "api_url": api(request, "claim_detail", claim.slug),
    }


def evidence(request: HttpRequest, item: models.Evidence) -> dict:
    source = item.source
    return {
        "source": link(request, "source_detail", source.slug, title=source.title),
        "stance": item.stance,
        "note": item.note,
    }


def correction(correction: models.Correction | None) -> dict | None:
    if correction is None:
        return None
    return {
        "kind": correction.kind,
        "note": correction.note,
        "published_at": correction.published_at,
        "previous": correction.previous_id,
        "revision": correction.revision_id,
    }


def correction_of(verdict: models.Verdict) -> models.Correction | None:
    """The correction that published this verdict as a revision, if it is one."""
    try:
        return verdict.correction
    except models.Correction.DoesNotExist:
        return None


def verdict(request: HttpRequest, verdict: models.Verdict) -> dict:
    return {
        "id": verdict.pk,
        "claim": link(request, "claim_detail", verdict.claim.slug),
        "status": verdict.status,
        "level": level(verdict.level),
        "rationale": verdict.rationale,
        "analysis": verdict.analysis,
        "as_of": verdict.as_of,
        "published_at": verdict.published_at,
        "revises": verdict.revises_id,
        "correction": correction(correction_of(verdict)),
        "evidence": [evidence(request, item) for item in verdict.evidence.all()],
        "api_url": api(request, "verdict_detail", verdict.pk),
    }


def source(request: HttpRequest, source: models.Source) -> dict:
    return {
        "slug": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "kind": source.kind,
        "date": date_json(date) if (date := source.stored_date) else None,
        "url": source.url or None,
        "archived_url": source.archived_url or None,
        "api_url": api(request, "source_detail", source.slug),
    }


def appearance(request: HttpRequest, item: models.Appearance) -> dict:
    """A speaker in an interview: in what role, with the job title they held then."""
    person = item.speaker
    return {
        "speaker": link(request, "speaker_detail", person.slug, name=person.name),
        "role": item.role,
        "job_title": item.job_title,
    }


def interview(request: HttpRequest, item: models.Transcript) -> dict:
    """An interview with its cast and what was checked in it (the list's annotations:
    reader.selectors.listed_interviews and for_the_interview_list)."""
    return {
        **transcript(request, item),
        "speakers": [appearance(request, each) for each in item.appearances.all()],
        "quote_count": item.quote_count,  # type: ignore[attr-defined]
        "claim_count": item.claim_count,  # type: ignore[attr-defined]
        "verdicts": [
            {"level": level(each) if each else None, "count": count}
            for each, count in item.verdict_levels  # type: ignore[attr-defined]
        ],
        "claims": listed(request, "claim_list", interview=item.slug),
        "events": listed(request, "event_list", interview=item.slug),
    }


def listed(request: HttpRequest, name: str, **filters: str) -> str:
    """The API list `name`, filtered: where a nested list goes on."""
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{addresses(request).of(f'api:{name}')}?{query}"


def speaker_entry(request: HttpRequest, person: models.Speaker) -> dict:
    """A speaker as the speakers list gives one: who they are and the names they go by."""
    return {
        **speaker(person),
        "aliases": [alias.name for alias in person.aliases.all()],
        "interviews": listed(request, "interview_list", speaker=person.slug),
        "claims": listed(request, "claim_list", speaker=person.slug),
        "url": page_url(person),
        "api_url": api(request, "speaker_detail", person.slug),
    }
