"""The desk's pages and HTMX fragments: what they show, what they refuse, what they cost."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.models import Action, Claim, Quote, Source, Verdict
from factcheck.services import EvidenceItem
from tests.factories import (
    make_approver,
    make_claim,
    make_editor,
    make_level,
    make_quote,
    make_source,
    make_transcript,
    make_verdict,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
REPEATED = "And four or five months ago, something else happened."


@pytest.fixture
def editor(client):
    user = make_editor(username="alice")
    client.force_login(user)
    return user


def verdict_data(*, sources=(), action="save", **overrides) -> dict:
    data = {
        "level": make_level("Accurate").pk,
        "rationale": "The tribunal ruled for the Philippines on 12 July 2016.",
        "analysis": "",
        "as_of": "2024-06-10",
        "evidence-TOTAL_FORMS": str(len(sources)),
        "evidence-INITIAL_FORMS": "0",
        "_action": action,
    }
    for index, (source, stance) in enumerate(sources):
        data[f"evidence-{index}-source"] = str(source.pk)
        data[f"evidence-{index}-stance"] = stance
        data[f"evidence-{index}-note"] = ""
    return {**data, **overrides}


# The queue


def test_the_queue_counts_what_waits_on_each_tab(client, editor):
    claim = make_claim()
    make_quote(claim.quote.transcript, exact="China said it would ignore the award.")
    make_verdict(make_claim(claim.quote), status=Verdict.Status.IN_REVIEW)
    old = make_verdict(make_claim(claim.quote), status=Verdict.Status.PUBLISHED)
    Verdict.objects.filter(pk=old.pk).update(as_of=datetime.date(2020, 1, 1))
    response = client.get(reverse("desk:queue"), {"tab": "claims"})
    counts = {tab.slug: count for tab, count in response.context["tabs"]}
    assert counts == {"quotes": 1, "claims": 1, "drafts": 0, "review": 1, "recheck": 1}
    assert [item.pk for item in response.context["page"].items] == [claim.pk]


def test_an_approver_lands_on_the_review_tab_and_an_editor_on_quotes(client):
    client.force_login(make_approver())
    assert client.get(reverse("desk:queue")).context["tab"].slug == "review"
    client.force_login(make_editor())
    assert client.get(reverse("desk:queue")).context["tab"].slug == "quotes"


def test_a_draft_sent_back_shows_the_approvers_note_in_the_queue(client, editor):
    verdict = make_verdict(author=editor)
    Action.objects.create(
        actor=make_approver(username="bea"),
        verb=Action.Verb.RETURNED,
        claim=verdict.claim,
        verdict=verdict,
        note="Cite the award.",
    )
    response = client.get(reverse("desk:queue"), {"tab": "drafts"})
    assert "Sent back by bea: Cite the award." in response.content.decode()


def test_the_queue_pages_through_by_keyset_without_repeats_in_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    quote = make_quote()
    Claim.objects.bulk_create(
        [Claim(quote=quote, slug=f"claim-{n}", text=f"Claim {n}") for n in range(60)]
    )
    seen, after = [], None
    for _ in range(3):
        query = {"tab": "claims", **({"after": after} if after else {})}
        with django_assert_max_num_queries(12):
            response = client.get(reverse("desk:queue"), query)
        page = response.context["page"]
        seen += [claim.pk for claim in page.items]
        after = page.next_cursor
    assert len(seen) == len(set(seen)) == 60
    assert after is None
    assert seen == sorted(seen)  # oldest first


def test_switching_tabs_with_htmx_returns_the_queue_fragment(client, editor):
    response = client.get(reverse("desk:queue"), {"tab": "review"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="desk-queue"' in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tab": "nonsense"}, "There is no “nonsense” tab"),
        ({"after": "12x"}, "not one this site made"),
    ],
)
def test_a_bad_queue_address_is_answered_400_with_a_message(client, editor, query, message):
    response = client.get(reverse("desk:queue"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_cursor_of_another_list_is_answered_400(client, editor):
    # A row number is no place in the claims tab, which is ordered by creation time.
    response = client.get(reverse("desk:queue"), {"tab": "claims", "after": "999999"})
    assert response.status_code == 400
    assert "not one this site made" in response.content.decode()


# Claims from transcript words


def test_the_transcript_shows_every_passage_exactly_with_quotes_marked(
    client, editor, django_assert_max_num_queries
):
    quote = make_quote()
    transcript = quote.transcript
    for exact in ["China said it would ignore the award.", REPEATED, "What about the Rose Garden?"]:
        make_claim(make_quote(transcript, exact=exact))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("desk:transcript", args=[transcript.slug]))
    passages = response.context["passages"]
    for item in passages:
        joined = "".join(segment.text for segment in item.segments)
        assert joined == transcript.text[item.passage.start : item.passage.end]
    marked = [s.quote for item in passages for s in item.segments if s.quote]
    assert marked == list(transcript.quotes.order_by("start"))
    assert f'id="quote-{quote.pk}" data-start="{quote.start}"' in response.content.decode()


def test_picking_a_quote_fills_the_claim_form_with_its_words_and_place(client, editor):
    quote = make_quote()
    response = client.get(
        reverse("desk:transcript", args=[quote.transcript.slug]), {"quote": quote.pk}
    )
    assert response.context["form"].initial == {"exact": quote.exact, "hint": quote.start}


def test_picking_a_quote_of_another_interview_is_refused(client, editor):
    elsewhere = make_quote()
    transcript = make_transcript()
    response = client.get(
        reverse("desk:transcript", args=[transcript.slug]), {"quote": elsewhere.pk}
    )
    assert response.status_code == 400


def test_selected_words_repeated_in_the_interview_are_anchored_where_they_were_selected(
    client, editor
):
    text = "Intro.\nQ: What happened?\nA: " + REPEATED + "\nWhy?\n" + REPEATED
    transcript = make_transcript(text=text)
    second = text.rindex(REPEATED)
    response = client.post(
        reverse("desk:claim_create", args=[transcript.slug]),
        {"exact": REPEATED, "hint": str(second), "text": "Something happened in early 2024."},
    )
    claim = Claim.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:claim", args=[claim.slug])
    assert (claim.quote.start, claim.quote.exact, claim.created_by) == (second, REPEATED, editor)
    assert claim.actions.get().verb == Action.Verb.CLAIM_CREATED


def test_pasted_words_that_occur_twice_are_refused_with_a_message(client, editor):
    text = "Intro.\nQ: What happened?\nA: " + REPEATED + "\nWhy?\n" + REPEATED
    transcript = make_transcript(text=text)
    response = client.post(
        reverse("desk:claim_create", args=[transcript.slug]),
        {"exact": REPEATED, "text": "Something happened."},
    )
    assert response.status_code == 422
    assert "occurs 2 times" in str(response.context["form"].errors["exact"])
    assert not Claim.objects.exists()
    assert not Quote.objects.exists()


def test_words_not_in_the_transcript_are_refused_beside_the_field_in_the_fragment(client, editor):
    transcript = make_transcript()
    response = client.post(
        reverse("desk:claim_create", args=[transcript.slug]),
        {"exact": "We landed on Mars.", "text": "They landed on Mars."},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html and 'id="claim-form"' in html
    assert "does not occur in the transcript" in html
    assert not Quote.objects.exists()


def test_a_claim_made_with_htmx_opens_its_desk_page(client, editor):
    transcript = make_transcript()
    response = client.post(
        reverse("desk:claim_create", args=[transcript.slug]),
        {"exact": "China said it would ignore the award.", "text": "China rejected it."},
        headers=HTMX,
    )
    claim = Claim.objects.get()
    assert response["HX-Redirect"] == reverse("desk:claim", args=[claim.slug])


# A claim on the desk


def test_the_claim_page_shows_verdicts_history_and_who_did_what_in_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    approver = make_approver(username="bea")
    claim = make_claim()
    sources = [make_source(title=f"Source {n}") for n in range(5)]
    verdict = services.verdict_draft(
        claim=claim,
        level=make_level(),
        rationale="First finding.",
        as_of=datetime.date(2024, 6, 1),
        evidence=[EvidenceItem(source=s, stance="supports") for s in sources],
        by=editor,
    )
    verdict = services.verdict_submit(verdict=verdict, version=1, by=editor)
    verdict = services.verdict_publish(verdict=verdict, by=approver)
    for round_ in range(4):
        revision = services.verdict_correct(verdict=verdict, note=f"Round {round_}.", by=editor)
        revision = services.verdict_submit(verdict=revision, version=revision.version, by=editor)
        verdict = services.verdict_publish(
            verdict=revision, by=approver, correction_kind="update", correction_note="Updated."
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("desk:claim", args=[claim.slug]))
    html = response.content.decode()
    assert len(response.context["verdicts"]) == 5
    assert html.count("Updated.") >= 4
    assert "bea</strong> published" in html
    assert 'alice</strong> drafted a verdict: <span class="desk-note">Round 3.</span>' in html


def test_logging_a_verdict_in_place_swaps_the_verdict_panel(client, editor):
    claim = make_claim()
    source = make_source()
    form = client.get(
        reverse("desk:verdict_create", args=[claim.slug]), headers=HTMX
    ).content.decode()
    assert 'name="in_place" value="1"' in form and "<html" not in form
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        verdict_data(sources=[(source, "supports")], in_place="1"),
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#desk-verdicts", "outerHTML")
    assert 'id="desk-verdicts"' in html and "Draft saved." in html
    verdict = claim.verdicts.get()
    assert (verdict.status, verdict.author) == (Verdict.Status.DRAFT, editor)
    assert verdict.evidence.get().source == source


def test_logging_a_verdict_as_a_plain_page_redirects_to_the_claim(client, editor):
    claim = make_claim()
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        verdict_data(sources=[(make_source(), "context")], action="submit"),
    )
    assert response.status_code == 303
    assert claim.verdicts.get().status == Verdict.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rationale": ""}, "rationale", "This field is required."),
        (
            {"rationale": "It happened. It was 2016. China said no."},
            "rationale",
            "one or two sentences (this has 3)",
        ),
        ({"as_of": "2999-01-01"}, "as_of", "cannot be in the future"),
        ({"as_of": "12/06/24"}, "as_of", "Enter the date as YYYY-MM-DD"),
        ({"level": "999999"}, "level", "Choose one of the ratings listed."),
    ],
)
def test_invalid_verdicts_are_refused_beside_the_field_and_nothing_is_saved(
    client, editor, overrides, field, message
):
    claim = make_claim()
    url = reverse("desk:verdict_create", args=[claim.slug])
    response = client.post(url, verdict_data(**overrides))
    assert response.status_code == 422
    assert message in str(response.context["form"].errors[field])
    fragment = client.post(url, verdict_data(**overrides), headers=HTMX)
    assert fragment.status_code == 422
    assert fragment.content.decode().lstrip().startswith('<form id="desk-verdict-form"')
    assert not Verdict.objects.exists()


def test_submitting_a_new_verdict_without_sources_saves_nothing(client, editor):
    claim = make_claim()
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]), verdict_data(action="submit")
    )
    assert response.status_code == 422
    assert "Cite at least one source before submitting." in response.content.decode()
    assert not Verdict.objects.exists()


def test_a_rationale_may_mention_the_us_without_counting_as_two_sentences(client, editor):
    claim = make_claim()
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        verdict_data(rationale="The U.S. Navy confirmed it. Dr. Smith agreed."),
    )
    assert response.status_code == 303


def test_evidence_rows_are_checked_each_source_once_and_with_a_stance(client, editor):
    claim = make_claim()
    source = make_source(title="The award")
    twice = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        verdict_data(sources=[(source, "supports"), (source, "context")]),
    )
    assert twice.status_code == 422
    assert "“The award” is cited twice" in twice.content.decode()
    no_stance = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        verdict_data(sources=[(source, "")]),
    )
    assert no_stance.status_code == 422
    assert "Say whether the source supports" in no_stance.content.decode()
    assert not Verdict.objects.exists()


def test_editing_a_draft_someone_saved_meanwhile_shows_both_texts_and_keeps_yours(client, editor):
    source = make_source(title="The award")
    verdict = services.verdict_draft(
        claim=make_claim(),
        level=make_level(),
        rationale="Original.",
        as_of=datetime.date(2024, 6, 1),
        evidence=[EvidenceItem(source=source, stance="supports")],
        by=editor,
    )
    services.verdict_update(
        verdict=verdict,
        version=1,
        level=make_level(),
        rationale="Carl's rationale.",
        as_of=datetime.date(2024, 6, 1),
        evidence=[EvidenceItem(source=source, stance="supports")],
        by=make_editor(username="carl"),
    )
    url = reverse("desk:verdict_edit", args=[verdict.pk])
    mine = verdict_data(sources=[(source, "supports")], rationale="Alice's rationale.", version="1")
    fragment = client.post(url, mine, headers=HTMX)
    assert fragment.status_code == 409
    assert "Someone saved this draft while you were editing" in fragment.content.decode()
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "carl saved this draft (version 2) after you opened version 1" in html
    assert "Carl&#x27;s rationale." in html and "Alice&#x27;s rationale." in html
    assert response.context["form"]["version"].value() == "2"
    assert "\nAlice&#x27;s rationale.</textarea>" in html  # your text stays in the form
    verdict.refresh_from_db()
    assert verdict.rationale == "Carl's rationale."

    again = client.post(url, {**mine, "version": "2"})
    assert again.status_code == 303
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.version) == ("Alice's rationale.", 3)


def test_a_verdict_in_review_cannot_be_edited(client, editor):
    verdict = make_verdict(status=Verdict.Status.IN_REVIEW)
    response = client.get(reverse("desk:verdict_edit", args=[verdict.pk]))
    assert response.status_code == 409
    assert "only a draft can be edited" in response.content.decode()


def test_submitting_from_the_claim_page_needs_the_version_it_showed(client, editor):
    source = make_source()
    verdict = make_verdict(author=editor, sources=[source])
    url = reverse("desk:verdict_submit", args=[verdict.pk])
    stale = client.post(url, {"version": "7"})
    assert stale.status_code == 409
    done = client.post(url, {"version": str(verdict.version)})
    assert done.status_code == 303
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW


# Sources


def test_source_search_matches_every_word_across_title_publisher_and_url(
    client, editor, django_assert_max_num_queries
):
    wanted = make_source(title="Award on the South China Sea", publisher="PCA")
    make_source(title="South China Sea overview", publisher="Reuters")
    by_url = make_source(title="Ruling", publisher="PCA", url="https://pca-cpa.org/china-award")
    for n in range(30):
        make_source(title=f"Unrelated {n}")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("desk:sources"), {"q": "pca china"})
    assert {source.pk for source in response.context["results"]} == {wanted.pk, by_url.pk}
    assert "2 sources match “pca china”." in response.content.decode()


def test_the_picker_marks_sources_already_cited(client, editor):
    cited, other = make_source(title="Award one"), make_source(title="Award two")
    response = client.get(
        reverse("desk:sources"),
        {"q": "award", "picker": "1", "evidence-0-source": str(cited.pk)},
        headers=HTMX,
    )
    html = response.content.decode()
    assert "Already cited" in html
    assert f'name="source" value="{other.pk}"' in html
    assert f'name="source" value="{cited.pk}"' not in html
    assert 'id="desk-source-count" hx-swap-oob="innerHTML"' in html


def test_a_search_too_long_is_answered_400(client, editor):
    response = client.get(reverse("desk:sources"), {"q": "x" * 201})
    assert response.status_code == 400


def test_picking_a_source_adds_a_numbered_evidence_row_and_counts_it(client, editor):
    source = make_source(title="The award")
    response = client.get(
        reverse("desk:evidence_row"),
        {"source": source.pk, "evidence-TOTAL_FORMS": "4"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert f'name="evidence-4-source" value="{source.pk}"' in html
    assert 'name="evidence-4-stance"' in html
    assert 'value="5" id="id_evidence-TOTAL_FORMS" hx-swap-oob="true"' in html


def test_picking_a_source_already_cited_says_so_instead(client, editor):
    source = make_source(title="The award")
    response = client.get(
        reverse("desk:evidence_row"),
        {"source": source.pk, "evidence-TOTAL_FORMS": "1", "evidence-0-source": source.pk},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#desk-source-count"
    assert "“The award” is already cited." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"source": "x", "evidence-TOTAL_FORMS": "0"}, {"source": "1", "evidence-TOTAL_FORMS": "-1"}],
)
def test_a_bad_evidence_row_request_is_answered_400(client, editor, query):
    response = client.get(reverse("desk:evidence_row"), query, headers=HTMX)
    assert response.status_code == 400


def test_the_evidence_row_address_is_for_htmx_only(client, editor):
    response = client.get(reverse("desk:evidence_row"), {"source": "1"})
    assert response.status_code == 400


SOURCE = {
    "source-title": "Japan remains top investor in US",
    "source-publisher": "Nikkei Asia",
    "source-kind": "news-article",
    "source-date": "July 2024",
    "source-url": "nikkei.example/japan-fdi",
}


def test_a_source_added_from_the_verdict_form_is_cited_at_once(client, editor):
    response = client.post(
        reverse("desk:source_create"),
        {**SOURCE, "evidence-TOTAL_FORMS": "2"},
        headers=HTMX,
    )
    source = Source.objects.get()
    html = response.content.decode()
    assert (source.slug, source.url, source.date) == (
        "japan-remains-top-investor-in-us",
        "https://nikkei.example/japan-fdi",
        "2024-07",
    )
    assert 'hx-swap-oob="beforeend:#desk-evidence-rows"' in html
    assert f'name="evidence-2-source" value="{source.pk}"' in html
    assert 'value="3" id="id_evidence-TOTAL_FORMS"' in html


def test_a_new_source_with_a_known_url_or_a_bad_date_is_refused_beside_the_fields(client, editor):
    make_source(url="https://nikkei.example/japan-fdi", title="Already here")
    response = client.post(
        reverse("desk:source_create"),
        {**SOURCE, "source-date": "Sept. 45, 2015"},
    )
    form = response.context["form"]
    assert response.status_code == 422
    assert "already a source: “Already here”" in str(form.errors["url"])
    assert "Sept. 45, 2015" in str(form.errors["date"])
    assert Source.objects.count() == 1


def test_a_new_source_as_a_plain_page_goes_back_to_a_safe_next_only(client, editor):
    claim_url = reverse("desk:claim", args=[make_claim().slug])
    back = client.post(reverse("desk:source_create"), {**SOURCE, "next": claim_url})
    assert (back.status_code, back["Location"]) == (303, claim_url)
    elsewhere = client.post(
        reverse("desk:source_create"),
        {**SOURCE, "source-url": "", "next": "https://evil.example/"},
    )
    assert elsewhere["Location"].startswith(reverse("desk:sources"))


# Review


@pytest.fixture
def in_review(editor):
    source = make_source()
    verdict = services.verdict_draft(
        claim=make_claim(),
        level=make_level(),
        rationale="A finding.",
        as_of=datetime.date(2024, 6, 1),
        evidence=[EvidenceItem(source=source, stance="supports")],
        by=editor,
    )
    return services.verdict_submit(verdict=verdict, version=1, by=editor)


def test_the_author_sees_the_review_page_without_the_publish_button(client, in_review):
    author = in_review.author
    author.groups.add(*make_approver().groups.all())
    client.force_login(author)
    response = client.get(reverse("desk:verdict_review", args=[in_review.pk]))
    html = response.content.decode()
    assert "You wrote this draft; another approver must review it." in html
    assert "Approve and publish" not in html
    refused = client.post(reverse("desk:verdict_publish", args=[in_review.pk]))
    assert refused.status_code == 403


def test_an_approver_publishes_from_the_review_page(client, in_review):
    approver = make_approver()
    client.force_login(approver)
    page = client.get(reverse("desk:verdict_review", args=[in_review.pk]))
    assert "Approve and publish" in page.content.decode()
    assert "The Philippines won its case in 2016." in page.content.decode()  # quote in context
    response = client.post(reverse("desk:verdict_publish", args=[in_review.pk]))
    assert response.status_code == 303
    in_review.refresh_from_db()
    assert (in_review.status, in_review.approved_by) == (Verdict.Status.PUBLISHED, approver)


def test_sending_back_without_a_note_is_refused_and_with_one_returns_the_draft(client, in_review):
    client.force_login(make_approver())
    url = reverse("desk:verdict_return", args=[in_review.pk])
    empty = client.post(url, {"note": " "})
    assert empty.status_code == 422
    done = client.post(url, {"note": "Add the ruling."})
    assert done.status_code == 303
    in_review.refresh_from_db()
    assert in_review.status == Verdict.Status.DRAFT


def test_publishing_a_correction_asks_for_its_kind_and_offers_the_editors_note(client, in_review):
    approver = make_approver()
    published = services.verdict_publish(verdict=in_review, by=approver)
    editor = in_review.author
    revision = services.verdict_correct(verdict=published, note="Wrong year.", by=editor)
    revision = services.verdict_submit(verdict=revision, version=revision.version, by=editor)
    client.force_login(make_approver())
    page = client.get(reverse("desk:verdict_review", args=[revision.pk]))
    assert page.context["publish_form"].initial == {"note": "Wrong year."}
    assert "The published verdict it replaces" in page.content.decode()
    url = reverse("desk:verdict_publish", args=[revision.pk])
    missing = client.post(url, {"note": "Wrong year."})
    assert missing.status_code == 422
    assert "Say what kind of correction this is." in missing.content.decode()
    done = client.post(url, {"kind": "correction", "note": "We had the wrong year."})
    assert done.status_code == 303
    assert revision.claim.corrections.get().note == "We had the wrong year."


def test_starting_a_correction_opens_the_new_draft(client, editor):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    response = client.post(
        reverse("desk:verdict_correct", args=[verdict.pk]), {"note": "Wrong year."}
    )
    revision = Verdict.objects.get(revises=verdict)
    assert response["Location"] == reverse("desk:verdict_edit", args=[revision.pk])


def test_withdrawing_from_the_desk_needs_a_public_note(client):
    client.force_login(make_approver())
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    url = reverse("desk:verdict_withdraw", args=[verdict.pk])
    assert client.post(url, {"note": ""}).status_code == 422
    assert client.post(url, {"note": "Misattributed."}).status_code == 303
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.WITHDRAWN
    assert verdict.published_at <= timezone.now()


def test_desk_pages_carry_no_inline_script_style_or_handler(client, editor):
    """The strict Content-Security-Policy would block them."""
    verdict = make_verdict(author=editor, sources=[make_source()])
    claim = verdict.claim
    pages = [
        reverse("desk:queue"),
        reverse("desk:transcript", args=[claim.quote.transcript.slug]),
        reverse("desk:claim", args=[claim.slug]),
        reverse("desk:verdict_edit", args=[verdict.pk]),
        reverse("desk:sources") + "?q=award",
        reverse("desk:source_create"),
        reverse("login"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\s(style|on[a-z]+)=", html), url
    transcript_page = client.get(pages[1]).content.decode()
    assert re.search(r'<script src="[^"]*desk-select\.js" defer></script>', transcript_page)


@pytest.mark.parametrize(
    "hostile",
    [
        {"evidence-0-source": "9" * 30, "evidence-0-stance": "supports"},
        {"evidence-TOTAL_FORMS": "99999"},
        {"evidence-TOTAL_FORMS": "x"},
        {"evidence-0-source": "1", "evidence-0-stance": "agrees"},
        {"level": "-1"},
        {"as_of": "2024-02-30"},
    ],
)
def test_tampered_verdict_forms_are_refused_with_a_message_not_a_crash(client, editor, hostile):
    claim = make_claim()
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        verdict_data(sources=[(make_source(), "supports")], **hostile),
    )
    assert response.status_code == 422
    assert "Nothing was saved" in response.content.decode()
    assert not Verdict.objects.exists()


@pytest.mark.parametrize("view", ["verdict_correct", "verdict_withdraw"])
def test_only_a_published_verdict_can_be_corrected_or_withdrawn(client, view):
    client.force_login(make_approver())
    draft = make_verdict()
    assert client.get(reverse(f"desk:{view}", args=[draft.pk])).status_code == 409
    assert client.post(reverse(f"desk:{view}", args=[draft.pk]), {"note": "x"}).status_code == 409
    draft.refresh_from_db()
    assert draft.status == Verdict.Status.DRAFT
