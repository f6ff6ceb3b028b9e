"""Every model's admin opens for a superuser: changelist, add and change pages."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from factcheck import services
from factcheck.models import (
    Action,
    Claim,
    Correction,
    ErrorReport,
    Evidence,
    Mention,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from tests.factories import (
    TRANSCRIPT_TEXT,
    make_claim,
    make_editor,
    make_event,
    make_quote,
    make_scale,
    make_source,
    make_speaker,
    make_topic,
    make_transcript,
    make_verdict,
)
from tests.published import correct
from timeline.models import Era, Event, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(db):
    Group.objects.get_or_create(name="Reviewers")
    topic = make_topic(name="Cyber")
    event = make_event(topics=[topic])
    Era.objects.create(title="Obama administration", slug="obama", edtf="2009-01-20/2017-01-20")
    claim = make_claim()
    services.mention_add(quote=claim.quote, event=event, phrase="in 2016")
    make_verdict(claim, status=Verdict.Status.PUBLISHED, sources=[make_source()])
    correct(claim)  # a superseded verdict, its revision and the public correction
    services.verdict_correct(verdict=claim.published_verdict, note="Again.", by=make_editor())
    # The login throttle's records (django-axes), as failed and good log-ins leave them.
    seen = {"username": "edna", "ip_address": "203.0.113.7", "user_agent": "", "http_accept": ""}
    AccessAttempt.objects.create(**seen, failures_since_start=2, get_data="", post_data="")
    AccessFailureLog.objects.create(**seen, locked_out=False)
    AccessLog.objects.create(**seen)
    services.error_report_file(page=claim.get_absolute_url(), message="The date is wrong.")
    return claim


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_opens(superuser_client, dataset, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_search_opens(superuser_client, dataset, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert superuser_client.get(url, {"q": "2016"}).status_code == 200


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_add_page_opens_unless_rows_come_from_elsewhere(superuser_client, dataset, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    from_elsewhere = {Correction, Action, Evidence, Claim, Verdict, ErrorReport}
    from_log_ins = {AccessAttempt, AccessFailureLog, AccessLog}
    expected = 403 if model in from_elsewhere | from_log_ins else 200
    assert response.status_code == expected


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_change_page_opens(superuser_client, dataset, model):
    opts = model._meta
    obj = model.objects.first()
    response = superuser_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def test_source_list_counts_citing_verdicts_in_one_query_for_all_rows(
    superuser_client, django_assert_max_num_queries
):
    sources = [make_source(title=f"Source {n}") for n in range(30)]
    for source in sources:
        make_verdict(sources=[source])
        make_verdict(sources=[source])
    with django_assert_max_num_queries(8):
        response = superuser_client.get(reverse("admin:factcheck_source_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list[0].verdict_count == 2


def test_source_search_finds_by_publisher_author_and_address_from_the_index(superuser_client):
    make_source(
        title="Award",
        publisher="Permanent Court of Arbitration",
        url="https://pca-cpa.org/en/cases/7/",
    )
    make_source(title="Other", publisher="Reuters", author="David Brunnstrom")
    url = reverse("admin:factcheck_source_changelist")

    def found(query: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            response = superuser_client.get(url, {"q": query})
        assert not any(" LIKE " in query["sql"] for query in queries.captured_queries)
        return [source.title for source in response.context["cl"].result_list]

    assert found("pca-cpa.org") == found("cases arbitration") == ["Award"]
    assert found("Reuters") == found("brunnstrom") == ["Other"]
    assert found("https://pca-cpa.org/en/cases/7/") == ["Award"]
    # A search for nothing in particular finds nothing, and says why.
    for query, said in (("the", "Words as common as “the”"), ("!!!", "punctuation or symbols")):
        response = superuser_client.get(url, {"q": query})
        assert response.context["cl"].result_count == 0
        assert said in response.text


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("timeline_event", lambda: make_event(title="The Philippines won its case")),
        ("factcheck_quote", make_quote),  # "The Philippines won its case in 2016."
        ("factcheck_claim", make_claim),  # the same, its quote's too
        ("factcheck_claim", lambda: make_claim(text="Manila prevailed.")),  # its quote's alone
    ],
    ids=["events", "quotes", "claims", "claims by their quote"],
)
def test_the_long_lists_are_searched_from_their_indexes(superuser_client, model, make):
    make()
    url = reverse(f"admin:{model}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(url, {"q": "won philippines"})  # in any order
    assert response.context["cl"].result_count == 1
    assert not any(" LIKE " in query["sql"] for query in queries.captured_queries)
    assert superuser_client.get(url, {"q": "philippinez"}).context["cl"].result_count == 0
    refused = superuser_client.get(url, {"q": "the", "_facets": "True"})  # counts asked too
    assert refused.context["cl"].result_count == 0
    assert refused.text.count("Words as common as “the”") == 1
    assert "Words as common" not in superuser_client.get(url).text  # none left for later


def test_an_event_is_found_for_a_link_by_words_of_its_title(superuser_client):
    make_event(title="The arbitral award")
    make_event(title="Rose Garden cyber deal")
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "factcheck",
                "model_name": "mention",
                "field_name": "event",
                "term": "arb",
            },
        )
    assert not any(" LIKE " in query["sql"] for query in queries.captured_queries)
    [found] = response.json()["results"]
    assert found["text"].startswith("The arbitral award")


def test_the_source_list_names_the_site_each_links_to_and_what_it_last_answered(
    superuser_client,
):
    checked = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)
    for title, status in (("Award", 200), ("Gone", 404), ("Silent", None)):
        source = make_source(title=title, url=f"https://www.{title.lower()}.example/{'x/' * 200}")
        Source.objects.filter(pk=source.pk).update(link_status=status, link_checked_at=checked)
    make_source(title="New", url="https://new.example/")
    make_source(title="Offline")
    text = superuser_client.get(reverse("admin:factcheck_source_changelist")).text
    # The site alone, the whole address in the link and on hovering.
    addresses = re.findall(r'<a href="(https://[^"]+)" title="\1">([\w.]+)</a>', text)
    assert sorted(site for _, site in addresses) == [
        "award.example",
        "gone.example",
        "new.example",
        "silent.example",
    ]
    for said in (
        "<small>answered 200, 30 Nov 2026</small>",
        "<small>broken: answered 404, 30 Nov 2026</small>",
        "<small>broken: no answer, 30 Nov 2026</small>",
        "<small>not checked yet</small>",
        '<td class="field-link">-</td>',
    ):
        assert said in text


@pytest.mark.parametrize("model", ["factcheck_source", "timeline_event", "timeline_era"])
def test_the_date_column_sorts_by_date_not_by_the_dates_words(superuser_client, model):
    dated = {"2023-05-01": "Third", "2024-06-01": "Fourth", "2014-04-01": "First"}
    for edtf, title in (*dated.items(), ("2020-04-10", "Second")):
        if model == "factcheck_source":
            make_source(title=title, date=edtf)
        elif model == "timeline_event":
            make_event(title=title, edtf=edtf)
        else:
            Era.objects.create(title=title, slug=title.lower(), edtf=edtf)
    url = reverse(f"admin:{model}_changelist")
    header = re.search(
        r'<th scope="col" class="[^"]*column-dated[^"]*">(.*?)</th>',
        superuser_client.get(url).text,
        re.S,
    )
    assert header and ">Date<" in header.group(1)
    sort = re.search(r'<a href="(\?o=[^"]+)"', header.group(1)).group(1).replace("&amp;", "&")
    ordered = superuser_client.get(url + sort).context["cl"].result_list
    titles = [row.title for row in ordered]
    assert titles in (
        ["First", "Second", "Third", "Fourth"],
        ["Fourth", "Third", "Second", "First"],
    )


def test_sources_are_filtered_by_what_their_links_last_answered(superuser_client):
    """The dead links, to mend: an error status or no answer at all, as check_sources left
    them; and the choices are there before any link was checked."""
    url = reverse("admin:factcheck_source_changelist")
    choices = superuser_client.get(url).content.decode()
    assert "?link=broken" in choices and "?link=unchecked" in choices
    checked = timezone.now()
    for title, status in [("Gone", 404), ("Down", 503), ("Silent", None), ("Fine", 200)]:
        source = make_source(title=title, url=f"https://example.org/{title.lower()}")
        Source.objects.filter(pk=source.pk).update(link_status=status, link_checked_at=checked)
    make_source(title="New", url="https://example.org/new")
    make_source(title="Offline", url="")  # nothing to check

    def titles(link: str) -> list[str]:
        result = superuser_client.get(url, {"link": link}).context["cl"].result_list
        return sorted(source.title for source in result)

    assert titles("broken") == ["Down", "Gone", "Silent"]
    assert titles("working") == ["Fine"]
    assert titles("unchecked") == ["New"]


def test_source_date_accepts_natural_language(superuser_client):
    response = superuser_client.post(
        reverse("admin:factcheck_source_add"),
        {
            "title": "Fact sheet",
            "publisher": "The White House",
            "kind": "press-release",
            "date": "Sept. 25, 2015",
            "url": "",
            "archived_url": "",
            "author": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(slug="fact-sheet")
    assert (source.date, str(source.date_lower)) == ("2015-09-25", "2015-09-25")


def test_a_source_with_a_title_already_used_gets_its_own_slug_not_an_error(superuser_client):
    """The admin never types a slug: it is made from the title and numbered, as on the
    desk, so a second "Fact sheet" is added rather than refused over a field not shown."""
    form = {"publisher": "The White House", "kind": "press-release", "date": "2015"}
    add = reverse("admin:factcheck_source_add")
    assert "slug" not in superuser_client.get(add).context["adminform"].form.fields
    for _ in range(2):
        assert superuser_client.post(add, {**form, "title": "Fact sheet"}).status_code == 302
    assert sorted(Source.objects.values_list("slug", flat=True)) == ["fact-sheet", "fact-sheet-2"]
    change = reverse("admin:factcheck_source_change", args=[Source.objects.first().pk])
    assert "fact-sheet" in superuser_client.get(change).content.decode()  # shown, not typed


def test_event_date_rejects_nonsense_with_a_message_and_saves_nothing(superuser_client):
    response = superuser_client.post(
        reverse("admin:timeline_event_add"),
        {"title": "Something", "slug": "something", "summary": "", "edtf": "banana"},
    )
    assert response.status_code == 200
    assert "banana" in str(response.context["adminform"].form.errors["edtf"])
    assert not Event.objects.filter(slug="something").exists()


@pytest.mark.parametrize(
    ("url", "fields", "field"),
    [
        (
            "admin:timeline_event_add",
            {"title": "The \u202eaward", "slug": "award", "summary": "", "edtf": "2016"},
            "title",
        ),
        (
            "admin:timeline_topic_add",
            {"name": "Trade", "slug": "trade", "description": "\x07"},
            "description",
        ),
        ("admin:factcheck_speaker_add", {"name": "Bob\nDavis", "slug": "bob-davis"}, "name"),
    ],
)
def test_a_control_character_typed_in_the_admin_is_refused_as_on_the_desk(
    superuser_client, url, fields, field
):
    response = superuser_client.post(reverse(url), fields)
    assert response.status_code == 200  # the form again, with the error
    assert "not text" in str(response.context["adminform"].form.errors[field])
    assert not Event.objects.exists() and not Topic.objects.exists()


def test_several_lines_are_taken_where_a_field_holds_several(superuser_client):
    response = superuser_client.post(
        reverse("admin:timeline_topic_add"),
        {"name": "Trade", "slug": "trade", "description": "Tariffs.\r\n\r\nAnd quotas."},
    )
    assert response.status_code == 302
    assert Topic.objects.get(slug="trade").description.count("\n") == 2


def test_an_event_dated_after_today_is_saved_with_a_warning(superuser_client):
    response = superuser_client.post(
        reverse("admin:timeline_event_add"),
        {"title": "A planned summit", "slug": "planned", "summary": "", "edtf": "2099-05"},
        follow=True,
    )
    assert Event.objects.filter(slug="planned").exists()
    warnings = [str(message) for message in response.context["messages"]]
    assert any("after today" in message for message in warnings)
    superuser_client.post(
        reverse("admin:timeline_event_add"),
        {"title": "The award", "slug": "award", "summary": "", "edtf": "2016-07-12"},
    )
    listing = superuser_client.get(reverse("admin:timeline_event_changelist"))
    assert not any("after today" in str(m) for m in listing.context["messages"])


def test_published_verdict_cannot_be_changed_or_deleted_in_admin(superuser_client):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED)
    change = reverse("admin:factcheck_verdict_change", args=[verdict.pk])
    delete = reverse("admin:factcheck_verdict_delete", args=[verdict.pk])
    superuser_client.post(change, {"rationale": "Overwritten."})
    verdict.refresh_from_db()
    assert verdict.rationale != "Overwritten."
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403


SOURCE_FORM = {
    "slug": "fact-sheet",
    "title": "Fact sheet",
    "publisher": "The White House",
    "kind": "press-release",
    "date": "2015",
    "url": "whitehouse.example/fact-sheet",
    "archived_url": "",
    "author": "",
    "notes": "",
}


def test_a_source_added_in_the_admin_goes_through_the_source_service(superuser_client, monkeypatch):
    calls = []
    create = services.source_create
    monkeypatch.setattr(services, "source_create", lambda **kw: calls.append(kw) or create(**kw))
    response = superuser_client.post(reverse("admin:factcheck_source_add"), SOURCE_FORM)
    assert response.status_code == 302
    assert [call["title"] for call in calls] == ["Fact sheet"]
    source = Source.objects.get()
    assert (source.slug, source.url) == ("fact-sheet", "https://whitehouse.example/fact-sheet")


def test_a_source_edited_in_the_admin_goes_through_the_source_service(
    superuser_client, monkeypatch
):
    source = make_source(title="Fact sheet", url="https://whitehouse.example/fact-sheet")
    calls = []
    update = services.source_update
    monkeypatch.setattr(services, "source_update", lambda **kw: calls.append(kw) or update(**kw))
    response = superuser_client.post(
        reverse("admin:factcheck_source_change", args=[source.pk]),
        {**SOURCE_FORM, "slug": source.slug, "title": "Fact sheet, corrected"},
    )
    assert response.status_code == 302
    assert [call["source"] for call in calls] == [source]
    source.refresh_from_db()
    assert source.title == "Fact sheet, corrected"


def test_a_url_already_a_source_is_refused_by_name_in_the_admin_too(superuser_client):
    make_source(title="Already here", url="https://whitehouse.example/fact-sheet")
    response = superuser_client.post(reverse("admin:factcheck_source_add"), SOURCE_FORM)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already a source: “Already here”" in str(errors["url"])


def test_an_alias_given_twice_in_another_case_is_refused_beside_it(superuser_client):
    robert = make_speaker(name="Robert Davis")
    bob = robert.aliases.create(name="Bob Davis")
    response = superuser_client.post(
        reverse("admin:factcheck_speaker_change", args=[robert.pk]),
        {
            "name": robert.name,
            "slug": robert.slug,
            "url": "",
            "job_title": "",
            "aliases-TOTAL_FORMS": "2",
            "aliases-INITIAL_FORMS": "1",
            "aliases-0-id": bob.pk,
            "aliases-0-speaker": robert.pk,
            "aliases-0-name": "Bob Davis",
            "aliases-1-speaker": robert.pk,
            "aliases-1-name": "BOB  davis",
        },
    )
    assert response.status_code == 200
    assert "“Bob Davis” is this alias already." in response.text
    assert list(robert.aliases.values_list("name", flat=True)) == ["Bob Davis"]


def test_a_speakers_url_typed_without_a_scheme_is_taken_as_https(superuser_client):
    response = superuser_client.post(
        reverse("admin:factcheck_speaker_add"),
        {
            "name": "Rahm Emanuel",
            "slug": "emanuel",
            "url": "state.example/emanuel",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Speaker.objects.get(slug="emanuel").url == "https://state.example/emanuel"


def correction_form(transcript: Transcript, text: str) -> dict:
    """The transcript's change form as the admin posts it, with `text` and no inline rows."""
    return {
        "title": transcript.title,
        "slug": transcript.slug,
        "interviewer": transcript.interviewer_id,
        "interviewee": transcript.interviewee_id,
        "publisher": "",
        "url": "",
        "interview_date": "June 2024",
        "published": "",
        "text": text,
        **{
            f"{inline}-{count}": "0"
            for inline in ("passages", "appearances")
            for count in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }


def test_a_corrected_transcript_with_another_number_of_passages_is_refused_beside_the_text(
    superuser_client,
):
    transcript = make_transcript()
    form = correction_form(transcript, transcript.text + "\nA new paragraph.")
    url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
    response = superuser_client.post(url, form)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["text"])
    assert "The corrected text has 8 passages where the transcript had 7." in errors
    transcript.refresh_from_db()
    assert not transcript.text.endswith("A new paragraph.")


@pytest.mark.parametrize("model", ["transcript", "quote", "claim"])
def test_the_interviews_quotes_and_claims_lists_read_no_interviews_whole_text(
    superuser_client, model
):
    for title in ("A long interview", "Another interview"):  # two: the filter by interview
        make_claim(make_quote(make_transcript(title=title)))
    url = reverse(f"admin:factcheck_{model}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(url)
    assert response.status_code == 200 and "A long interview" in response.text
    assert not [query for query in queries if '"factcheck_transcript"."text"' in query["sql"]]


def test_the_filter_by_interview_lists_the_newest_first(superuser_client):
    for title, date in (("B older", "2019-01"), ("C newest", "2024-06"), ("A middle", "2021-03")):
        make_claim(make_quote(make_transcript(title=title, interview_date=date)))
    page = superuser_client.get(reverse("admin:factcheck_claim_changelist")).text
    assert page.index("C newest") < page.index("A middle") < page.index("B older")


def test_a_transcripts_passages_show_their_first_words_without_reading_the_text_for_each(
    superuser_client,
):
    def whole_text_reads(turns: int) -> int:
        said = [
            f"{'Q' if n % 2 else 'A'}: Turn {n}, " + "in so many words " * 12
            for n in range(1, turns)
        ]
        transcript = make_transcript(text="An introduction.\n" + "\n".join(said))
        url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
        with CaptureQueriesContext(connection) as queries:
            page = superuser_client.get(url).text
        for passage in transcript.passages.all():
            assert escape(passage.text[:120]) in page
        text = r'(?<!\()"factcheck_transcript"\."text"'  # the column, not an excerpt of it
        return len([query for query in queries if re.search(text, query["sql"])])

    assert whole_text_reads(4) == whole_text_reads(20)


def test_a_transcripts_text_corrected_in_the_admin_is_saved(superuser_client):
    transcript = make_transcript()
    form = correction_form(
        transcript, transcript.text.replace("An introduction", "A short introduction")
    )
    url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
    assert "An introduction to the interview." in superuser_client.get(url).text
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    transcript.refresh_from_db()
    assert transcript.text.startswith("A short introduction to the interview.")


def test_a_transcripts_text_is_not_made_to_read_backwards_in_the_admin(superuser_client):
    transcript = make_transcript()
    reversed_text = transcript.text.replace("An introduction", "\u202eAn introduction")
    url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
    response = superuser_client.post(url, correction_form(transcript, reversed_text))
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["text"])
    assert "direction control character (U+202E, at character 1)" in errors
    transcript.refresh_from_db()
    assert "\u202e" not in transcript.text


def test_a_transcript_saved_as_the_browser_sends_it_is_no_correction_of_its_text(
    superuser_client,
):
    transcript = make_transcript(text=TRANSCRIPT_TEXT + "\n")  # a file's last line end
    assert transcript.text.endswith("\n")
    quote = make_quote(transcript)
    url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
    as_sent = transcript.text.replace("\n", "\r\n")  # a browser's line ends
    form = correction_form(transcript, as_sent) | {"url": "https://example.org/talk"}
    response = superuser_client.post(url, form, follow=True)
    assert "Quotes re-anchored" not in response.text
    transcript.refresh_from_db()
    assert (transcript.url, transcript.text) == (
        "https://example.org/talk",
        as_sent.replace("\r\n", "\n"),
    )
    quote.refresh_from_db()
    assert quote.anchor_status == "anchored"
    # A refusal's place counts a line end as one character, as the page shows the text.
    bell = as_sent.replace("Rose Garden?", "Rose\x07 Garden?")
    response = superuser_client.post(url, correction_form(transcript, bell))
    at = transcript.text.index("Rose Garden?") + len("Rose") + 1
    assert f"(U+0007, at character {at})" in str(response.context["adminform"].form.errors)


def redate_in_admin(client, transcript: Transcript, interview_date: str):
    form = correction_form(transcript, transcript.text) | {"interview_date": interview_date}
    url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
    return client.post(url, form, follow=True)


def talks_months_ago(transcript: Transcript, **link) -> Mention:
    """A quote of `transcript` that says "four or five months ago", linked to "The talks" with
    that date as spoken (resolved against the interview's date, unless `link` gives it)."""
    quote = make_quote(transcript, "And four or five months ago, something else happened.")
    return services.mention_add(
        quote=quote, event=make_event(title="The talks"), phrase="four or five months ago", **link
    )


def test_a_corrected_interview_date_reads_the_dates_as_spoken_again(superuser_client):
    transcript = make_transcript(interview_date="2024-06")
    relative = talks_months_ago(transcript)
    absolute = services.mention_add(
        quote=make_quote(transcript), event=make_event(title="The award"), phrase="in 2016"
    )
    assert relative.spoken_label == "Jan–Feb 2024"

    response = redate_in_admin(superuser_client, transcript, "September 2024")

    relative.refresh_from_db()
    absolute.refresh_from_db()
    assert (relative.spoken_edtf, relative.spoken_label) == ("2024-04/2024-05", "April–May 2024")
    assert (absolute.spoken_edtf, absolute.phrase_label) == ("", "2016")
    assert "Dates as spoken read again against the new interview date: " in response.text
    assert "“four or five months ago” (The talks): April–May 2024" in response.text
    assert "left as they were" not in response.text


def test_a_date_as_spoken_set_by_hand_is_kept_when_the_interview_date_is_corrected(
    superuser_client,
):
    transcript = make_transcript(interview_date="2024-06")
    mention = talks_months_ago(transcript, spoken_edtf="2024-03")  # an editor's reading
    services.mention_add(
        quote=make_quote(transcript),
        event=make_event(title="The Clinton years"),
        phrase="back in the Clinton administration",
        spoken_edtf="1993/2001",
    )
    # A phrase no date is read from, dated by a person (the curated data's "In May"): it
    # may hang on the interview's date too, so it is named for a person to check.
    in_may = services.mention_add(
        quote=make_quote(transcript),
        event=make_event(title="The visit"),
        phrase="in May",
        spoken_edtf="2024-05",
    )
    response = redate_in_admin(superuser_client, transcript, "September 2024")

    mention.refresh_from_db()
    in_may.refresh_from_db()
    # Named nearest the old date first: those most likely counted from it.
    page = response.text
    assert page.index("(The visit)") < page.index("(The Clinton years)")
    assert (mention.spoken_edtf, mention.spoken_label) == ("2024-03", "March 2024")
    assert in_may.spoken_edtf == "2024-05"
    assert "Dates as spoken left as they were (set by hand" in response.text
    assert "“four or five months ago” (The talks): March 2024" in response.text
    assert "“in May” (The visit): May 2024" in response.text
    assert "read again against" not in response.text
    transcript.refresh_from_db()
    assert transcript.interview_date == "2024-09"


def test_a_date_as_spoken_the_new_interview_date_cannot_place_is_kept_and_named(
    superuser_client,
):
    transcript = make_transcript(interview_date="2024-06")
    mention = talks_months_ago(transcript)

    response = redate_in_admin(superuser_client, transcript, "../2024-06")  # before June 2024

    mention.refresh_from_db()
    assert mention.spoken_edtf == "2024-01/2024-02"
    assert "“four or five months ago” (The talks): Jan–Feb 2024" in response.text
    assert "Dates as spoken left as they were" in response.text


def test_a_date_as_spoken_first_placed_by_the_corrected_date_is_read_and_a_dates_own_left(
    superuser_client,
):
    transcript = make_transcript(interview_date="../2024-06")  # too vague to count from
    relative = talks_months_ago(transcript)
    assert relative.spoken_edtf == ""
    # A phrase that is a date of its own, dated by the curated data: no interview's date
    # changes it, so it is not named for checking.
    own = services.mention_add(
        quote=make_quote(transcript),
        event=make_event(title="The award"),
        phrase="in 2016",
        spoken_edtf="2016",
    )

    response = redate_in_admin(superuser_client, transcript, "June 2024")

    relative.refresh_from_db()
    own.refresh_from_db()
    assert relative.spoken_edtf == "2024-01/2024-02"
    assert own.spoken_edtf == "2016"
    assert "“four or five months ago” (The talks): Jan–Feb 2024" in response.text
    assert "left as they were" not in response.text


def test_dates_given_by_hand_are_named_nearest_the_old_interview_dates_span_first():
    transcript = make_transcript(interview_date="2020/2024")  # said some time in those years
    quote = make_quote(transcript)
    for title, edtf in (("Before", "2019-12"), ("Within", "2023-05")):
        services.mention_add(
            quote=quote, event=make_event(title=title), phrase="that time", spoken_edtf=edtf
        )
    transcript.interview_date = "2024-06"
    transcript.save()
    report = services.transcript_redate(transcript=transcript, was="2020/2024")
    assert [mention.event.title for mention in report.kept] == ["Within", "Before"]


@pytest.mark.parametrize("model", [Claim, Verdict, Evidence], ids=lambda m: m._meta.label)
def test_the_desks_work_is_read_only_in_the_admin_with_a_link_to_the_desk(superuser_client, model):
    verdict = make_verdict(sources=[make_source()])
    obj = {Claim: verdict.claim, Verdict: verdict, Evidence: verdict.evidence.get()}[model]
    opts = model._meta
    page = superuser_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert f'href="{reverse("desk:claim", args=[verdict.claim.slug])}"' in page.text


def test_an_admin_edit_of_a_draft_is_refused_and_changes_nothing(superuser_client):
    verdict = make_verdict(sources=[make_source()])
    url = reverse("admin:factcheck_verdict_change", args=[verdict.pk])
    response = superuser_client.post(url, {"rationale": "Overwritten in the admin."})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.version) == ("The award was issued on 12 July 2016.", 1)
    assert (
        superuser_client.post(
            reverse("admin:factcheck_verdict_delete", args=[verdict.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def quote_form(quote, *mentions: dict, initial: int = 0) -> dict:
    data = {
        "speaker": quote.speaker_id,
        "mentions-TOTAL_FORMS": str(len(mentions)),
        "mentions-INITIAL_FORMS": str(initial),
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }
    for index, mention in enumerate(mentions):
        for name, value in mention.items():
            data[f"mentions-{index}-{name}"] = value
    return data


def test_linking_a_quote_to_an_event_in_the_admin_goes_through_the_mention_service(
    superuser_client, monkeypatch
):
    quote = make_quote(exact="And four or five months ago, something else happened.")
    event = make_event(edtf="2024-02")
    calls = []
    add = services.mention_add
    monkeypatch.setattr(services, "mention_add", lambda **kw: calls.append(kw) or add(**kw))
    url = reverse("admin:factcheck_quote_change", args=[quote.pk])
    row = {"event": event.pk, "phrase": "four or five months ago", "spoken_edtf": "", "id": ""}
    response = superuser_client.post(url, quote_form(quote, {**row, "quote": quote.pk}))
    assert response.status_code == 302
    assert [call["event"] for call in calls] == [event]
    mention = quote.mentions.get()
    assert (mention.phrase, mention.spoken_edtf) == ("four or five months ago", "2024-01/2024-02")


def test_a_date_as_spoken_that_is_not_in_the_quote_is_refused_in_the_admin(superuser_client):
    quote = make_quote(exact="And four or five months ago, something else happened.")
    event = make_event(edtf="2024-02")
    url = reverse("admin:factcheck_quote_change", args=[quote.pk])
    row = {"event": event.pk, "phrase": "banana split", "spoken_edtf": "", "id": ""}
    response = superuser_client.post(url, quote_form(quote, {**row, "quote": quote.pk}))
    assert response.status_code == 200
    assert "“banana split” is not in the quote" in response.text
    assert not quote.mentions.exists()


def test_unlinking_a_quote_from_an_event_in_the_admin_goes_through_the_mention_service(
    superuser_client, monkeypatch
):
    quote = make_quote()
    mention = services.mention_add(quote=quote, event=make_event(), phrase="in 2016")
    calls = []
    remove = services.mention_remove
    monkeypatch.setattr(
        services, "mention_remove", lambda **kw: calls.append(kw["mention"].pk) or remove(**kw)
    )
    url = reverse("admin:factcheck_quote_change", args=[quote.pk])
    row = {
        "id": mention.pk,
        "quote": quote.pk,
        "event": mention.event_id,
        "phrase": "in 2016",
        "spoken_edtf": "",
        "DELETE": "on",
    }
    response = superuser_client.post(url, quote_form(quote, row, initial=1))
    assert response.status_code == 302
    assert calls == [mention.pk]
    assert not Mention.objects.exists()


def test_moving_a_mention_to_another_event_in_the_admin_relinks_the_quote(superuser_client):
    quote = make_quote()
    mention = services.mention_add(quote=quote, event=make_event(), phrase="in 2016")
    other = make_event(title="Another event")
    row = {
        "id": mention.pk,
        "quote": quote.pk,
        "event": other.pk,
        "phrase": "in 2016",
        "spoken_edtf": "",
    }
    url = reverse("admin:factcheck_quote_change", args=[quote.pk])
    response = superuser_client.post(url, quote_form(quote, row, initial=1))
    assert response.status_code == 302
    assert list(quote.mentions.values_list("event", "phrase")) == [(other.pk, "in 2016")]


def transcript_form(asker, answerer) -> dict:
    """The admin's form for a new transcript in which `asker` asks and `answerer` answers."""
    return {
        "title": "Added by hand",
        "slug": "added-by-hand",
        "interviewer": asker.pk,
        "interviewee": answerer.pk,
        "publisher": "",
        "url": "",
        "interview_date": "June 2024",
        "published": "",
        "text": "Q: Why?\nANN ASKER: And how?\nBO ANSWERER: So.",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
    }


def test_a_transcript_added_in_the_admin_waits_for_an_approver(superuser_client):
    asker, answerer = make_speaker(name="Ann Asker"), make_speaker(name="Bo Answerer")
    form = transcript_form(asker, answerer)
    response = superuser_client.post(reverse("admin:factcheck_transcript_add"), form)
    assert response.status_code == 302
    transcript = Transcript.objects.get(slug="added-by-hand")
    assert not transcript.is_published
    assert transcript.imported_by is not None and transcript.imported_by.is_superuser
    assert [(p.kind, p.speaker) for p in transcript.passages.all()] == [
        ("question", asker),
        ("question", asker),
        ("answer", answerer),
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": "Q: Why?\nANN ASKER: And how?"}, "text", "Bo Answerer never answers"),
        ({"interviewee": "asker"}, "interviewee", "someone other than the interviewer"),
        ({"interview_date": "2099"}, "interview_date", "2099 is after today"),
        ({"published": "May 2024"}, "published", "before the interview"),
        ({"text": "same"}, "text", "is in “Already here” (already-here) already"),
        ({"url": "https://example.org/here"}, "url", "“Already here” (already-here) has"),
    ],
)
def test_a_transcript_the_importer_would_refuse_is_refused_in_the_admin_too(
    superuser_client, change, field, message
):
    asker, answerer = make_speaker(name="Ann Asker"), make_speaker(name="Bo Answerer")
    here = make_transcript(title="Already here", slug="already-here")
    Transcript.objects.filter(pk=here.pk).update(url="https://example.org/here")
    form = transcript_form(asker, answerer)
    if change.get("interviewee"):
        change = {"interviewee": asker.pk}
    if change.get("text") == "same":
        change = {"text": here.text}
    response = superuser_client.post(reverse("admin:factcheck_transcript_add"), {**form, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert not Transcript.objects.filter(slug="added-by-hand").exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"date_lower__year": "9" * 23},
        {"date_lower__year": "2016", "date_lower__month": "9" * 23},
        {"date_lower__year": "9999"},
        {"date_lower__year": "9999", "date_lower__month": "12", "date_lower__day": "31"},
        {"date_lower__year": "²"},
    ],
)
def test_a_date_hierarchy_year_that_makes_no_date_is_refused_like_any_bad_filter(
    superuser_client, dates
):
    response = superuser_client.get(reverse("admin:timeline_event_changelist"), dates)
    assert response.status_code == 302
    assert response["Location"].endswith("/admin/timeline/event/?e=1")


def test_topics_autocomplete_answers_in_name_order(superuser_client):
    make_topic(name="Trade")
    make_topic(name="Alliances")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "timeline", "model_name": "event", "field_name": "topics", "term": ""},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Alliances", "Trade"]


def test_the_admin_tells_events_readers_see_from_those_waiting_for_review(superuser_client):
    make_event(title="Placed by the loader")
    make_event(title="Placed at the desk", published_at=None)
    url = reverse("admin:timeline_event_changelist")

    waiting = superuser_client.get(url, {"public": "no"})
    public = superuser_client.get(url, {"public": "yes"})

    assert waiting.status_code == public.status_code == 200
    assert [e.title for e in waiting.context["cl"].result_list] == ["Placed at the desk"]
    assert [e.title for e in public.context["cl"].result_list] == ["Placed by the loader"]
    assert "readers see it" in superuser_client.get(url).content.decode()


def test_a_scale_verdicts_stand_on_keeps_its_levels(superuser_client):
    """A level added to it would rewrite every published rating's best or worst; a level
    re-valued or re-slugged would change what ClaimReview and the filters published."""
    verdict = make_verdict(status=Verdict.Status.PUBLISHED)
    scale = verdict.level.scale
    page = superuser_client.get(reverse("admin:factcheck_ratingscale_change", args=[scale.pk]))
    assert page.status_code == 200
    assert 'name="levels-0-label"' in page.text  # a label may still be put right
    assert 'name="levels-0-value"' not in page.text and 'name="levels-0-slug"' not in page.text
    assert 'name="levels-MAX_NUM_FORMS" value="0"' in page.text  # no level added
    added = superuser_client.post(
        reverse("admin:factcheck_ratinglevel_add"),
        {"scale": scale.pk, "slug": "best", "label": "Best", "definition": "x", "value": 99},
    )
    assert added.status_code == 200
    assert "its levels are fixed" in added.text
    assert not scale.levels.filter(slug="best").exists()
    level = verdict.level
    url = reverse("admin:factcheck_ratinglevel_change", args=[level.pk])
    superuser_client.post(
        url,
        {"scale": scale.pk, "slug": "x", "label": "Renamed", "definition": "y", "value": 99},
    )
    level.refresh_from_db()
    assert level.label == "Renamed" and level.value != 99 and level.slug != "x"
    delete = reverse("admin:factcheck_ratinglevel_delete", args=[level.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert RatingLevel.objects.filter(pk=level.pk).exists()


def test_a_scale_without_levels_cannot_be_made_current(superuser_client):
    current, empty = make_scale(), RatingScale.objects.create(name="Empty", slug="empty")
    response = superuser_client.post(
        reverse("admin:factcheck_ratingscale_changelist"),
        {"action": "make_current", "_selected_action": [empty.pk]},
        follow=True,
    )
    assert "has no levels: add them before making it current." in response.text
    assert list(RatingScale.objects.filter(is_current=True)) == [current]


def test_a_scale_unused_takes_new_levels(superuser_client):
    scale = make_scale(is_current=False)
    added = superuser_client.post(
        reverse("admin:factcheck_ratinglevel_add"),
        {"scale": scale.pk, "slug": "best", "label": "Best", "definition": "x", "value": 9},
    )
    assert added.status_code == 302
    assert scale.levels.filter(slug="best", value=9).exists()


def test_making_a_scale_current_moves_the_mark_in_one_step(superuser_client):
    old, new = make_scale(), make_scale(is_current=False, name="Accuracy", version=2)
    changelist = reverse("admin:factcheck_ratingscale_changelist")
    both = superuser_client.post(
        changelist, {"action": "make_current", "_selected_action": [old.pk, new.pk]}, follow=True
    )
    assert "Choose one scale to make current." in both.text
    response = superuser_client.post(
        changelist, {"action": "make_current", "_selected_action": [new.pk]}, follow=True
    )
    assert "Accuracy (v2) is the current scale now." in response.text
    assert list(RatingScale.objects.filter(is_current=True)) == [new]


def test_deleting_sources_in_bulk_names_the_cited_ones_as_kept_and_why(superuser_client):
    cited = make_verdict(status=Verdict.Status.IN_REVIEW).evidence.get().source
    spare = make_source(title="Never cited")
    changelist = reverse("admin:factcheck_source_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [cited.pk, spare.pk]}
    page = superuser_client.post(changelist, chosen).content.decode()
    assert f"{cited}: a verdict cites it" in page
    assert "permission" not in page
    superuser_client.post(changelist, {**chosen, "post": "yes"})
    assert Source.objects.filter(pk=cited.pk).exists()


def test_a_cited_source_offers_no_delete_and_an_uncited_one_does(superuser_client):
    cited = make_verdict(status=Verdict.Status.IN_REVIEW).evidence.get().source
    spare = make_source(title="Never cited")
    for source, deletable in ((cited, False), (spare, True)):
        page = superuser_client.get(reverse("admin:factcheck_source_change", args=[source.pk]))
        assert ('class="deletelink"' in page.content.decode()) is deletable
        delete = reverse("admin:factcheck_source_delete", args=[source.pk])
        assert superuser_client.get(delete).status_code == (200 if deletable else 403)
