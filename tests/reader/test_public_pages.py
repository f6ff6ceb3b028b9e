"""The reader's pages of the evidence: claim pages, the annotated interview, the sources."""

import datetime
import io
import json
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from factcheck import services
from factcheck.models import Correction, Quote, Verdict
from factcheck.transcripts import table_rows
from kit.responses import moment
from reader.views import claims as claim_views
from reader.views.claims import is_verbatim
from tests.factories import (
    make_claim,
    make_event,
    make_level,
    make_quote,
    make_source,
    make_speaker,
    make_topic,
    make_transcript,
    make_verdict,
    newsroom,
)
from tests.published import correct, mention, published_claim, withdraw
from tests.reader_data import build_chronology

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2024, 6, day, 12, 0))


@pytest.fixture
def checks():
    """A transcript with a checked claim, a corrected one, a withdrawn one and a draft."""
    davis, emanuel = make_speaker(name="Davis"), make_speaker(name="Emanuel")
    transcript = make_transcript(
        slug="the-interview", title="The interview", interviewer=davis, interviewee=emanuel
    )
    award = make_event(title="Tribunal award", slug="award", edtf="2016-07-12")
    deal = make_event(title="Rose Garden deal", slug="deal", edtf="2015-09-25")
    won = make_quote(transcript)
    services.mention_add(quote=won, event=award, phrase="in 2016")
    rose = make_quote(
        transcript,
        exact="In 2015 Xi Jinping promised President Obama in the Rose Garden that China "
        "would stop.",
    )
    services.mention_add(quote=rose, event=deal)
    ruling = make_source(title="The award", kind="court-ruling", url="https://pca.example/7")
    report = make_source(
        title="A report", kind="report", date="2017", publisher="Think tank", url=""
    )
    unused = make_source(title="Only a draft cites this", kind="report")

    claim = make_claim(won, slug="philippines-won", text="The Philippines won in 2016.")
    make_verdict(
        claim,
        status=Verdict.Status.PUBLISHED,
        sources=[ruling],
        analysis="The tribunal ruled on 12 July 2016.",
        published_at=at(10),
    )

    corrected = make_claim(rose, slug="xi-promised", text="Xi promised Obama in 2015.")
    make_verdict(
        corrected,
        status=Verdict.Status.PUBLISHED,
        level=make_level("Needs context"),
        rationale="First finding.",
        sources=[report],
        published_at=at(5),
    )
    correct(
        corrected,
        level="Accurate",
        kind=Correction.Kind.CORRECTION,
        note="The date of the promise was wrong.",
        rationale="Second finding.",
        sources=[report, ruling],
        at=at(20),
    )

    withdrawn = make_claim(won, slug="withdrawn-claim", text="A claim we withdrew.")
    make_verdict(
        withdrawn,
        status=Verdict.Status.PUBLISHED,
        rationale="Gone.",
        sources=[ruling],
        published_at=at(3),
    )
    withdraw(withdrawn, note="We could not stand behind it.", at=at(4))

    draft = make_claim(rose, slug="draft-claim", text="Still being checked.")
    make_verdict(draft, sources=[unused])
    return {
        "transcript": transcript,
        "claim": claim,
        "corrected": corrected,
        "withdrawn": withdrawn,
        "draft": draft,
        "won": won,
        "award": award,
        "deal": deal,
        "ruling": ruling,
        "report": report,
    }


def json_ld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, flags=re.S
    )
    return [json.loads(block) for block in blocks]


# Claim pages ----------------------------------------------------------------------------


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def test_the_claim_page_shows_the_claim_its_words_in_context_and_the_verdict(client, checks):
    text = page(client, checks["claim"].get_absolute_url())
    assert "The Philippines won in 2016." in text
    assert '<mark class="quote__words">The Philippines won its case in 2016.</mark>' in text
    assert "What happened in 2016?" not in text  # another paragraph: not its context
    assert "China said it would ignore the award." in text
    assert f'href="/interviews/the-interview/#quote-{checks["won"].pk}"' in text
    assert "verdict--tone-5" in text and ">Accurate<" in text
    assert "The award was issued on 12 July 2016." in text
    assert "<p>The tribunal ruled on 12 July 2016.</p>" in text
    assert 'class="stance stance--supports"' in text and "The award" in text
    assert "Published <time" in text and "10 June 2024" in text


def descriptions(text: str) -> dict[str, list[str]]:
    """The page's descriptions: for search engines, and for a shared link's card."""
    return {
        name: re.findall(rf'<meta (?:name|property)="{name}" content="([^"]*)">', text)
        for name in ("description", "og:description")
    }


def test_a_pages_description_is_its_own_for_search_engines_as_for_a_shared_link(client, checks):
    said = descriptions(page(client, checks["claim"].get_absolute_url()))
    assert (
        said["description"]
        == said["og:description"]
        == ["Accurate: The award was issued on 12 July 2016."]
    )
    event = descriptions(page(client, checks["award"].get_absolute_url()))
    assert (
        event["description"]
        == event["og:description"]
        == [
            "An event on the interview’s chronology: its date, the words that mention it, and what "
            "checking found."
        ]
    )
    methodology = descriptions(page(client, reverse("reader:methodology")))
    assert methodology["description"] == methodology["og:description"]
    assert "Every dated event and factual claim" not in methodology["description"][0]


def test_the_claim_page_has_one_claimreview_with_the_scales_extremes(client, checks):
    response = client.get(checks["claim"].get_absolute_url())
    [review] = json_ld(response)
    assert review["@type"] == "ClaimReview"
    assert review["url"] == settings.SITE_URL + "/claims/philippines-won/"
    assert review["claimReviewed"] == "The Philippines won in 2016."
    rating = review["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (5, 5, 1)
    assert rating["alternateName"] == "Accurate"
    assert review["itemReviewed"]["author"]["name"] == "Emanuel"
    assert review["datePublished"] == moment(at(10))


def test_a_corrected_claim_keeps_its_first_publication_date_in_the_claimreview(client, checks):
    [review] = json_ld(client.get(checks["corrected"].get_absolute_url()))
    assert review["datePublished"] == moment(at(5))
    assert review["dateModified"] == moment(at(20))
    assert review["reviewRating"]["ratingExplanation"] == "Second finding."


def test_the_claimreview_cannot_close_its_script_element(client, checks):
    claim = checks["claim"]
    claim.text = "</script><script>alert('x')</script> & <!-- more"
    claim.save()
    response = client.get(claim.get_absolute_url())
    block = response.text.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block
    [review] = json_ld(response)
    assert review["claimReviewed"].startswith("</script><script>alert('x')</script> &")


def test_the_claim_page_shows_its_corrections_and_earlier_verdicts(client, checks):
    text = client.get(checks["corrected"].get_absolute_url()).text
    assert 'id="corrections"' in text
    assert "Correction</strong>" in text
    assert "The date of the promise was wrong." in text
    assert "20 June 2024" in text
    assert "Earlier verdicts" in text
    assert "First finding." in text and "Superseded" in text
    assert text.index("Second finding.") < text.index("First finding.")  # newest first
    assert "corrected 20 June 2024" in text  # flagged on the verdict itself


def test_an_earlier_verdicts_analysis_is_there_to_read_beside_its_finding(client):
    claim = published_claim()
    Verdict.objects.filter(pk=claim.published_verdict_id).update(
        analysis="The first reading of the records.\n\nA <b>second</b> paragraph."
    )
    correct(claim)
    text = page(client, claim.get_absolute_url())
    history = text[text.index('id="history-title"') :]
    assert "<summary>Its analysis</summary>" in history
    assert "<p>The first reading of the records.</p>" in history
    assert "A &lt;b&gt;second&lt;/b&gt; paragraph." in history


def test_a_withdrawn_verdict_leaves_the_page_up_with_its_correction_and_no_claimreview(
    client, checks
):
    response = client.get(checks["withdrawn"].get_absolute_url())
    assert response.status_code == 200
    assert "Verdict withdrawn" in response.text
    assert "We could not stand behind it." in response.text
    assert json_ld(response) == []


def test_the_claim_is_labelled_as_the_claim_and_the_verdict_stands_under_it(client, checks):
    text = page(client, checks["claim"].get_absolute_url())
    headline = text.index('<h1 class="claim-title"')
    # Whose claim it is, with it, before the finding: not the site's own statement.
    label = text.index('<p class="claim-label" id="claim-label">What Emanuel claimed</p>')
    assert label < headline < text.index('class="verdict-block')
    block = text[text.index('class="verdict-block') : text.index('class="byline"')]
    assert "verdict--tone-5" in block and "The award was issued on 12 July 2016." in block
    assert 'aria-current="true"><span class="visually-hidden">Accurate' in block  # on the scale
    # The best level, last of them: said to screen readers, and its end of the bar in bold;
    # no count under the bar, where it read as the name of the middle rung.
    assert re.search(r'aria-label="[^"]*: Accurate is (\d) of \1"', block)
    ends = block[block.index('class="scale__ends"') :]
    ends = ends[: ends.index("</p>")]
    assert re.search(r'<span>\w+</span><span class="scale__end--here">Accurate</span>', ends)
    assert " of " not in ends
    # The words are the quotation, with the speaker; the finding is not repeated below.
    assert text.index("The exact words") > text.index('class="byline"')
    assert '<span class="quote__speaker">Emanuel</span>' in text
    body = text[text.index("<body") : text.index("application/ld+json")]
    assert body.count("The award was issued on 12 July 2016.") == 1


def test_a_claim_in_the_speakers_own_words_may_be_shown_as_what_they_said(client, checks):
    claim = checks["claim"]
    claim.text = "the Philippines won its case in 2016"
    claim.save()
    text = page(client, claim.get_absolute_url())
    assert "What Emanuel said" in text and "claim-title--verbatim" in text
    assert 'class="claim-label" id="claim-label">What Emanuel claimed' not in text


@pytest.mark.parametrize(
    ("claim", "words", "verbatim"),
    [
        ("We won in 2016.", "Well, we won in 2016, you know.", True),
        ("We won in 2016", "We won in 2015.", False),
        ("won in", "We wonder in 2016.", False),  # whole words only
        ("", "Anything.", False),
    ],
)
def test_only_the_speakers_own_words_count_as_verbatim(claim, words, verbatim):
    assert is_verbatim(claim, words) is verbatim


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("update", "This verdict was updated on"),
        ("typo", "A typo in this verdict was fixed on"),
        ("correction", "This verdict was corrected on"),
    ],
)
def test_the_banner_says_whether_a_verdict_was_updated_or_corrected(client, kind, said):
    # An update (newer records) is no admission of an error, and is not called one.
    claim = published_claim()
    correct(claim, kind=kind, level="Accurate")
    text = page(client, claim.get_absolute_url())
    banner = text[text.index('class="corrected-banner"') : text.index('class="byline"')]
    assert said in banner


def test_a_verdict_checked_afresh_after_a_withdrawal_is_not_called_a_correction(client):
    claim = published_claim()
    withdrawal = withdraw(claim)
    editor, approver = newsroom()
    fresh = services.verdict_draft(
        claim=claim,
        level=make_level("Accurate"),
        rationale="Checked again from the records.",
        as_of=datetime.date(2026, 2, 1),
        evidence=[services.EvidenceItem(source=make_source(), stance="supports")],
        submit=True,
        by=editor,
    )
    services.verdict_publish(verdict=fresh, by=approver)
    text = page(client, claim.get_absolute_url())
    banner = text[text.index('class="corrected-banner"') : text.index('class="byline"')]
    assert "An earlier verdict on this claim was withdrawn on" in banner
    said = banner.split("<span>", 1)[1]
    assert "corrected" not in said and "updated" not in said
    assert f'href="#correction-{withdrawal.pk}"' in banner


def test_a_corrected_verdict_has_a_banner_linking_its_correction(client, checks):
    text = page(client, checks["corrected"].get_absolute_url())
    [correction] = checks["corrected"].corrections.all()
    banner = text[text.index('class="corrected-banner"') : text.index('class="byline"')]
    assert "corrected on" in banner and "20 June 2024" in banner
    assert "it was Needs context before" in banner
    assert f'href="#correction-{correction.pk}"' in banner
    assert f'id="correction-{correction.pk}"' in text
    assert 'class="corrected-banner"' not in page(client, checks["claim"].get_absolute_url())


def test_a_claim_without_a_public_verdict_is_not_shown(client, checks):
    assert client.get(checks["draft"].get_absolute_url()).status_code == 404
    assert client.get(reverse("reader:claim_detail", args=["nope"])).status_code == 404


def test_an_htmx_request_for_a_claim_gets_its_verdict_to_open_in_place(client, checks):
    response = client.get(checks["claim"].get_absolute_url(), headers=HTMX)
    assert "<html" not in response.text
    assert "The award was issued on 12 July 2016." in response.text
    assert "<h2" not in response.text and "<h3" not in response.text
    assert "application/ld+json" not in response.text
    assert "The whole check, with its history" in response.text


def test_an_orphaned_quote_is_flagged_on_the_claim_page_never_shown_as_matching(client, checks):
    transcript = checks["transcript"]
    services.transcript_update_text(
        transcript=transcript, text=transcript.text.replace("won its case", "won the case")
    )
    text = client.get(checks["claim"].get_absolute_url()).text
    assert "These words are no longer in the corrected transcript." in text
    assert "<mark" not in text.split('class="quote')[1].split("</figure>")[0]
    assert "See it in the interview" not in text
    assert "China said it would ignore the award." not in text  # not its context any more


def test_the_claim_page_links_the_events_it_is_about(client, checks):
    with CaptureQueriesContext(connection) as queries:
        text = client.get(checks["claim"].get_absolute_url()).text
    award = checks["award"]
    assert f'<time datetime="2016-07-12">{award.date_label}</time>' in text
    assert f'<a href="{award.get_absolute_url()}">{award.title}</a>' in text
    # Their titles and dates: not their summaries, read for twenty events to show none.
    assert not [q for q in queries if '"timeline_event"."summary"' in q["sql"]]


# The interview ---------------------------------------------------------------------------


def test_the_interview_link_goes_to_the_most_recent_interview(client, checks):
    make_transcript(slug="older", interview_date="2019-03")
    response = client.get(reverse("reader:interview"))
    assert response.status_code == 302
    assert response["Location"] == "/interviews/the-interview/"


def test_the_interview_link_keeps_the_order_asked_for(client, checks):
    response = client.get(reverse("reader:interview"), {"order": "chronological"})
    assert response["Location"] == "/interviews/the-interview/?order=chronological"


def test_the_interview_link_is_a_404_before_any_interview(client):
    assert client.get(reverse("reader:interview")).status_code == 404


def test_the_interview_is_shown_as_questions_and_answers_with_checked_words_marked(client, checks):
    text = page(client, checks["transcript"].get_absolute_url())
    assert '<p class="passage__speaker">Davis</p>' in text
    assert '<p class="passage__speaker">Emanuel</p>' in text
    won = checks["won"]
    assert (
        f'<mark class="mark mark--checked" id="quote-{won.pk}">'
        "The Philippines won its case in 2016.</mark>"
    ) in text
    assert f'<a class="mark__ref" href="{checks["claim"].get_absolute_url()}">' in text
    assert "A claim we withdrew." in text and "Verdict withdrawn" in text
    assert "Still being checked." not in text
    assert f'hx-target="#verdict-{checks["claim"].slug}"' in text
    assert f'href="{checks["award"].get_absolute_url()}">Tribunal award</a>' in text


def test_a_verdict_after_checked_words_leaves_no_space_before_what_follows(client, checks):
    """The badge after checked words ends where the words go on ("in March 2019
    [Accurate], three years"), not with a space before the comma."""
    text = page(client, checks["transcript"].get_absolute_url())
    start = text.index(f'<a class="mark__ref" href="{checks["claim"].get_absolute_url()}">')
    reference = text[start : text.index("</a>", start) + len("</a>")]
    assert 'class="verdict' in reference and not re.search(r"\s</a>$", reference)


def test_each_checked_quote_links_the_previous_and_next_check(client, checks):
    text = page(client, checks["transcript"].get_absolute_url())
    won, rose = checks["won"], checks["corrected"].quote
    assert f'<a href="#quote-{rose.pk}">Next check</a>' in text
    assert re.search(rf'<a href="#quote-{won.pk}">.*?Previous check</a>', text, flags=re.S)
    # The arrow then the words, no space between to be underlined as part of the link.
    assert re.search(rf'<a href="#quote-{won.pk}"><svg [^>]*>.*?</svg>Previous check</a>', text)


def test_the_checked_passages_only_view_leaves_out_the_others(client, checks):
    url = checks["transcript"].get_absolute_url()
    whole = page(client, url)
    checked = page(client, url + "?show=checked")
    assert whole.count('class="passage ') > checked.count('class="passage ') > 0
    assert "The Philippines won its case in 2016." in checked
    response = client.get(url, {"show": "nonsense"})
    assert response.status_code == 400 and "There is no “nonsense” view" in response.text


def test_in_the_chronological_order_no_id_is_used_twice(client, checks):
    services.mention_add(quote=checks["won"], event=checks["deal"])  # shown under both
    text = page(client, checks["transcript"].get_absolute_url() + "?order=chronological")
    ids = re.findall(r' id="([^"]+)"', text)
    assert len(ids) == len(set(ids))


def test_the_order_toggle_is_a_pair_of_links_that_htmx_swaps_in_place(client, checks):
    text = client.get(checks["transcript"].get_absolute_url()).text
    assert (
        '<a class="toggle__option" href="?order=interview" hx-get="?order=interview" '
        'hx-target="#transcript-body" hx-swap="outerHTML" hx-push-url="true" '
        'aria-current="true">'
    ) in text
    assert 'href="?order=chronological"' in text


def test_the_chronological_order_lists_the_events_it_mentions_by_date(client, checks):
    url = checks["transcript"].get_absolute_url()
    text = client.get(url, {"order": "chronological"}).text
    assert text.index("Rose Garden deal") < text.index("Tribunal award")
    assert "Said as <q>in 2016</q>" in text
    assert "China said it would ignore the award." in text  # quotes in their context


def test_an_htmx_order_switch_gets_the_body_with_focus_on_the_chosen_order(client, checks):
    url = checks["transcript"].get_absolute_url()
    response = client.get(url, {"order": "chronological"}, headers=HTMX)
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="transcript-body"')
    assert 'aria-current="true" data-swap-focus>In the order events happened' in response.text


def test_an_unknown_order_is_a_400_with_a_message_and_the_interview_order(client, checks):
    response = client.get(checks["transcript"].get_absolute_url(), {"order": "backwards"})
    assert response.status_code == 400
    assert "There is no “backwards” order" in response.text
    assert "passage__speaker" in response.text


def test_orphaned_quotes_are_listed_apart_and_flagged_not_marked_in_the_text(client, checks):
    transcript = checks["transcript"]
    services.transcript_update_text(
        transcript=transcript, text=transcript.text.replace("won its case", "won the case")
    )
    text = client.get(transcript.get_absolute_url()).text
    assert "Quotes no longer in the corrected transcript" in text
    assert "These words are no longer in the corrected transcript." in text
    interview, orphans = text.split('<div class="transcript">')[1].split('id="orphans-title"')
    quote = f'id="quote-{checks["won"].pk}"'
    assert quote not in interview and quote in orphans
    assert "The Philippines won the case in 2016." in interview  # the corrected words, plain


def test_a_sidebar_table_is_read_into_rows_without_its_rule():
    assert table_rows("BIO AT A GLANCE | |\n---|---|\nAGE | 64 |\nBIRTHPLACE | Chicago |") == [
        ["BIO AT A GLANCE"],
        ["AGE", "64"],
        ["BIRTHPLACE", "Chicago"],
    ]
    assert table_rows("Words said, not a table.") is None


@pytest.mark.parametrize("exact", ["BIO | |", "BIO | |\n---|---|\nAGE | 64 |", "AGE | 64 |"])
def test_a_claim_on_a_sidebar_has_its_anchor_wherever_its_words_begin(client, exact):
    # The caption is drawn without a row: a quote taking it in is anchored on its first
    # row, or in the passage's notes when it is the caption alone.
    text = "Intro.\nQ: A question?\nA: An answer.\nBIO | |\n---|---|\nAGE | 64 |\nMore answer."
    transcript = make_transcript(text=text)
    # As the bundled interview's loader quotes its sidebar (the desk quotes spoken words).
    start = transcript.text.index(exact)
    quote = Quote.objects.create(
        transcript=transcript,
        speaker=transcript.interviewer,
        exact=exact,
        start=start,
        end=start + len(exact),
    )
    claim = make_claim(quote, text="He was 64.")
    make_verdict(claim, status=Verdict.Status.PUBLISHED)
    page = client.get(transcript.get_absolute_url()).text
    assert page.count(f'id="quote-{claim.quote.pk}"') == 1
    assert claim.get_absolute_url() in page


def test_a_sidebar_is_shown_as_a_table(client):
    text = "Intro.\nQ: A question?\nA: An answer.\nBIO | |\n---|---|\nAGE | 64 |\nMore answer."
    transcript = make_transcript(text=text)
    response = client.get(transcript.get_absolute_url())
    assert "<caption>BIO</caption>" in response.text
    assert '<th scope="row">AGE</th><td>64</td>' in response.text


def test_an_unknown_interview_is_a_404(client):
    url = reverse("reader:transcript_detail", args=["nope"])
    assert client.get(url).status_code == 404


# Sources ---------------------------------------------------------------------------------


def test_the_sources_page_lists_what_public_verdicts_cite_with_the_verdicts(client, checks):
    text = client.get(reverse("reader:source_list")).text
    assert "Only a draft cites this" not in text
    report = text.split('id="source-' + checks["report"].slug)[1].split('class="source"')[0]
    assert "Xi promised Obama in 2015." in report
    assert "Superseded" in report  # the earlier verdict cited it too, and says so
    assert 'class="stance stance--supports"' in report
    assert "2 sources." in text


def test_a_sources_page_past_the_last_source_says_so_and_leads_back(client, checks):
    """A "More" link kept after the sources it followed went, or an address made by hand:
    not "no source matches" under a count of them."""
    text = client.get(reverse("reader:source_list"), {"q": "award", "after": "0"}).text
    assert "No source comes after this point in the list." in text
    assert 'href="?q=award">Show the list from its start</a>' in text
    assert "No cited source matches" not in text


def test_a_linked_source_names_the_site_its_link_leads_to(client, checks):
    """A reader sees where a link goes before following it: a copy of a document published
    by someone other than its publisher (a newspaper printing a statement in full) says so."""
    text = client.get(reverse("reader:source_list")).text
    ruling = text.split('id="source-' + checks["ruling"].slug)[1].split('class="source"')[0]
    assert '<span class="source__host">pca.example</span>' in ruling
    report = text.split('id="source-' + checks["report"].slug)[1].split('class="source"')[0]
    assert "source__host" not in report  # no link, no site named
    assert '<span class="source__offline">no copy online</span>' in report  # and says why
    assert "source__offline" not in ruling


def test_the_sources_page_filters_by_kind_and_counts_each_kind(client, checks):
    response = client.get(reverse("reader:source_list"), {"kind": "court-ruling"})
    assert response.status_code == 200
    assert "The award" in response.text and "A report" not in response.text
    assert '<option value="court-ruling" selected>Court ruling (1)</option>' in response.text
    assert "All kinds (2)" in response.text


def test_the_claims_distribution_is_kept_for_each_set_of_filters_until_the_record_changes(
    client, checks, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS, settings.REMEMBER_SECONDS = 0, 600  # built afresh, kept
    cache.clear()
    url = reverse("reader:claim_list")
    asked = ["", "?q=Philippines+won", "?q=won++PHILIPPINES"]  # the same words, spelt anew
    for query in asked[:2]:
        client.get(url + query)
    with django_assert_num_queries(1):  # the page of claims: their distribution is kept
        everything = client.get(url).text
    with django_assert_num_queries(1):  # the same words in another order: the same counts
        searched = client.get(url + asked[2]).text
    with django_capture_on_commit_callbacks(execute=True):  # the withdrawal commits
        withdraw(checks["claim"])
    after = client.get(url).text
    cache.clear()

    def distribution(page: str) -> str:
        part = page.split('class="distribution', 1)[1].split("</ul>", 1)[0]
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))

    assert "Accurate 2" in distribution(everything).replace("×", "")
    assert "Accurate 1" in distribution(searched).replace("×", "")
    assert "Accurate 1" in distribution(after).replace("×", "")


def test_the_sources_page_counts_from_the_kinds_it_offers_unless_a_search_narrows_it(
    client, checks, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS, settings.REMEMBER_SECONDS = 0, 600  # built afresh, kinds kept
    cache.clear()
    url = reverse("reader:source_list")
    client.get(url)
    said = {}
    # The page and its first citations: the kinds and how many of each are kept.
    for query in ("", "kind=court-ruling", "kind=report&q=report"):
        with django_assert_num_queries(2 if "q=" not in query else 3):  # a search counts
            said[query] = re.sub(r"<[^>]+>|\s+", " ", client.get(f"{url}?{query}").text)
    cache.clear()
    assert "2 sources." in said[""] and "All kinds (2)" in said[""]
    assert "1 source matching these filters." in said["kind=court-ruling"]
    assert "The award" in said["kind=court-ruling"]
    assert "1 source matching these filters." in said["kind=report&q=report"]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("reader:event_list", "speaker=emanuel&speaker=emanuel"),
        ("reader:claim_list", "level=accurate&level=accurate"),
        ("reader:source_list", "kind=report&kind=court-ruling"),
    ],
)
def test_a_filter_given_twice_that_takes_one_value_is_said_and_left_out(
    client, checks, page, query
):
    """Not the last value quietly, as if the reader had asked for it alone."""
    response = client.get(f"{reverse(page)}?{query}")
    assert response.status_code == 400
    assert "Given more than once: give one." in response.text


def test_topics_may_be_given_several_times(client, checks):
    response = client.get(reverse("reader:event_list"), {"topic": ["a", "b"]})
    assert "Given more than once" not in response.text


def test_an_unknown_kind_is_a_400_with_a_message_and_every_source(client, checks):
    response = client.get(reverse("reader:source_list"), {"kind": "rumour"})
    assert response.status_code == 400
    assert "This filter was left out." in response.text
    assert "The award" in response.text and "A report" in response.text


def test_an_htmx_request_for_sources_gets_the_list_and_the_count(client, checks):
    response = client.get(
        reverse("reader:source_list"),
        {"kind": "report"},
        headers={**HTMX, "HX-Target": "source-results"},
    )
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="source-results"')
    assert 'hx-swap-oob="innerHTML:#source-count"' in response.text
    assert "1 source matching these filters." in response.text


def test_sources_are_searched_by_title_publisher_or_address(client, checks):
    text = page(client, reverse("reader:source_list") + "?q=pca.example")
    assert "The award" in text and "A report" not in text
    assert "1 source matching these filters." in text
    text = page(client, reverse("reader:source_list") + "?q=think+tank")
    assert "A report" in text and "The award</a>" not in text


def test_a_search_of_sources_for_words_too_common_is_refused_saying_why(client, checks):
    response = client.get(reverse("reader:source_list"), {"q": "the of", "kind": "report"})
    assert response.status_code == 400
    assert "Words as common as “the of” are left out of a search" in response.text
    assert "A report" in response.text  # the kind still applied, the search not


def test_sources_are_paged_and_htmx_gets_the_next_page_alone(client, chronology):
    first = page(client, reverse("reader:source_list"))
    assert first.count('class="source"') == 25
    [more] = re.findall(r'<li class="source-more"><a href="([^"]+)"', first)
    response = client.get(reverse("reader:source_list") + more.replace("&amp;", "&"), headers=HTMX)
    assert "<html" not in response.text and "source-count" not in response.text
    assert response.text.count('class="source"') == 25
    bad = client.get(reverse("reader:source_list"), {"after": "nowhere"})
    assert bad.status_code == 400 and bad.text.count('class="source"') == 25


# Navigation, titles, meta ------------------------------------------------------------------


def test_every_reader_page_has_the_main_nav_a_title_and_canonical_meta(client, checks):
    pages = [
        reverse("reader:event_list"),
        checks["award"].get_absolute_url(),
        checks["claim"].get_absolute_url(),
        checks["transcript"].get_absolute_url(),
        reverse("reader:source_list"),
    ]
    for url in pages:
        text = client.get(url).text
        assert '<nav aria-label="Main">' in text
        for label in ("Timeline", "Interviews", "Sources"):
            assert f">{label}</a>" in text
        assert f'<link rel="canonical" href="{settings.SITE_URL}{url}">' in text
        assert re.search(r"<title>[^<]+ — ", text)


def test_the_nav_marks_the_page_the_reader_is_on(client, checks):
    text = client.get(reverse("reader:source_list")).text
    assert 'href="/sources/" aria-current="page">Sources' in text


def test_no_reader_page_has_inline_script_or_style(client, checks):
    for url in [
        reverse("reader:event_list"),
        checks["claim"].get_absolute_url(),
        checks["transcript"].get_absolute_url(),
    ]:
        text = client.get(url).text
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/ld\+json\")=?)", text)
        assert not re.search(r"\sstyle=|\son[a-z]+=", text)


# Bounded queries, on data big enough to show an N+1 ----------------------------------------


@pytest.fixture
def chronology():
    return build_chronology(60)


def test_the_claim_page_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    corrected = next(claim for claim in chronology.claims if claim.corrections.exists())
    for year in range(1800, 1810):  # its words date ten events more: none costs a query
        mention(corrected, edtf=str(year))
    # The claim, its history and their evidence, corrections, events, other claims in the
    # same words, the next checked in the interview, the rating levels (for the badges and
    # the ClaimReview's scale, remembered when serving).
    with django_assert_max_num_queries(8):
        response = client.get(corrected.get_absolute_url())
    assert "Earlier verdicts" in response.text
    assert response.text.count('<li><time datetime="180') == 10


def test_a_claim_never_corrected_is_read_with_its_verdict(
    client, checks, django_assert_num_queries
):
    """Its one public verdict is the one it stands at: no history nor corrections to read."""
    claim = checks["claim"]
    # The levels, the claim with its verdict, the verdict's evidence, its events, the other
    # claims in the same words and the next checked in the interview.
    with django_assert_num_queries(6):
        text = client.get(claim.get_absolute_url()).text
    assert "The award" in text  # the evidence
    assert "Earlier verdicts" not in text and 'id="corrections"' not in text


def test_the_interview_page_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    # The events mentioned are counted apart (two counts, remembered until the record
    # changes; not here): each quote shows only its first few. One query more names who
    # speaks, with the titles they held then.
    with django_assert_max_num_queries(9):
        response = client.get(chronology.transcript.get_absolute_url())
    assert response.text.count("mark--checked") >= 60
    with django_assert_max_num_queries(8):
        client.get(chronology.transcript.get_absolute_url(), {"order": "chronological"})


def test_the_sources_page_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    # The kinds' counts, a page of sources, their citing verdicts, the total, the tones.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("reader:source_list"))
    assert response.text.count('class="source"') == 25


# The list of checked claims ------------------------------------------------------------------

CLAIMS = reverse("reader:claim_list")


def test_the_claims_list_has_every_checked_claim_with_the_spread_of_verdicts(client, checks):
    text = page(client, CLAIMS)
    assert "The Philippines won in 2016." in text and "Xi promised Obama in 2015." in text
    assert "Still being checked." not in text and "A claim we withdrew." not in text
    assert "2 claims." in text
    assert text.count('class="distribution__part') == 1  # both are Accurate now
    assert 'href="/claims/?level=accurate"' in text
    assert 'href="/claims/" aria-current="page"' in text  # in the navigation


def test_the_spread_of_a_filtered_list_narrows_it_by_level_keeping_its_filters(client, checks):
    speaker = checks["claim"].quote.speaker.slug
    text = page(client, CLAIMS + f"?speaker={speaker}&level=accurate&after=42")
    # Each level's link: these filters and that level, from the list's first page.
    assert f'href="/claims/?speaker={speaker}&amp;level=accurate"' in text


def test_the_claims_list_filters_by_verdict_speaker_topic_and_interview(client, checks):
    sea = make_topic(name="Sea")
    checks["award"].topics.add(sea)
    assert "Xi promised" not in page(client, CLAIMS + f"?topic={sea.slug}")
    assert "2 claims" in page(client, CLAIMS + "?interview=the-interview&level=accurate")
    speaker = checks["claim"].quote.speaker.slug
    assert "The Philippines won" in page(client, CLAIMS + f"?speaker={speaker}")


def test_the_claims_list_searches_the_claims_and_the_words_they_were_made_from(client, checks):
    text = page(client, CLAIMS + "?q=philippines")
    assert "The Philippines won in 2016." in text and "Xi promised" not in text
    assert "1 claim matching these filters." in text
    assert 'value="philippines"' in text  # the box keeps the words
    quoted = page(client, CLAIMS + "?q=won+its+case")  # the quote's words, not the claim's
    assert "The Philippines won in 2016." in quoted
    refused = client.get(CLAIMS, {"q": "!?"})
    assert refused.status_code == 400 and "Search for a word" in refused.text


def test_a_corrected_verdict_is_marked_in_the_claims_list_with_its_date(client):
    corrected = published_claim(text="Corrected one.")
    correct(corrected, at=timezone.now())
    published_claim(text="Never corrected.")
    text = page(client, CLAIMS)
    rows = {row.split("</h2>")[0]: row for row in text.split('<li class="claim-row">')[1:]}
    marked = next(row for row in rows.values() if "Corrected one." in row)
    plain = next(row for row in rows.values() if "Never corrected." in row)
    assert f'href="{corrected.get_absolute_url()}#corrections">Corrected <time' in marked
    assert "claim-row__corrected" not in plain


def test_the_claims_filters_never_name_an_interview_readers_cannot_see(client, checks):
    editor, _ = newsroom()
    hidden = make_transcript(by=editor, title="Embargoed until Tuesday")
    assert "Embargoed until Tuesday" not in page(client, CLAIMS)
    response = client.get(CLAIMS + f"?interview={hidden.slug}")
    assert response.status_code == 400
    assert "Embargoed until Tuesday" not in response.text


@pytest.mark.parametrize("query", ["?level=bogus", "?topic=atlantis", "?after=not-a-place"])
def test_a_claims_filter_that_cannot_be_read_is_a_400_with_the_rest_applied(client, checks, query):
    response = client.get(CLAIMS + query)
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "The Philippines won" in response.text


def test_the_claims_list_pages_by_keyset_and_htmx_gets_the_next_rows(client, chronology):
    first = page(client, CLAIMS)
    [more] = re.findall(r'<li class="claim-more"><a href="([^"]+)"', first)
    response = client.get(CLAIMS + more.replace("&amp;", "&"), headers=HTMX)
    assert "<html" not in response.text and 'class="claim-row"' in response.text
    assert "distribution" not in response.text


def test_the_claims_list_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    # The filters' choices (4), the page of claims, the spread and its levels, the tones.
    with django_assert_max_num_queries(8):
        response = client.get(CLAIMS)
    assert response.text.count('class="claim-row"') == 20


def test_the_interview_shows_the_spread_of_its_verdicts_linked_to_the_claims(client, checks):
    text = page(client, checks["transcript"].get_absolute_url())
    assert 'href="/claims/?interview=the-interview&amp;level=accurate"' in text


# Share cards ---------------------------------------------------------------------------------


def test_every_claim_has_a_share_card_png_the_tags_point_to(client, checks):
    claim = checks["corrected"]
    text = page(client, claim.get_absolute_url())
    card = f"/claims/{claim.slug}/card.png?v={claim.published_verdict_id}"
    assert f'<meta property="og:image" content="{settings.SITE_URL}{card}">' in text
    assert f'<meta name="twitter:image" content="{settings.SITE_URL}{card}">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    response = client.get(card)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_a_share_card_is_drawn_once_per_verdict_revision(client, checks, django_assert_num_queries):
    url = reverse("reader:claim_card", args=[checks["claim"].slug])
    first = client.get(url).content
    # The claim, and the rating levels (remembered when serving); the picture from the cache.
    with django_assert_num_queries(2):
        assert client.get(url).content == first
    correct(checks["claim"], kind=Correction.Kind.CORRECTION, at=at(25))
    assert client.get(url).content != first  # a new revision, a new card


def test_a_withdrawn_claim_has_a_card_and_a_draft_has_none(client, checks):
    withdrawn = client.get(reverse("reader:claim_card", args=[checks["withdrawn"].slug]))
    assert withdrawn.status_code == 200 and withdrawn.content.startswith(b"\x89PNG")
    assert client.get(reverse("reader:claim_card", args=[checks["draft"].slug])).status_code == 404


def test_a_claims_page_past_the_last_claim_says_so_and_leads_back(client):
    published_claim()
    text = client.get(reverse("reader:claim_list"), {"after": "0"}).content.decode()
    assert "1 claim." in text
    assert "No claim comes after this point in the list." in text
    assert 'href="?">Show the list from its start</a>' in text


def test_a_claims_filter_changed_with_htmx_swaps_the_list_with_its_count(client, checks):
    response = client.get(
        CLAIMS, {"level": "accurate"}, headers={**HTMX, "HX-Target": "claim-results"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="claim-results">')
    assert "matching these filters." in response.text and 'class="claim-row"' in response.text
    assert f'<a href="{CLAIMS}">See every checked claim</a>' in response.text
    refused = client.get(CLAIMS, {"level": "nope"}, headers={**HTMX, "HX-Target": "claim-results"})
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    page_text = page(client, CLAIMS)
    assert 'hx-target="#claim-results"' in page_text and "data-tidy-query" in page_text
    assert "See every checked claim" not in page_text  # nothing to clear


def test_a_fact_check_links_to_share_it_by_its_canonical_address(client, checks, settings):
    claim = checks["claim"]
    text = page(client, claim.get_absolute_url())
    address = quote(f"{settings.SITE_URL}{claim.get_absolute_url()}", safe="")
    share = text[text.index('<ul class="share"') : text.index("</ul>", text.index('class="share"'))]
    assert (
        f"mailto:?subject={quote('Fact check: ' + claim.text, safe='')}&amp;body={address}" in share
    )
    assert f"https://www.facebook.com/sharer/sharer.php?u={address}" in share
    assert f"https://twitter.com/intent/tweet?url={address}&amp;" in share
    assert share.count("<li>") == 5


def test_a_fact_check_offers_the_next_ones_checked_in_its_interview(client, chronology):
    first, *rest = sorted(chronology.claims, key=lambda claim: (claim.quote.start, claim.pk))
    rest = [claim for claim in rest if claim.quote.start > first.quote.start]  # later words
    text = page(client, first.get_absolute_url())
    section = text[text.index('id="next-title"') :]
    shown = [claim.text for claim in rest if f">{claim.text}</a>" in section]
    assert shown == [claim.text for claim in rest[:3]]  # in the order they were said
    assert f"?interview={chronology.transcript.slug}" in section
    last = max(chronology.claims, key=lambda claim: (claim.quote.start, claim.pk))
    assert 'id="next-title"' not in page(client, last.get_absolute_url())  # nothing after it


def test_a_fact_check_lists_the_first_other_claims_in_its_words_and_those_said_next(
    client, monkeypatch, django_assert_num_queries
):
    claim = published_claim(text="The first claim in these words.")
    words = claim.quote
    for number in range(1, 4):
        other = make_claim(words, text=f"Claim {number} in the same words.")
        make_verdict(other, status=Verdict.Status.PUBLISHED, level=make_level("Inaccurate"))
    later = make_quote(words.transcript, exact="And four or five months ago")
    assert later.start > words.start
    after = make_claim(later, text="A claim said after them.")
    make_verdict(after, status=Verdict.Status.PUBLISHED, level=make_level("Accurate"))
    make_claim(later, text="A claim not yet checked.")

    def sections() -> tuple[list[str], list[str]]:
        text = page(client, claim.get_absolute_url())
        others = text[text.index('id="others-title"') : text.index('id="next-title"')]
        following = text[text.index('id="next-title"') :].split("</section>")[0]
        claim_text = r'<p class="claim-card__text"><a href="[^"]*">([^<]*)</a>'
        return re.findall(claim_text, others), re.findall(claim_text, following)

    same = [f"Claim {number} in the same words." for number in range(1, 4)]
    assert sections() == (same, ["A claim said after them."])
    # However many claims share the words, the page lists the first few (it links to every
    # claim of the interview), and the claims said next in the same query.
    assert "More claims in these words" not in page(client, claim.get_absolute_url())
    monkeypatch.setattr(claim_views, "OTHERS_SHOWN", 2)
    assert sections() == (same[:2], ["A claim said after them."])
    assert "More claims in these words" in page(client, claim.get_absolute_url())
    monkeypatch.setattr(claim_views, "OTHERS_SHOWN", 1)
    assert sections() == (same[:1], ["A claim said after them."])  # never crowded out
    with django_assert_num_queries(6):  # as a claim never corrected takes
        client.get(claim.get_absolute_url())
    with django_assert_num_queries(3):  # opened in place: the verdict alone
        client.get(claim.get_absolute_url(), headers={"HX-Request": "true"})


def test_the_main_menu_marks_the_section_a_page_is_in(client, checks):
    """The section's own page is the current page; a page within it (a claim's page is in
    Claims, a speaker's in Interviews) marks its section; other pages mark none."""

    def current(url: str) -> list[tuple[str, str]]:
        menu = page(client, url)
        menu = menu[menu.index('<ul class="site-nav">') : menu.index("</ul>")]
        return re.findall(r'<a href="[^"]*" aria-current="(\w+)">([^<]+)</a>', menu)

    speaker = checks["claim"].quote.speaker
    assert current(reverse("reader:claim_list")) == [("page", "Claims")]
    assert current(checks["claim"].get_absolute_url()) == [("true", "Claims")]
    assert current(reverse("reader:correction_list")) == [("true", "Claims")]
    assert current(reverse("reader:event_list")) == [("page", "Timeline")]
    assert current(reverse("reader:speaker_detail", args=[speaker.slug])) == [
        ("true", "Interviews")
    ]
    assert current(reverse("reader:methodology")) == [("page", "How we check")]
    assert current(reverse("reader:data")) == []


def test_pages_name_their_ratings_from_the_levels_kept_not_a_join(client, checks, settings):
    """Every page and output showing verdicts reads their levels from the rating levels
    pages keep until the record changes, not by joining the levels' table to its queries
    (each table joined costs PostgreSQL's planner more than the rows a page reads)."""
    settings.PAGE_CACHE_SECONDS, settings.REMEMBER_SECONDS = 0, 600  # built afresh, levels kept
    cache.clear()
    corrected = checks["corrected"]
    pages = [
        corrected.get_absolute_url(),
        reverse("reader:event_detail", args=["deal"]),
        checks["transcript"].get_absolute_url(),
        reverse("reader:claim_list"),
        reverse("reader:source_list"),
        reverse("reader:correction_list"),
        reverse("reader:verdict_feed"),
        reverse("reader:correction_feed"),
        reverse("api:claim_list"),
        reverse("api:claim_detail", args=[corrected.slug]),
        reverse("api:verdict_list"),
        reverse("reader:claims_csv"),
    ]
    for page in pages:
        client.get(page)
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, page
        assert b"Accurate" in body, page
        assert not [q for q in queries if '"factcheck_ratinglevel"' in q["sql"]], page
    cache.clear()
