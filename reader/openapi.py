"""The API described as an OpenAPI 3.1 document (spec.openapis.org/oas/v3.1.0), served at
/api/schema.json for the programs and people who read it.

The query parameters are made from the API's own filter forms (reader/filters.py), the
forms the views bind to the query string, so what the document says a list accepts cannot
drift from what it does. The objects are JSON Schema 2020-12 (OpenAPI 3.1's dialect); like
the API, they may gain fields, never lose or rename one, so none forbids extra properties.
"""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from kit.responses import json_response, unknown_parameters
from reader import filters
from reader.api import MAX_PAGE_SIZE, PAGE_SIZE, api_view
from reader.exports import LICENCE

SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(required: dict[str, Any], **optional: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **optional},
    }


STRING = {"type": "string"}
TEXT_OR_NULL = _nullable(STRING)
URL = {"type": "string", "format": "uri"}
URL_OR_NULL = _nullable(URL)
DAY = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}

# An interview as a claim's quote names it; the interview itself adds its cast and tally.
INTERVIEW_REF = {
    "slug": STRING,
    "title": STRING,
    "publisher": STRING,
    "interview_date": _ref("Date"),
    "published": _nullable(_ref("Date")),
    "source_url": {**URL_OR_NULL, "description": "Where its publisher has it."},
    "url": {**URL, "description": "Its page on this site."},
    "api_url": URL,
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "Date": _object(
        {
            "edtf": {**STRING, "description": "EDTF (ISO 8601-2), e.g. 2012~, 2024-01/2024-02"},
            "label": STRING,
            "lower": _nullable(DAY),
            "upper": _nullable(DAY),
            "precision": {
                "enum": ["day", "month", "season", "year", "decade", "century"],
            },
            "approximate": {"type": "boolean"},
            "uncertain": {"type": "boolean"},
        }
    ),
    "Link": _object(
        {"api_url": URL},
        slug={**STRING, "pattern": SLUG_PATTERN},
        id={"type": "integer"},
        title=STRING,
        name=STRING,
    ),
    "Level": _object({"slug": STRING, "label": STRING, "value": {"type": "integer"}}),
    "Speaker": _object({"slug": STRING, "name": STRING, "job_title": STRING}),
    "InterviewRef": _object(INTERVIEW_REF),
    "Quote": _object(
        {
            "exact": {**STRING, "description": "The words, as in the transcript."},
            "prefix": {**STRING, "description": "The words just before (W3C TextQuoteSelector)."},
            "suffix": {**STRING, "description": "The words just after."},
            "start": {
                "type": "integer",
                "minimum": 0,
                "description": "Where the words start in the transcript's text, in code points "
                "(W3C TextPositionSelector).",
            },
            "end": {"type": "integer", "minimum": 0},
            "anchor_status": {
                **STRING,
                "description": "Whether the words were found where the selectors say, after "
                "the transcript was last changed.",
            },
            "speaker": _ref("Speaker"),
            "transcript": _ref("InterviewRef"),
            "appearance": {
                **URL,
                "description": "The interview with a text fragment (#:~:text=) that a browser "
                "scrolls to and highlights.",
            },
        }
    ),
    "Era": _object({"slug": STRING, "title": STRING, "date": _ref("Date")}),
    "Mention": _object(
        {
            "quote": _ref("Quote"),
            "phrase": {**STRING, "description": "The words dating the event, as spoken."},
            "spoken_date": _nullable(_ref("Date")),
        }
    ),
    "VerdictSummary": _object(
        {
            "id": {"type": "integer"},
            "level": _ref("Level"),
            "rationale": STRING,
            "as_of": DAY,
            "published_at": _nullable(MOMENT),
            "api_url": URL,
        }
    ),
    "Correction": _object(
        {
            "kind": STRING,
            "note": STRING,
            "published_at": MOMENT,
            "previous": _nullable({"type": "integer", "description": "The verdict it replaced."}),
            "revision": _nullable(
                {"type": "integer", "description": "The verdict it published; null: withdrawn."}
            ),
        }
    ),
    "Evidence": _object(
        {
            "source": _ref("Link"),
            "stance": {**STRING, "description": "How the source bears on the claim."},
            "note": STRING,
        }
    ),
    "Citation": _object(
        {"verdict": _ref("Link"), "claim": _ref("Link"), "stance": STRING, "note": STRING}
    ),
    "Appearance": _object({"speaker": _ref("Link"), "role": STRING, "job_title": STRING}),
    "InterviewAppearance": _object(
        {"interview": _ref("Link"), "role": STRING, "job_title": STRING}
    ),
    "Event": _object(
        {
            "slug": STRING,
            "title": STRING,
            "summary": STRING,
            "date": _ref("Date"),
            "topics": {"type": "array", "items": _object({"slug": STRING, "name": STRING})},
            "era": _nullable(_ref("Era")),
            "claims": {"type": "array", "items": _ref("Link")},
            "url": URL,
            "api_url": URL,
            "updated_at": MOMENT,
        },
        claims_more={**URL, "description": "All its claims, when it has more than listed."},
        mentions={"type": "array", "items": _ref("Mention")},
        mentions_more={**URL, "description": "The next quotes that mention it."},
    ),
    "Claim": _object(
        {
            "slug": STRING,
            "text": STRING,
            "quote": _ref("Quote"),
            "events": {"type": "array", "items": _ref("Link")},
            "status": {"enum": ["published", "withdrawn"]},
            "verdict": _nullable(_ref("VerdictSummary")),
            "url": URL,
            "api_url": URL,
        },
        events_more={**URL, "description": "All its events, when there are more than listed."},
        verdicts={"type": "array", "items": _ref("Verdict")},
        corrections={"type": "array", "items": _ref("Correction")},
    ),
    "Verdict": _object(
        {
            "id": {"type": "integer"},
            "claim": _ref("Link"),
            "status": {"enum": ["published", "superseded", "withdrawn"]},
            "level": _ref("Level"),
            "rationale": STRING,
            "analysis": STRING,
            "as_of": DAY,
            "published_at": _nullable(MOMENT),
            "revises": _nullable({"type": "integer"}),
            "correction": _nullable(_ref("Correction")),
            "evidence": {"type": "array", "items": _ref("Evidence")},
            "api_url": URL,
        }
    ),
    "Source": _object(
        {
            "slug": STRING,
            "title": STRING,
            "publisher": STRING,
            "author": STRING,
            "kind": STRING,
            "date": _nullable(_ref("Date")),
            "url": URL_OR_NULL,
            "archived_url": URL_OR_NULL,
            "api_url": URL,
        },
        cited_by={"type": "array", "items": _ref("Citation")},
        cited_by_more={**URL, "description": "Every verdict citing it, when more do."},
    ),
    "Interview": _object(
        {
            **INTERVIEW_REF,
            "speakers": {"type": "array", "items": _ref("Appearance")},
            "quote_count": {
                "type": "integer",
                "minimum": 0,
                "description": "Quotes readers see marked in the interview: a public claim "
                "is made in each, or it dates an event on the chronology.",
            },
            "claim_count": {
                "type": "integer",
                "minimum": 0,
                "description": "Claims checked in it, those whose verdict was withdrawn too.",
            },
            "verdicts": {
                "type": "array",
                "description": "How its claims' current verdicts fall, most accurate first; "
                "`level` null counts the claims whose verdict was withdrawn.",
                "items": _object(
                    {
                        "level": _nullable(_ref("Level")),
                        "count": {"type": "integer", "minimum": 1},
                    }
                ),
            },
            "claims": {**URL, "description": "Its claims, in the API."},
            "events": {**URL, "description": "The events its quotes date, in the API."},
        }
    ),
    "SpeakerEntry": _object(
        {
            "slug": STRING,
            "name": STRING,
            "job_title": STRING,
            "aliases": {"type": "array", "items": STRING},
            "interviews": URL,
            "claims": URL,
            "url": URL,
            "api_url": URL,
        },
        appearances={"type": "array", "items": _ref("InterviewAppearance")},
        appearances_more={**URL, "description": "All their interviews, when there are more."},
    ),
    "Error": _object(
        {"error": STRING},
        errors={
            "type": "object",
            "description": "Each parameter that could not be read, with what is wrong.",
            "additionalProperties": {"type": "array", "items": STRING},
        },
    ),
}
for _name in ("Event", "Claim", "Verdict", "Source", "Interview", "SpeakerEntry"):
    SCHEMAS[f"{_name}Page"] = _object(
        {"results": {"type": "array", "items": _ref(_name)}, "next": URL_OR_NULL}
    )


# What the chronology's filters do, for the events list: the page's form labels its fields
# for readers ("Topics", "Verdict"), which says too little to a program.
EVENT_FILTERS = {
    "topic": "Events in any of these topics",
    "speaker": "Events a quote by this speaker dates",
    "level": "Events a claim is made about whose current verdict is at any of these levels",
    "interview": "Events the quotes of this interview date (a slug)",
    "claim": "Events the quote of this claim dates (a slug)",
}


def _parameter(name: str, field: forms.Field, said: str = "") -> dict[str, Any]:
    """A query parameter as `field` (a form field the view binds to the query) reads it,
    described by its help text (or `said`)."""
    schema: dict[str, Any] = {"type": "string"}
    if isinstance(field, forms.SlugField):
        schema["pattern"] = SLUG_PATTERN
    if isinstance(field, forms.CharField) and field.max_length:
        schema["maxLength"] = field.max_length
    description = str(said or field.help_text or field.label or name).rstrip(".") + "."
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _ in cast(list[tuple[str, str]], field.choices) if value]
        if values:
            schema["enum"] = values
        else:  # read from the database when the form is made
            description += " A slug among those /api/ lists under `filters`."
    many = isinstance(field, forms.MultipleChoiceField)
    if many:
        description += " Repeat the parameter for several."
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": schema} if many else schema,
        **({"style": "form", "explode": True} if many else {}),
    }


PAGINATION = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": f"Page size, from 1 to {MAX_PAGE_SIZE}.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
    },
    {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "Where the page starts: follow a page's `next` link as it is given; "
        "the cursor is signed, and an edited one is refused.",
        "schema": {"type": "string", "maxLength": 200},
    },
]


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


REFUSED = _json("A parameter could not be read; nothing else was done.", _ref("Error"))
NOT_FOUND = _json("Nothing public has that key.", _ref("Error"))


def _list(
    summary: str, form: type[forms.Form], item: str, said: dict[str, str] | None = None
) -> dict[str, Any]:
    fields = form.base_fields.items()
    parameters = [_parameter(name, field, (said or {}).get(name, "")) for name, field in fields]
    return {
        "get": {
            "summary": summary,
            "parameters": parameters + PAGINATION,
            "responses": {
                "200": _json(
                    "A page of results, and the next page's URL (also in a Link header).",
                    _ref(f"{item}Page"),
                ),
                "400": REFUSED,
            },
        }
    }


# What each object is called in a sentence (SpeakerEntry is a speaker).
NOUNS = {"SpeakerEntry": "speaker"}


def _detail(summary: str, key: str, item: str, *query: dict[str, Any]) -> dict[str, Any]:
    noun = NOUNS.get(item, item.lower())
    schema = {"type": "integer", "minimum": 1} if key == "pk" else {**STRING}
    written = "id" if key == "pk" else key
    path = {
        "name": key,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": f"The {noun}'s {written}, as the lists and its `api_url` give it.",
    }
    return {
        "get": {
            "summary": summary,
            "parameters": [path, *query],
            "responses": {
                "200": _json(f"The {noun}.", _ref(item)),
                "400": REFUSED,  # a query parameter the endpoint does not know
                "404": NOT_FOUND,
            },
        }
    }


# Each of the API's URL names (reader/api_urls.py), described.
OPERATIONS: dict[str, dict[str, Any]] = {
    "index": {
        "get": {
            "summary": "The endpoints, and the values the events filters accept.",
            "responses": {
                "200": _json("The endpoints and filter values.", {"type": "object"}),
                "400": REFUSED,  # a query parameter it does not know
            },
        }
    },
    "schema": {
        "get": {
            "summary": "This document.",
            "responses": {
                "200": _json("OpenAPI 3.1.", {"type": "object"}),
                "400": REFUSED,  # a query parameter it does not know
            },
        }
    },
    "event_list": _list(
        "Events in chronological order, with the timeline's filters.",
        filters.EventFilterForm,
        "Event",
        EVENT_FILTERS,
    ),
    "event_detail": _detail(
        "One event, with its claims and the quotes that mention it, 20 at a time.",
        "slug",
        "Event",
        {
            "name": "mentions_cursor",
            "in": "query",
            "required": False,
            "schema": STRING,
            "description": "Where the quotes go on: take it from `mentions_more`.",
        },
    ),
    "claim_list": _list(
        "Claims with a public verdict, oldest first.", filters.ClaimFilterForm, "Claim"
    ),
    "claim_detail": _detail(
        "One claim, with every public version of its verdict and its corrections.",
        "slug",
        "Claim",
    ),
    "verdict_list": _list(
        "Public verdicts (published, superseded, withdrawn), oldest first, with evidence.",
        filters.VerdictFilterForm,
        "Verdict",
    ),
    "verdict_detail": _detail("One public verdict.", "pk", "Verdict"),
    "source_list": _list(
        "Sources cited by public verdicts, oldest first.", filters.SourceKindFilterForm, "Source"
    ),
    "source_detail": _detail("One source, with the verdicts citing it.", "slug", "Source"),
    "interview_list": _list(
        "Published interviews, in the order they were added, each with its cast and what "
        "was checked in it.",
        filters.InterviewFilterForm,
        "Interview",
    ),
    "interview_detail": _detail("One published interview.", "slug", "Interview"),
    "speaker_list": _list(
        "Everyone who speaks in a published interview.", filters.SpeakerFilterForm, "SpeakerEntry"
    ),
    "speaker_detail": _detail(
        "One speaker, with the interviews they appear in and the title held in each.",
        "slug",
        "SpeakerEntry",
    ),
}


def _path(name: str, operation: dict[str, Any]) -> str:
    """The URL of `name` as an OpenAPI path template: /api/events/{slug}/."""
    parameters = operation["get"].get("parameters", [])
    keys = {p["name"]: f"{{{p['name']}}}" for p in parameters if p["in"] == "path"}
    placeholder = {name: 123456789 if name == "pk" else "k-e-y" for name in keys}
    url = reverse(f"api:{name}", kwargs=placeholder or None)
    for key, template in keys.items():
        url = url.replace(str(placeholder[key]), template)
    return url


def _tag(name: str) -> str:
    """What an operation is about, for tools that group them: events for event_list."""
    thing = name.rpartition("_")[0]
    return f"{thing}s" if thing else "about"


def document(request: HttpRequest) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API, its server being this site."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Interview Fact Check API",
            "version": "1",
            "description": "Read-only. Fields may be added, never renamed or removed.",
            "license": {"name": LICENCE, "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": {
            _path(name, operation): {
                "get": {**operation["get"], "operationId": name, "tags": [_tag(name)]}
            }
            for name, operation in OPERATIONS.items()
        },
        "components": {"schemas": SCHEMAS},
    }


@api_view
def schema(request: HttpRequest) -> HttpResponse:
    """This document, as JSON."""
    if refusal := unknown_parameters(request.GET, ()):
        return refusal
    return json_response(document(request))
