"""The standing hostile-input suite (issue 12): every URL the URLconf declares and every
field the desk's forms declare, as each role, sent what an attacker or a broken client
sends: SQL and script payloads, NUL bytes, invalid UTF-8, non-ASCII digits, huge and
negative numbers, malformed dates and cursors, duplicated parameters, wrong methods and
content types. The API part is generated from its OpenAPI document (/api/schema.json).

Whatever comes in, the site answers without a 5xx, never reflects a payload unescaped in
HTML, and a request it refuses (4xx) changes nothing: the row counts and a checksum of the
key tables stay as they were. A request it accepts may write (a valid form with a hostile
title is a valid form); the checksum is taken again after it.

Deterministic (derandomized Hypothesis, bounded examples) and quick; `-m hostile` runs it
alone. Every 5xx it found is fixed, with its own focused regression test beside the code.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from factcheck import services
from factcheck.desk.forms import (
    EVIDENCE_PREFIX,
    SOURCE_PREFIX,
    ClaimForm,
    EvidenceForm,
    NoteForm,
    PublishCorrectionForm,
    VerdictForm,
)
from factcheck.forms import SourceForm
from factcheck.models import Claim, Source, Verdict
from reader.filters import EventFilterForm
from tests.factories import (
    make_approver,
    make_claim,
    make_editor,
    make_event,
    make_level,
    make_quote,
    make_source,
    make_topic,
    make_verdict,
)
from tests.published import correct, published_claim
from timeline.models import Era

pytestmark = [pytest.mark.django_db, pytest.mark.hostile]

# --------------------------------------------------------------------------------------------
# What is sent

SCRIPT = "<script>alert(1)</script>"
SVG = '"><svg onload=alert(1)>'
# The payloads that must never come back as markup.
MARKUP = (SCRIPT, "<svg onload=alert(1)>")

# Values as they arrive, already decoded.
HOSTILE = [
    "' OR '1'='1' --",
    "1; DROP TABLE factcheck_claim; --",
    SCRIPT,
    SVG,
    "²",
    "٣",
    "9" * 23,
    "-1",
    "-9223372036854775809",
    "0",
    "1e309",
    "2024-02-30",
    "-500",
    "2024-06-03T10:00",
    "99999-99-99",
    "2016/..",
    "x" * 5000,
    "../../etc/passwd",
    "\u202e\u2028",
    " ",
]
# Raw query-string fragments: invalid UTF-8 and NUL, percent-encoded.
RAW = ["%FF", "%C3%28", "%ED%A0%80", "%00", "a%00b", "%", "%%%"]

ROLES = ("anonymous", "editor", "approver", "admin")
WRONG_METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
WRONG_TYPES = (
    ("application/json", '{"title": "<script>alert(1)</script>"}'),
    ("text/plain", "title=x"),
    ("application/x-www-form-urlencoded; charset=utf-16", "title=x"),
    ("multipart/form-data; boundary=nothing", "--nothing--"),
    ("application/x-www-form-urlencoded", "%FF=%FE&a=%C3%28"),
)

# Query parameters some view reads, beside the filters the forms declare.
QUERY_NAMES = [
    "q",
    "after",
    "cursor",
    "limit",
    "year",
    "tab",
    "picker",
    "quote",
    "source",
    f"{EVIDENCE_PREFIX}-TOTAL_FORMS",
    f"{EVIDENCE_PREFIX}-0-source",
    "next",
    "order",
    # the admin's
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_changelist_filters",
    "date_lower__year",
    "date_lower__month",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "kind__exact",
    "topics__id__exact",
    *EventFilterForm.base_fields,
]


# --------------------------------------------------------------------------------------------
# A small published dataset, and the people who use it


@dataclass
class Site:
    clients: dict[str, Client]
    users: dict[str, User]
    event: Any
    claim: Claim  # public, corrected: a superseded verdict and its correction
    bare_claim: Claim  # no verdict yet
    transcript: Any
    source: Source
    draft: Verdict
    in_review: Verdict
    published: Verdict
    baseline: str = ""
    keys: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # Hypothesis prints it with a failing example
        return "Site(the published dataset)"


@pytest.fixture
def site() -> Site:
    Group.objects.get_or_create(name="Reviewers")
    topic = make_topic(name="South China Sea", slug="south-china-sea")
    Era.objects.create(title="Obama administration", slug="obama", edtf="2009-01-20/2017-01-20")
    claim = published_claim()
    event = make_event(topics=[topic], title="The award")
    services.mention_add(quote=claim.quote, event=event, phrase="in 2016")
    correct(claim)
    transcript = claim.quote.transcript
    other = make_quote(transcript, exact="China said it would ignore the award.")
    author = make_editor(username="author")
    source = make_source(title="The arbitral award", url="https://example.org/award")
    draft = make_verdict(make_claim(other, slug="drafted"), author=author, sources=[source])
    in_review = make_verdict(
        make_claim(other, slug="in-review"), status=Verdict.Status.IN_REVIEW, author=author
    )
    users = {
        "editor": make_editor(username="hostile-editor"),
        "approver": make_approver(username="hostile-approver"),
        "admin": User.objects.create_superuser("hostile-admin", "admin@example.com", "pw"),
    }
    # A 500 is collected as a status, so one run lists every one of them.
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in users.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    claim.refresh_from_db()
    return Site(
        clients=clients,
        users=users,
        event=event,
        claim=claim,
        bare_claim=make_claim(other, slug="no-verdict-yet"),
        transcript=transcript,
        source=source,
        draft=draft,
        in_review=in_review,
        published=claim.published_verdict,
    )


# The tables whose rows a refused request must leave as they were.
CHECKED_APPS = ("factcheck", "timeline")


def writes() -> int:
    """Rows written so far on this connection, as the database counts them: while the count
    stands still, nothing was written, and the checksum need not be taken again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:  # this transaction's counts (each test runs in one)
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                "FROM pg_stat_xact_user_tables"
            )
        return int(cursor.fetchone()[0])


def checksum() -> str:
    digest = hashlib.sha256()
    models = [m for app in CHECKED_APPS for m in apps.get_app_config(app).get_models()]
    for model in [*models, User, Group]:
        rows = list(model._default_manager.order_by("pk").values_list())
        digest.update(f"{model._meta.label}:{len(rows)}:{rows!r}".encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Every URL the URLconf declares, with real keys


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # the pattern, as declared

    @property
    def area(self) -> str:
        return self.route.split("/", 1)[0] if "/" in self.route else "reader"


def routes(
    resolver: URLResolver | None = None, prefix: str = "", space: str = ""
) -> Iterator[Route]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{space}{entry.namespace}:" if entry.namespace else space
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(f"{space}{entry.name or '?'}", prefix + str(entry.pattern))


ROUTES = sorted(set(routes()), key=lambda r: (r.route, r.name))
DESK_VERDICTS = {
    "verdict_edit": "draft",
    "verdict_submit": "draft",
    "verdict_review": "in_review",
    "verdict_publish": "in_review",
    "verdict_return": "in_review",
    "verdict_correct": "published",
    "verdict_withdraw": "published",
}


def url_of(route: Route, site: Site) -> str:
    """The route's address, naming real rows of the dataset."""
    name = route.name.rsplit(":", 1)[-1]
    path = route.route
    if path.startswith("admin/"):
        if "(?P<app_label>" in path:
            return "/admin/factcheck/"
        if "(?P<url>" in path:
            return "/admin/no-such-page/"
        found = re.match(r"admin/(\w+)/(\w+)/", path)
        if found and "<" in path:
            model = apps.get_model(found[1], found[2])
            row = model._default_manager.order_by("pk").first()
            key = str(row.pk) if row else "1"  # none yet (a lockout log): the 404 is the answer
            path = re.sub(r"<(path:)?(object_id|id)>", key, path)
        path = path.replace("<path:content_type_id>/<path:object_id>", "1/1")
    slugs = {
        "reader:event_detail": site.event.slug,
        "api:event_detail": site.event.slug,
        "reader:claim_detail": site.claim.slug,
        "api:claim_detail": site.claim.slug,
        "api:source_detail": site.source.slug,
        "reader:transcript_detail": site.transcript.slug,
        "desk:transcript": site.transcript.slug,
        "desk:claim_create": site.transcript.slug,
        "desk:claim": site.claim.slug,
        "desk:verdict_create": site.bare_claim.slug,
    }
    path = path.replace("<slug:slug>", slugs.get(route.name, "no-such-slug"))
    verdict = getattr(site, DESK_VERDICTS.get(name, "published"))
    path = path.replace("<int:pk>", str(verdict.pk))
    path = path.replace("<section>", "events").replace("<uidb64>/<token>", "MQ/x-y")
    assert "<" not in path and "(?" not in path, f"{route} needs a key in url_of()"
    return "/" + path.lstrip("^").rstrip("$")


# --------------------------------------------------------------------------------------------
# Sending, and what every answer must be


@dataclass
class Problems:
    found: list[str] = field(default_factory=list)

    def check(self, site: Site, request: str, response, *, wrote: bool) -> None:
        status = response.status_code
        if status >= 500:
            self.found.append(f"{status} {request}")
            return
        content_type = response.get("Content-Type", "")
        if "html" in content_type and not response.streaming:
            text = response.content.decode(errors="replace")
            for payload in MARKUP:
                if payload in text:
                    self.found.append(f"unescaped {payload!r}: {request}")
        if not wrote:
            return
        now = checksum()
        if 400 <= status < 500 and now != site.baseline:
            self.found.append(f"refused ({status}) yet changed the data: {request}")
        site.baseline = now

    def assert_none(self) -> None:
        assert not self.found, "\n".join(self.found[:50])


def send(
    site: Site,
    problems: Problems,
    role: str,
    method: str,
    url: str,
    *,
    body: str | dict | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    headers: dict | None = None,
) -> HttpResponseBase:
    client = site.clients[role]
    request = f"{role} {method} {url[:200]} {str(body)[:200] if body else ''}"
    kwargs: dict[str, Any] = {"headers": headers or {}}
    if isinstance(body, dict):
        kwargs["data"] = body  # multipart, as a browser posts a form with a file
    elif body is not None:
        kwargs.update(data=body, content_type=content_type)
    before = writes()
    response = (
        client.generic(method, url, **kwargs)
        if method not in {"GET", "POST"}
        else (getattr(client, method.lower())(url, **kwargs))
    )
    problems.check(site, request, response, wrote=writes() != before)
    if role in site.users and "_auth_user_id" not in client.session:
        client.force_login(site.users[role])  # it logged out: log in again, for what follows
        site.baseline = checksum()  # (which records the login)
    return response


def query(params: list[tuple[str, str]], raw: str = "") -> str:
    encoded = urlencode(params)
    return "?" + "&".join(part for part in (encoded, raw) if part)


# --------------------------------------------------------------------------------------------
# 1. Every URL, every role, every method: the gates and the methods hold


def test_every_url_answers_every_role_and_method_without_a_5xx(site):
    site.baseline = checksum()
    problems = Problems()
    for route in ROUTES:
        url = url_of(route, site)
        for role in ROLES:
            send(site, problems, role, "GET", url)
            send(site, problems, role, "POST", url, body="")
        gatekeeper = _gatekeeper(route)[0]
        send(site, problems, gatekeeper, "HEAD", url)
        for method in WRONG_METHODS if route.area != "admin" else WRONG_METHODS[:1]:
            send(site, problems, gatekeeper, method, url)
    problems.assert_none()


# --------------------------------------------------------------------------------------------
# 2. Every query parameter each view reads, found by reading over its shoulder


@contextmanager
def parameters_read() -> Iterator[set[str]]:
    """The names a view looks up in a QueryDict (request.GET, request.POST, or a form bound
    to either) while it answers."""
    read: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__")}
    contains = QueryDict.__contains__

    def spy(original):
        def lookup(self, key, *args, **kwargs):
            read.add(key)
            return original(self, key, *args, **kwargs)

        return lookup

    def spy_contains(self, key):
        read.add(key)
        return contains(self, key)

    for name, original in originals.items():
        setattr(QueryDict, name, spy(original))
    QueryDict.__contains__ = spy_contains  # type: ignore[method-assign]
    try:
        yield read
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)
        QueryDict.__contains__ = contains  # type: ignore[method-assign]


# The values each parameter gets, one at a time; raw ones are sent as they are.
SWEEP = ["²", "9" * 23, "-1", SCRIPT, "' OR '1'='1' --", "2024-02-30", "x" * 300]
SWEEP_RAW = ["%FF", "%C3%28"]
# What Django's admin reads from its change lists' query strings without a lookup by name.
ADMIN_NAMES = [
    *("o", "p", "q", "e", "all", "_popup", "_to_field", "id__exact", "kind__exact"),
    *("date_lower__year", "date_lower__month", "date_lower__day", "topics__id__exact"),
]


def test_every_parameter_each_view_reads_answers_hostile_values(site):
    site.baseline = checksum()
    problems = Problems()
    for route in ROUTES:
        admin = route.area == "admin"
        if admin and not route.name.endswith(("_changelist", "autocomplete")):
            continue
        url, role = url_of(route, site), _gatekeeper(route)[0]
        with parameters_read() as names:
            send(site, problems, role, "GET", url)
            send(site, problems, role, "GET", url, headers={"HX-Request": "true"})
        names = {name for name in names if isinstance(name, str)} | {"q", "after"}
        if admin:  # every name at once: a change list refuses an unknown one first
            for value in SWEEP:
                params = [(name, value) for name in [*ADMIN_NAMES, *sorted(names)]]
                send(site, problems, role, "GET", url + query(params))
            continue
        for name in sorted(names):
            for value in SWEEP:
                send(site, problems, role, "GET", url + query([(name, value), (name, value)]))
            for raw in SWEEP_RAW:
                send(site, problems, role, "GET", f"{url}?{quote(name)}={raw}")
    problems.assert_none()


# --------------------------------------------------------------------------------------------
# 3. Any URL's query string, at random, as the role that gets past its gate


def _gatekeeper(route: Route) -> tuple[str, ...]:
    if route.area == "admin":
        return ("admin",)
    if route.area == "desk":
        return ("editor", "approver")
    return ("anonymous",)


HOSTILE_VALUES = st.sampled_from(HOSTILE)
NAMES = st.sampled_from(QUERY_NAMES)


@st.composite
def hostile_query(draw) -> str:
    """Some of the parameters a view reads, each with a hostile value, some repeated, and
    perhaps a raw fragment of invalid UTF-8 or a NUL byte."""
    params = draw(st.lists(st.tuples(NAMES, HOSTILE_VALUES), min_size=1, max_size=4))
    if draw(st.booleans()):
        params += params[:1]  # a duplicated parameter
    raw = draw(
        st.sampled_from(
            ["", "", *[f"{name}={fragment}" for name in ("q", "after") for fragment in RAW]]
        )
    )
    return query(params, raw)


@pytest.mark.parametrize("area", ["reader", "api", "desk", "admin", "accounts"])
@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_query_strings_on_every_url(site, area, data):
    site.baseline = site.baseline or checksum()
    problems = Problems()
    candidates = [
        route
        for route in ROUTES
        if route.area == area
        or (area == "reader" and route.area not in {"api", "desk", "admin", "accounts"})
    ]
    route = data.draw(st.sampled_from(candidates))
    role = data.draw(st.sampled_from(_gatekeeper(route)))
    htmx = data.draw(
        st.sampled_from(
            [
                {},
                {"HX-Request": "true"},
                {"HX-Request": "true", "HX-Current-URL": "http://["},
                {"HX-Request": "true", "HX-Target": SCRIPT},
            ]
        )
    )
    send(
        site, problems, role, "GET", url_of(route, site) + data.draw(hostile_query()), headers=htmx
    )
    problems.assert_none()


# --------------------------------------------------------------------------------------------
# 4. Every field the desk's forms declare, posted with the rest of the form valid


def _fields(form: type, prefix: str = "") -> list[str]:
    return [f"{prefix}-{name}" if prefix else name for name in form.base_fields]


def _evidence(index: int, source: Source) -> dict[str, str]:
    return {
        f"{EVIDENCE_PREFIX}-{index}-source": str(source.pk),
        f"{EVIDENCE_PREFIX}-{index}-stance": "supports",
        f"{EVIDENCE_PREFIX}-{index}-note": "",
    }


def desk_forms(site: Site) -> list[tuple[str, str, dict[str, str], list[str]]]:
    """(role, URL, a valid body, the fields to make hostile) for each form the desk posts.
    The field names come from the forms themselves."""
    level = str(make_level("Accurate").pk)
    verdict = {
        "level": level,
        "rationale": "The tribunal ruled on 12 July 2016.",
        "analysis": "",
        "as_of": "2024-06-10",
        f"{EVIDENCE_PREFIX}-TOTAL_FORMS": "1",
        f"{EVIDENCE_PREFIX}-INITIAL_FORMS": "0",
        **_evidence(0, site.source),
        "_action": "save",
    }
    evidence_fields = [
        *_fields(EvidenceForm, f"{EVIDENCE_PREFIX}-0"),
        f"{EVIDENCE_PREFIX}-0-DELETE",
        f"{EVIDENCE_PREFIX}-TOTAL_FORMS",
        f"{EVIDENCE_PREFIX}-INITIAL_FORMS",
        "_action",
        "in_place",
    ]
    note = {"note": "Checked again."}
    desk = lambda name, *args: reverse(f"desk:{name}", args=args)  # noqa: E731
    return [
        (
            "editor",
            desk("claim_create", site.transcript.slug),
            {
                "exact": "China said it would ignore the award.",
                "hint": "",
                "text": "China objects.",
            },
            _fields(ClaimForm),
        ),
        (
            "editor",
            desk("verdict_create", site.bare_claim.slug),
            verdict,
            [*_fields(VerdictForm), *evidence_fields],
        ),
        (
            "editor",
            desk("verdict_edit", site.draft.pk),
            {**verdict, "version": str(site.draft.version)},
            [*_fields(VerdictForm), *evidence_fields],
        ),
        (
            "editor",
            desk("verdict_submit", site.draft.pk),
            {"version": str(site.draft.version)},
            ["version"],
        ),
        ("approver", desk("verdict_return", site.in_review.pk), note, _fields(NoteForm)),
        (
            "approver",
            desk("verdict_publish", site.in_review.pk),
            {"kind": "update", **note},
            _fields(PublishCorrectionForm),
        ),
        ("editor", desk("verdict_correct", site.published.pk), note, _fields(NoteForm)),
        ("approver", desk("verdict_withdraw", site.published.pk), note, _fields(NoteForm)),
        (
            "editor",
            desk("source_create"),
            {f"{SOURCE_PREFIX}-title": "A report", f"{SOURCE_PREFIX}-kind": "report"},
            [*_fields(SourceForm, SOURCE_PREFIX), "next", f"{EVIDENCE_PREFIX}-TOTAL_FORMS"],
        ),
        (
            "anonymous",
            reverse("login"),
            {"username": "hostile-editor", "password": "wrong"},
            ["username", "password", "next"],
        ),
        (
            "admin",
            reverse("password_change"),
            {"old_password": "pw", "new_password1": "x", "new_password2": "y"},
            ["old_password", "new_password1", "new_password2"],
        ),
    ]


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_in_every_desk_form_field(site, data):
    site.baseline = site.baseline or checksum()
    problems = Problems()
    role, url, body, names = data.draw(st.sampled_from(desk_forms(site)))
    hostile = data.draw(
        st.dictionaries(st.sampled_from(names), HOSTILE_VALUES, min_size=1, max_size=3)
    )
    htmx = data.draw(st.sampled_from([{}, {"HX-Request": "true"}]))
    send(site, problems, role, "POST", url, body=urlencode({**body, **hostile}), headers=htmx)
    problems.assert_none()


def test_every_desk_form_answers_wrong_content_types_and_undecodable_bodies(site):
    site.baseline = checksum()
    problems = Problems()
    for role, url, body, _names in desk_forms(site):
        for content_type, payload in WRONG_TYPES:
            send(site, problems, role, "POST", url, body=payload, content_type=content_type)
        send(site, problems, role, "POST", url, body=body)  # multipart, as with a file input
        for fragment in RAW:
            send(site, problems, role, "POST", url, body=f"{urlencode(body)}&note={fragment}")
    problems.assert_none()


# --------------------------------------------------------------------------------------------
# 5. The API, from its OpenAPI document


def openapi(client: Client) -> dict:
    return client.get(reverse("api:schema")).json()


def _parameter_values(parameter: dict, site: Site) -> st.SearchStrategy:
    schema = parameter["schema"]
    item = schema.get("items", schema)
    valid = [*item.get("enum", []), site.claim.slug, "south-china-sea", "2015-2016", "10"]
    values = st.sampled_from(HOSTILE + valid)
    if schema.get("type") == "array":
        return st.lists(values, min_size=1, max_size=3)
    return values.map(lambda value: [value])


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_api_answers_what_its_openapi_document_says_to_hostile_parameters(site, data):
    """For each operation of the document: its query parameters (and path keys) given
    hostile values beside valid ones. The answer is one the document lists for the
    operation, and a 200's body is what the document says it is."""
    site.baseline = site.baseline or checksum()
    client = site.clients["anonymous"]
    document = site.keys.setdefault("document", openapi(client))  # type: ignore[arg-type]
    path, operations = data.draw(st.sampled_from(sorted(document["paths"].items())))
    operation = operations["get"]
    params: list[tuple[str, str]] = []
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            name = parameter["name"]
            real = str(site.published.pk) if name == "pk" else _real_slug(path, site)
            key = data.draw(st.sampled_from([real, real, *HOSTILE]))
            path = path.replace(f"{{{name}}}", quote(key, safe=""))
        elif data.draw(st.booleans()):
            for value in data.draw(_parameter_values(parameter, site)):
                params.append((parameter["name"], value))
    if data.draw(st.booleans()) and params:
        params.append(params[0])  # a duplicated parameter
    raw = data.draw(st.sampled_from(["", "", "", "cursor=%FF", "q=%00", "limit=%C2%B2"]))
    url = path + query(params, raw)
    problems = Problems()
    response = send(site, problems, "anonymous", "GET", url)
    problems.assert_none()
    documented = set(operation["responses"]) | {"404"}  # a key no route matches
    if raw.startswith("q=%00"):
        documented.add("400")  # refused at the edge, for every URL
    assert str(response.status_code) in documented, url
    if response.status_code == 200:
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        validator(document, schema).validate(response.json())


def _real_slug(path: str, site: Site) -> str:
    return {
        "events": site.event.slug,
        "claims": site.claim.slug,
        "sources": site.source.slug,
        "interviews": site.transcript.slug,
        "speakers": site.claim.quote.speaker.slug,
    }[path.split("/")[2]]


def validator(document: dict, schema: dict) -> Draft202012Validator:
    """A JSON Schema validator for `schema`, its $refs read from the document."""
    registry: Registry = Registry().with_resource(
        "urn:openapi", DRAFT202012.create_resource(document)
    )
    return Draft202012Validator(_root_refs(schema), registry=registry)


def _root_refs(schema: Any) -> Any:
    """`schema` with its local $refs ("#/components/...") pointed at the document."""
    if isinstance(schema, dict):
        return {
            key: ("urn:openapi" + value if key == "$ref" else _root_refs(value))
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_root_refs(value) for value in schema]
    return schema


# --------------------------------------------------------------------------------------------
# 6. Cookies and the headers views read


COOKIES = ["abc\x00def", "x" * 5000, "²", SCRIPT, "'; DROP TABLE django_session; --"]
HEADERS = [
    {"HX-Request": "true", "HX-Current-URL": "http://["},
    {"HX-Request": "true", "HX-Current-URL": "http://testserver/\x00"},
    {"HX-Request": "true", "HX-Target": SCRIPT, "HX-Trigger": "' OR 1=1"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    {"Accept-Language": "²;q=9" * 50, "Referer": SCRIPT},
]


def test_hostile_cookies_and_headers_on_a_page_of_each_kind(site):
    site.baseline = checksum()
    problems = Problems()
    urls = [
        ("anonymous", "/"),
        ("anonymous", reverse("api:event_list")),
        ("anonymous", reverse("desk:queue")),
        ("editor", reverse("desk:claim", args=[site.claim.slug])),
        ("admin", reverse("admin:timeline_event_changelist")),
        ("anonymous", reverse("login")),
    ]
    for role, url in urls:
        client = site.clients[role]
        for name in ("sessionid", "csrftoken", "messages"):
            saved = client.cookies.get(name)
            for value in COOKIES:
                client.cookies[name] = value
                send(site, problems, role, "GET", url)
                send(site, problems, role, "POST", url, body="q=1")
            if saved is not None:
                client.cookies[name] = saved.value
            else:
                del client.cookies[name]
        for headers in HEADERS:
            send(site, problems, role, "GET", url, headers=headers)
            send(site, problems, role, "POST", url, body="", headers=headers)
    problems.assert_none()
