"""The desk's import page: paste or upload, preview, correct, save; then publication."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.desk.views import imports
from factcheck.models import Action, Claim, Passage, Speaker, Transcript, Verdict
from tests.factcheck.test_import_transcript import NEWSROOM, NEWSROOM_PASSAGES, passages_of
from tests.factories import make_approver, make_claim, make_editor, make_quote, make_verdict

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
URL = reverse("desk:import")
METADATA = {
    "title": "Rules of Engagement: Michael Rogers",
    "interviewer": "Bob Davis",
    "interviewee": "Michael Rogers",
    "interview_date": "21 January 2024",
    "publisher": "The Wire China",
    "url": "https://example.org/rogers",
}


def form(**overrides) -> dict:
    return {**METADATA, "text": NEWSROOM.decode(), **overrides}


def test_the_import_page_says_what_the_importer_reads(client, editor):
    page = client.get(URL).content.decode()
    assert "What the importer reads" in page
    assert "<code>Q:</code>" in page and "<code>BOB DAVIS:</code>" in page
    assert "up to 2.0 MB" in page  # TRANSCRIPT_MAX_BYTES, as an editor reads it


def test_the_queue_links_to_the_import_page(client, editor):
    assert URL in client.get(reverse("desk:queue")).content.decode()
    assert client.get(URL).status_code == 200


def test_a_reader_cannot_open_the_import_page(client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, form(action="save")).status_code == 403
    assert not Transcript.objects.exists()


def test_a_plain_post_previews_every_paragraph_and_writes_nothing(client, editor):
    response = client.post(URL, form(action="preview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page and "10 passages" in page
    assert "continues Michael Rogers’s answer above" in page
    assert 'name="role-4"' in page and "00:00:12" in page
    assert not Transcript.objects.exists() and not Speaker.objects.exists()


def test_htmx_previews_as_the_editor_types_with_the_fragment_alone(
    client, editor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):  # the session, the user, ..., the same title
        response = client.post(URL, form(), headers=HTMX)
    page = response.content.decode()
    assert "<html" not in page and 'id="import-preview-heading"' in page
    assert "labelled DAVIS (Bob Davis)" in page


def test_saving_imports_every_paragraph_in_the_right_mouth_unpublished(client, editor):
    response = client.post(URL, form(action="save"))
    transcript = Transcript.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:transcript", args=[transcript.slug])
    assert passages_of(transcript) == NEWSROOM_PASSAGES
    assert transcript.imported_by == editor and not transcript.is_published
    assert transcript.actions.get().verb == Action.Verb.IMPORTED


def test_an_uploaded_file_imports_like_a_pasted_one(client, editor):
    upload = SimpleUploadedFile("rogers.txt", NEWSROOM, content_type="text/plain")
    response = client.post(URL, {**METADATA, "file": upload, "action": "save"})
    assert response.status_code == 303
    assert passages_of(Transcript.objects.get()) == NEWSROOM_PASSAGES


def test_a_corrected_role_and_speaker_are_saved(client, editor):
    previewed = services.transcript_preview(
        text=NEWSROOM.decode(), interviewer="Bob Davis", interviewee="Michael Rogers"
    ).content_hash
    corrections = {"role-6": "question", "speaker-6": "Jane Doe", "previewed": previewed}
    response = client.post(URL, form(action="save", **corrections), headers=HTMX)
    transcript = Transcript.objects.get()
    assert response["HX-Redirect"] == reverse("desk:transcript", args=[transcript.slug])
    sixth = transcript.passages.get(position=6)
    assert (sixth.kind, sixth.speaker.name) == ("question", "Jane Doe")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Jane\u202eDoe", "Passage 6: This holds a direction control character (U+202E"),
        ("Jane\x07Doe", "Passage 6: This holds a control character (U+0007"),
        ("\u200bJane Doe", "Passage 6: This holds an invisible character (U+200B"),
    ],
)
def test_a_corrected_speaker_holding_what_is_not_text_is_refused_and_makes_no_one(
    client, editor, typed, said
):
    previewed = services.transcript_preview(
        text=NEWSROOM.decode(), interviewer="Bob Davis", interviewee="Michael Rogers"
    ).content_hash
    corrections = {"role-6": "question", "speaker-6": typed, "previewed": previewed}
    response = client.post(URL, form(action="save", **corrections))
    assert response.status_code == 422
    assert said in html.unescape(response.text)
    assert not Transcript.objects.exists() and not Speaker.objects.exists()


def test_a_role_changed_with_its_speaker_as_read_takes_the_new_roles_speaker(client, editor):
    """A question made an answer, the speaker select left as it was: the interviewer's words
    must not be saved as the interviewee's answer, nor an answer as the interviewer's."""
    previewed = services.transcript_preview(
        text=NEWSROOM.decode(), interviewer="Bob Davis", interviewee="Michael Rogers"
    ).content_hash
    corrections = {
        **{"role-8": "answer", "speaker-8": "Bob Davis"},
        **{"role-9": "question", "speaker-9": "Michael Rogers"},
        "previewed": previewed,
    }
    client.post(URL, form(action="save", **corrections))
    passages = Transcript.objects.get().passages
    eighth, ninth = passages.get(position=8), passages.get(position=9)
    assert (eighth.kind, eighth.speaker.name) == ("answer", "Michael Rogers")
    assert (ninth.kind, ninth.speaker.name) == ("question", "Bob Davis")


def shown(page: str, number: int) -> dict[str, str]:
    """The role, speaker and shown role the preview's row `number` holds, as a browser
    would post them back."""
    row = page.split(f'id="import-row-{number}"')[1].split("</tr>")[0]
    role = row.split('<option value="')
    selected = next(part.split('"')[0] for part in role[1:] if '" selected>' in part[:40])
    speaker = html.unescape(row.split(f'name="speaker-{number}" value="')[1].split('"')[0])
    hidden = {
        name: html.unescape(row.split(f'name="{name}-{number}" value="')[1].split('"')[0])
        for name in ("shown-role", "read-role", "read-speaker", "words")
    }
    return {
        f"role-{number}": selected,
        f"speaker-{number}": speaker,
        **{f"{name}-{number}": value for name, value in hidden.items()},
    }


def preview_rows(page: str) -> dict[str, str]:
    """Every row of a preview as a browser posts the form back, untouched."""
    count = int(page.split("<caption>")[1].split(" passage")[0])
    previewed = page.split('name="previewed" value="')[1].split('"')[0]
    rows = {
        key: value for number in range(1, count + 1) for key, value in shown(page, number).items()
    }
    return {**rows, "previewed": previewed}


HARBOUR = """Harbour Talks: Elena Marsh on the port strike

Elena Marsh, mayor of Port Calder, spoke to Tom Reyes about the strike.

TOM REYES: When did the trouble at the docks begin?

ELENA MARSH: It started in March 2021, when the shipping line cut the night shift.

REYES: And the strike itself?

MARSH: The strike began on 4 October 2023 and lasted eleven weeks.
"""


def test_a_transcript_previewed_before_the_names_is_read_again_with_them(client, editor):
    """Pasted first, the text is read with guesses (the heading taken for a question by
    "Harbour Talks"); rows left as they were are no editor's corrections: once the names
    are given, the interview is read and saved with them."""
    names = {"interviewer": "", "interviewee": ""}
    first = client.post(URL, form(text=HARBOUR, **names), headers=HTMX).content.decode()
    assert "Harbour Talks" in first.split("<tbody>")[1]  # guessed to speak, before the names
    untouched = preview_rows(first)
    named = {"interviewer": "Tom Reyes", "interviewee": "Elena Marsh"}
    again = client.post(URL, form(text=HARBOUR, **named, **untouched), headers=HTMX).text
    assert "corrected by an editor" not in again
    client.post(URL, form(text=HARBOUR, **named, **untouched, action="save"))
    saved = [
        (p.kind, p.speaker.name if p.speaker else "")
        for p in Transcript.objects.get().passages.all()
    ]
    assert [each for each in saved if each[1]] == [
        ("question", "Tom Reyes"),
        ("answer", "Elena Marsh"),
        ("question", "Tom Reyes"),
        ("answer", "Elena Marsh"),
    ]
    assert not Speaker.objects.filter(name__icontains="Harbour").exists()


def test_a_row_corrected_stays_corrected_when_the_names_change(client, editor):
    names = {"interviewer": "", "interviewee": ""}
    first = client.post(URL, form(text=HARBOUR, **names), headers=HTMX).content.decode()
    rows = preview_rows(first)
    number = next(
        int(key.removeprefix("speaker-"))
        for key, value in rows.items()
        if key.startswith("speaker-") and value == "Elena Marsh"
    )
    rows |= {f"role-{number}": "note", f"speaker-{number}": ""}
    second = client.post(URL, form(text=HARBOUR, **names, **rows), headers=HTMX).text
    kept = preview_rows(second)
    assert kept[f"role-{number}"] == "note" and kept[f"read-speaker-{number}"] == "Elena Marsh"
    named = {"interviewer": "Tom Reyes", "interviewee": "Elena Marsh"}
    client.post(URL, form(text=HARBOUR, **named, **kept, action="save"))
    passages = Transcript.objects.get().passages
    assert passages.get(position=number).kind == "note"
    assert passages.filter(kind="answer", speaker__name="Elena Marsh").count() == 1


def test_a_role_changed_and_changed_back_gets_its_own_speaker_back(client, editor):
    """Question 8 made an answer in one preview (its speaker follows: the interviewee), then
    a question again in the next: the speaker the preview showed follows back, where the
    role as first read would keep the interviewee's name on the interviewer's question."""
    first = client.post(URL, form(), headers=HTMX).content.decode()
    previewed = first.split('name="previewed" value="')[1].split('"')[0]
    made_answer = {**shown(first, 8), "role-8": "answer", "previewed": previewed}
    second = client.post(URL, form(**made_answer), headers=HTMX).content.decode()
    assert {key: value for key, value in shown(second, 8).items() if key != "words-8"} == {
        "role-8": "answer",
        "speaker-8": "Michael Rogers",
        "shown-role-8": "answer",
        "read-role-8": "question",
        "read-speaker-8": "Bob Davis",
    }
    back = {**shown(second, 8), "role-8": "question", "previewed": previewed}
    third = client.post(URL, form(**back), headers=HTMX).content.decode()
    assert shown(third, 8)["speaker-8"] == "Bob Davis"
    client.post(URL, form(action="save", **{**shown(third, 8), "previewed": previewed}))
    eighth = Transcript.objects.get().passages.get(position=8)
    assert (eighth.kind, eighth.speaker.name) == ("question", "Bob Davis")


def test_a_speaker_typed_for_a_changed_role_is_kept(client, editor):
    """An interviewee who asks the interviewer something back: the editor makes the
    paragraph a question and names the interviewee, and the name stays."""
    first = client.post(URL, form(), headers=HTMX).content.decode()
    previewed = first.split('name="previewed" value="')[1].split('"')[0]
    corrections = {
        **shown(first, 9),
        "role-9": "question",
        "speaker-9": "Jane Doe",
        "previewed": previewed,
    }
    client.post(URL, form(action="save", **corrections))
    ninth = Transcript.objects.get().passages.get(position=9)
    assert (ninth.kind, ninth.speaker.name) == ("question", "Jane Doe")


def test_corrections_of_another_text_are_not_applied_nor_lost_in_silence(client, editor):
    corrections = {"role-2": "note", "previewed": "0" * 64}
    refused = client.post(URL, form(action="save", **corrections))
    assert refused.status_code == 422
    assert "1 row you corrected no longer reads as it did" in html.unescape(refused.text)
    assert not Transcript.objects.exists()
    # Sent again from the preview that said so, it is saved as read.
    client.post(URL, form(action="save", **preview_rows(refused.text)))
    assert Transcript.objects.get().passages.get(position=2).kind == "question"


def test_a_correction_of_one_of_two_alike_paragraphs_follows_that_one(client, editor):
    text = "Q: Did the talks fail?\n\nA: Yes.\n\nQ: And the strike?\n\nA: Yes.\n"
    first = client.post(URL, form(text=text), headers=HTMX).text
    # The second "Yes." is the interviewer's aside, not the interviewee's answer.
    corrected = {**preview_rows(first), "role-4": "question", "speaker-4": "Bob Davis"}
    again_text = "A note before.\n\n" + text
    again = client.post(URL, form(text=again_text, **corrected), headers=HTMX).text
    assert "you corrected" not in again
    assert shown(again, 5)["role-5"] == "question" and shown(again, 3)["role-3"] == "answer"
    # With a third "Yes." added, which of them it was cannot be told: said, not guessed.
    third = again_text + "\nQ: Truly?\n\nA: Yes.\n"
    told = client.post(URL, form(text=third, **corrected), headers=HTMX).text
    assert "1 row you corrected no longer reads as it did" in html.unescape(told)


def test_corrections_of_a_text_emptied_since_are_no_500(client, editor):
    first = client.post(URL, form(), headers=HTMX).text
    corrected = {**preview_rows(first), "role-6": "question"}
    for text in ("", "   ", "Q: x\x07"):
        response = client.post(URL, form(text=text, **corrected), headers=HTMX)
        assert response.status_code == 422, text


def test_a_long_transcripts_preview_is_sent_back_whole(client, editor, settings):
    """Each passage's row posts its fields: the most passages an import takes, with the
    details, stay within the fields Django reads from a form."""
    turns = "".join(f"Q: Question {n}?\n\nA: Answer {n}.\n\n" for n in range(120))
    first = client.post(URL, form(text=turns), headers=HTMX)
    rows = preview_rows(first.text)
    per_row = {key.rsplit("-", 1)[0] for key in rows if key.endswith("-1")}
    assert len(per_row) == settings.IMPORT_FIELDS_PER_PASSAGE
    assert len(rows) > 1000  # past Django's default of 1,000 fields
    assert client.post(URL, form(text=turns, **rows), headers=HTMX).status_code == 200
    most = settings.IMPORT_FIELDS_PER_PASSAGE * settings.TRANSCRIPT_MAX_PASSAGES + len(form())
    assert most < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_the_rows_set_aside_are_counted_in_a_sentence_that_agrees():
    assert imports._set_aside_message(2).startswith(
        "The transcript changed: 2 rows you corrected no longer read as they did, so they"
    )


def test_a_correction_follows_its_paragraph_when_the_text_changes_above_it(client, editor):
    first = client.post(URL, form(), headers=HTMX).text
    corrected = {**preview_rows(first), "role-6": "question", "speaker-6": "Jane Doe"}
    # A paragraph added at the top: the corrected one is now the seventh.
    text = "An editor's introduction.\n\n" + NEWSROOM.decode()
    again = client.post(URL, form(text=text, **corrected), headers=HTMX).text
    assert "you corrected" not in again
    assert shown(again, 7)["role-7"] == "question" and shown(again, 7)["speaker-7"] == "Jane Doe"
    client.post(URL, form(text=text, action="save", **preview_rows(again)))
    seventh = Transcript.objects.get().passages.get(position=7)
    assert (seventh.kind, seventh.speaker.name) == ("question", "Jane Doe")


def test_a_correction_whose_paragraph_was_rewritten_is_set_aside_saying_so(client, editor):
    first = client.post(URL, form(), headers=HTMX).text
    corrected = {**preview_rows(first), "role-6": "question", "speaker-6": "Jane Doe"}
    parsed = services.transcript_preview(
        text=NEWSROOM.decode(), interviewer="Bob Davis", interviewee="Michael Rogers"
    )
    sixth = parsed.passages[5]
    words = parsed.text[sixth.start : sixth.end]
    assert NEWSROOM.decode().count(words) == 1
    text = NEWSROOM.decode().replace(words, words + " (sic)")
    again = client.post(URL, form(text=text, **corrected), headers=HTMX)
    said = html.unescape(again.text)
    assert "The transcript changed: 1 row you corrected no longer reads as it did" in said
    assert shown(again.text, 6)["role-6"] != "question"
    assert not Transcript.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(text=""), "Paste the transcript"),
        (form(interview_date=""), "Give the date of the interview"),
        (form(interview_date="the twelfth of never"), "twelfth"),
        (form(text="Just prose."), "No question found"),
        # Nothing of the interviewee's to quote: no answer, or only others'.
        (form(text="Q:\nA:\n"), "Michael Rogers never answers in this text"),
        (form(text="Q: What happened?\n"), "Michael Rogers never answers in this text"),
        (
            form(text="DAVIS: What happened?\nJONES: Ask him.\n", speakers="Al Jones"),
            "Michael Rogers never answers in this text",
        ),
        # Listed as speaking, but no passage is theirs: no person made for words not said.
        (
            form(speakers="Al Jones\nMichael Rogers"),
            "No passage is by “Al Jones”: take them off the list",
        ),
        (
            form(speakers="\n".join(f"Person {n}" for n in range(41))),
            "List at most 40 others who speak (there are 41)",
        ),
        (form(url="ftp://example.org/rogers.txt"), "the address of a web page (http or https)"),
        (form(interviewee="Bob Davis"), "someone other than the interviewer"),
        # Another name, but the interviewer's slug: the same person.
        (form(interviewee="Jane Roe [bob-davis]"), "someone other than the interviewer"),
        (form(interview_date="21 January 2099"), "21 Jan 2099 is after today"),
        (form(published="3 March 2020"), "is before the interview (21 Jan 2024)"),
        (form(published="2099"), "2099 is after today"),
        (form(interviewee="Michael Rogers [!!!]"), "“[!!!]” is not a slug"),
        # A correction of no preview of this text: not saved as read in silence.
        (form(**{"role-1": "shouting", "previewed": ""}), "1 row you corrected"),
    ],
)
def test_a_refused_import_says_why_and_writes_nothing(client, editor, data, message):
    response = client.post(URL, {**data, "action": "save"})
    if message:
        assert response.status_code == 422
        assert message in response.content.decode()
    assert Transcript.objects.count() == (0 if message else 1)
    if message:
        assert not Passage.objects.exists() and not Speaker.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_saying_how_to_convert_it(client, editor):
    upload = SimpleUploadedFile("rogers.txt", "Q: Café?".encode("cp1252"))
    response = client.post(URL, {**METADATA, "file": upload, "action": "save"})
    assert response.status_code == 422
    assert "iconv -f windows-1252 -t utf-8" in response.content.decode()
    assert not Transcript.objects.exists()


def test_the_same_text_again_is_refused_naming_the_interview(client, editor):
    client.post(URL, form(action="save"))
    response = client.post(URL, form(action="save", url="", title="Again"))
    assert response.status_code == 422
    assert "imported already, as “Rules of Engagement: Michael Rogers”" in (
        response.content.decode()
    )
    assert Transcript.objects.count() == 1


def test_the_form_sent_twice_leads_to_what_the_first_sending_imported(client, editor):
    """A double click on "Save the interview": the second answer, the one the browser shows,
    said that nothing was imported."""
    first = client.post(URL, form(action="save"))
    transcript = Transcript.objects.get()
    again = client.post(URL, form(action="save"))
    assert again.status_code == 303 and again["Location"] == first["Location"]
    assert "was imported a moment ago: here it is" in client.get(again["Location"]).text
    twice = client.post(URL, form(action="save"), headers=HTMX)
    assert twice["HX-Redirect"] == reverse("desk:transcript", args=[transcript.slug])
    assert Transcript.objects.count() == 1


def test_two_sendings_at_once_make_one_interview_and_lead_to_it(client, editor, monkeypatch):
    """On PostgreSQL the second of two sendings at once passes the look for a copy before the
    first commits; its rows then meet the first's unique constraints: no 500 for that."""
    first = client.post(URL, form(action="save"))
    checked = services._already_imported
    calls = []

    def not_yet_committed(*args) -> None:
        calls.append(args)
        if len(calls) > 1:  # looked again once the insert was refused
            checked(*args)

    monkeypatch.setattr(services, "_already_imported", not_yet_committed)
    again = client.post(URL, form(action="save", url=""))
    assert len(calls) == 2
    assert again.status_code == 303 and again["Location"] == first["Location"]
    assert Transcript.objects.count() == 1


def test_the_same_form_from_another_editor_or_later_is_refused_as_a_copy(client, editor):
    client.post(URL, form(action="save"))
    client.force_login(make_editor(username="other"))
    refused = client.post(URL, form(action="save"))
    assert refused.status_code == 422 and "This text was imported already" in refused.text
    client.force_login(editor)
    Transcript.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    refused = client.post(URL, form(action="save"))
    assert refused.status_code == 422 and "This text was imported already" in refused.text
    assert Transcript.objects.count() == 1


def imported(client, editor) -> Transcript:
    client.post(URL, form(action="save"))
    return Transcript.objects.get()


def test_readers_see_nothing_of_an_unpublished_interview(client, editor):
    transcript = imported(client, editor)
    client.logout()
    assert client.get(transcript.get_absolute_url()).status_code == 404
    assert transcript.slug not in client.get("/sitemap-pages.xml").content.decode()
    assert client.get(reverse("reader:interview")).status_code in (302, 404)
    assert transcript.get_absolute_url() not in client.get("/").content.decode()


def test_the_importer_cannot_publish_their_own_import(client):
    approver = make_approver(username="ann")
    client.force_login(approver)
    transcript = imported(client, approver)
    # Their desk page says another approver publishes it, and offers no button that fails.
    desk = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    assert "Publish the interview</button>" not in desk
    assert "You imported it, so another approver publishes it" in desk
    response = client.post(reverse("desk:transcript_publish", args=[transcript.slug]))
    assert response.status_code == 403
    transcript.refresh_from_db()
    assert not transcript.is_published


def test_another_approver_publishes_it_and_readers_see_it(client, editor):
    transcript = imported(client, editor)
    approver = make_approver(username="bea")
    client.force_login(approver)
    page = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    assert "Publish the interview" in page and "alice imported the interview" in page
    publish = reverse("desk:transcript_publish", args=[transcript.slug])
    unseen = client.post(publish)  # the details as the approver saw them, or none published
    assert unseen.status_code == 409 and "came without the version" in html.unescape(unseen.text)
    response = client.post(publish, {"version": services.details_version(transcript)})
    assert response.status_code == 303
    transcript.refresh_from_db()
    assert transcript.site_published_by == approver
    assert transcript.actions.filter(verb=Action.Verb.INTERVIEW_PUBLISHED, actor=approver)
    page = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    assert "bea published the interview" in page and "Publish the interview" not in page
    client.logout()
    page = client.get(transcript.get_absolute_url()).content.decode()
    assert 'href="#t-00-00-12"' in page
    again = client.post(reverse("desk:transcript_publish", args=[transcript.slug]))
    assert again.status_code == 403  # logged out now
    client.force_login(approver)
    again = client.post(reverse("desk:transcript_publish", args=[transcript.slug]))
    assert again.status_code == 409


def test_an_editor_cannot_publish_an_interview(client, editor):
    transcript = imported(client, editor)
    response = client.post(reverse("desk:transcript_publish", args=[transcript.slug]))
    assert response.status_code == 403


def test_no_verdict_is_published_on_an_unpublished_interview(client, editor):
    transcript = imported(client, editor)
    quote = make_quote(transcript, exact="They plan in decades.")
    claim = make_claim(quote, text="China plans in decades.")
    verdict = make_verdict(claim, status=Verdict.Status.IN_REVIEW, author=editor)
    with pytest.raises(services.ValidationError, match="not published yet"):
        services.verdict_publish(verdict=verdict, by=make_approver())
    assert Claim.objects.published().count() == 0
    # The approver's review page says so before the button, with the way to the interview.
    client.force_login(make_approver())
    review = client.get(reverse("desk:verdict_review", args=[verdict.pk])).content.decode()
    assert "The interview it is quoted from is not published yet" in review
    assert reverse("desk:transcript", args=[transcript.slug]) in review
    assert "Approve and publish</button>" not in review
    assert "Readers will see this verdict" not in review


def test_publishing_the_interview_from_a_review_goes_back_to_the_review(client, editor):
    """The review waiting on an unpublished interview leads to it; publishing it there
    brings the approver back to the review, where the verdict can now be published."""
    transcript = imported(client, editor)
    claim = make_claim(make_quote(transcript, exact="They plan in decades."), text="Decades.")
    verdict = make_verdict(claim, status=Verdict.Status.IN_REVIEW, author=editor)
    client.force_login(make_approver(username="bea"))
    review_url = reverse("desk:verdict_review", args=[verdict.pk])
    review = html.unescape(client.get(review_url).content.decode())
    link = f"{reverse('desk:transcript', args=[transcript.slug])}?review={verdict.pk}"
    assert f'href="{link}"' in review and "publishing it brings you back here" in review
    desk = client.get(link).content.decode()
    assert f'<input type="hidden" name="review" value="{verdict.pk}">' in desk
    publish = reverse("desk:transcript_publish", args=[transcript.slug])
    seen = services.details_version(transcript)
    response = client.post(publish, {"review": str(verdict.pk), "version": seen})
    assert (response.status_code, response["Location"]) == (303, review_url)
    back = client.get(review_url).content.decode()
    assert "readers can see it now" in back and "Approve and publish</button>" in back


@pytest.mark.parametrize("review", ["x", "-1", "٣"])
def test_a_review_that_is_no_verdicts_number_is_a_400_with_the_way_on(client, editor, review):
    transcript = imported(client, editor)
    url = reverse("desk:transcript", args=[transcript.slug])
    response = client.get(url, {"review": review})
    page = response.content.decode()
    assert response.status_code == 400
    assert "That is not a verdict&#x27;s number." in page and f'href="{url}"' in page


def test_a_review_that_no_longer_waits_shows_the_interview_without_it(client, editor):
    """Published or sent back since, or a link kept: the interview is shown, and publishing
    it stays on it."""
    transcript = imported(client, editor)
    claim = make_claim(make_quote(transcript, exact="They plan in decades."), text="Decades.")
    draft = make_verdict(claim, author=editor)  # a draft: not in review
    client.force_login(make_approver(username="bea"))
    url = reverse("desk:transcript", args=[transcript.slug])
    page = client.get(url, {"review": str(draft.pk)})
    assert page.status_code == 200 and 'name="review"' not in page.content.decode()
    publish = reverse("desk:transcript_publish", args=[transcript.slug])
    seen = services.details_version(transcript)
    response = client.post(publish, {"review": str(draft.pk), "version": seen})
    assert response["Location"] == url


def test_the_preview_does_not_wait_for_what_only_saving_needs(client, editor):
    response = client.post(URL, {"text": NEWSROOM.decode()}, headers=HTMX)
    page = response.content.decode()
    assert "10 passages" in page  # read already, the names not given yet
    assert "Before saving:" in page and "Nothing was imported" not in page
    assert '<a href="#id_interview_date">Interview date</a>: Give the date of the interview' in page
    assert '<a href="#id_title">Title</a>: Give the interview&#x27;s title.' in page
    assert not Transcript.objects.exists()
    # Saving with the same gaps imports nothing, says so with the fields' own names, and
    # keeps the preview with the editor's corrections.
    previewed = services.transcript_preview(
        text=NEWSROOM.decode(), interviewer="", interviewee=""
    ).content_hash
    corrections = {"role-2": "note", "previewed": previewed}
    refused = client.post(
        URL, {"text": NEWSROOM.decode(), "action": "save", **corrections}, headers=HTMX
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Nothing was imported:" in page and "10 passages" in page
    assert '<option value="note" selected>' in page.split('id="role-2"')[1].split("</select>")[0]
    assert not Transcript.objects.exists()
    # A transcript that cannot be read is named as such, with no preview.
    unreadable = client.post(URL, {"text": "Just prose."}, headers=HTMX).content.decode()
    assert '<a href="#id_text">Transcript</a>: No question found' in unreadable
    assert "passages</caption>" not in unreadable


def test_a_name_listed_before_its_turns_are_given_keeps_the_preview_to_give_them(client, editor):
    # Listed under others who speak before any turn is theirs: the preview still shows the
    # passages, to give them theirs, and says what saving would refuse.
    page = client.post(URL, form(speakers="Al Jones"), headers=HTMX).content.decode()
    assert "10 passages" in page
    assert "No passage is by “Al Jones”" in page and "Before saving:" in page
    assert not Transcript.objects.exists()


def test_a_file_and_another_text_in_the_box_are_refused_saying_how_to_choose(client, editor):
    # Previewed with htmx, the box is left as it was and the file stays chosen: an editor
    # who then pastes a corrected text in the box is not overruled by the file unawares.
    corrected = NEWSROOM.decode().replace("China", "the PRC", 1)
    for action in ("preview", "save"):
        upload = SimpleUploadedFile("rogers.txt", NEWSROOM, content_type="text/plain")
        response = client.post(URL, {**form(text=corrected), "file": upload, "action": action})
        assert response.status_code == 422
        assert "clear the file to import the box&#x27;s text, or empty the box" in response.text
    assert not Transcript.objects.exists()
    # The same text in both (the box as a preview filled it) is no conflict.
    upload = SimpleUploadedFile("rogers.txt", NEWSROOM, content_type="text/plain")
    same = client.post(URL, {**form(), "file": upload, "action": "save"})
    assert same.status_code == 303


def test_an_uploaded_files_text_is_carried_in_the_box_to_the_next_preview(client, editor):
    upload = SimpleUploadedFile("rogers.txt", NEWSROOM, content_type="text/plain")
    page = client.post(URL, {"file": upload, "action": "preview"}).content.decode()
    assert "10 passages" in page
    box = page.split('name="text"')[1].split(">", 1)[1].split("</textarea>")[0]
    box = html.unescape(box.removeprefix("\n"))  # a browser drops a textarea's first newline
    assert "What worries you most about China?" in box
    # Without JavaScript, the next post sends the box's text and no file: read the same.
    again = client.post(URL, {**METADATA, "text": box, "action": "save"})
    assert again.status_code == 303
    assert passages_of(Transcript.objects.get()) == NEWSROOM_PASSAGES


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"interview_date": "21 January 2099"}, "21 Jan 2099 is after today"),
        ({"published": "3 March 2020"}, "is before the interview (21 Jan 2024)"),
        ({"interviewee": "Bob Davis"}, "someone other than the interviewer"),
        ({"interviewee": "Jane Doe"}, "Jane Doe never answers in this text"),
    ],
)
def test_the_preview_says_what_saving_would_refuse_before_saving(
    client, editor, overrides, message
):
    page = client.post(URL, form(**overrides), headers=HTMX).content.decode()
    assert "Before saving:" in page and message in page
    assert "passages</caption>" in page  # the transcript is still read for the editor
    assert not Transcript.objects.exists()
    # The details put right, nothing is left to say.
    fine = client.post(URL, form(), headers=HTMX).content.decode()
    assert "Before saving:" not in fine


def test_a_text_imported_already_is_refused_with_or_without_its_final_line_end(client, editor):
    """An upload keeps the file's last line end, a pasted box (or the admin) may not: the
    same interview either way."""
    assert client.post(URL, form(action="save")).status_code == 303
    text = NEWSROOM.decode()
    for again in (text.rstrip() + "\n", text.rstrip(), text + "\n\n"):
        response = client.post(URL, form(text=again, url="", title="Again", action="save"))
        assert response.status_code == 422
        assert "This text was imported already" in response.content.decode()
    assert Transcript.objects.count() == 1


def test_an_alias_of_the_interviewer_is_refused_as_the_interviewee(client, editor):
    davis = Speaker.objects.create(name="Bob Davis", slug="bob-davis")
    davis.aliases.create(name="Robert Davis")
    response = client.post(URL, form(interviewee="Robert Davis", action="save"))
    assert response.status_code == 422
    assert "someone other than the interviewer" in response.content.decode()
    assert not Transcript.objects.exists()


def test_a_paste_past_the_limit_is_refused_by_the_import_with_the_form_kept(client, editor):
    """A transcript pasted at well over the limit reaches the import (not a bare 400 from
    the request's size), which names the limit and gives every field back."""
    text = NEWSROOM.decode() + "\nA: " + "word " * 600_000  # some 3 MB
    response = client.post(URL, form(text=text, action="save"))
    page = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert "the limit is 2.0 MB" in page
    assert 'value="Rules of Engagement: Michael Rogers"' in page
    assert not Transcript.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Bad\x1btitle"),
        ("title", "Evil \u202e title"),
        ("interviewee", "Michael\x07 Rogers"),
        ("publisher", "The Wire\u2066 China"),
    ],
)
def test_a_control_character_in_the_details_is_refused_by_its_field(client, editor, field, value):
    response = client.post(URL, form(action="save", **{field: value}))
    assert response.status_code == 422
    assert "which is not text" in html.unescape(response.content.decode())
    assert "\x07 Rogers never answers" not in response.content.decode()
    assert not Transcript.objects.exists()


def test_saving_with_several_mistakes_names_them_all_at_once(client, editor):
    """A bad address no longer hides the dates the import cannot read: the editor puts
    everything right in one go, not one mistake after each fix."""
    data = form(url="not a url", interview_date="31 Feb 2025", published="yesterday-ish")
    page = client.post(URL, {**data, "action": "save"})
    assert page.status_code == 422
    errors = page.context["form"].errors
    assert "Give the address of a web page" in errors["url"][0]
    assert "day 31 does not exist in February 2025" in errors["interview_date"][0]
    assert 'yesterday-ish" as a date' in errors["published"][0]
    assert not Transcript.objects.exists()


def test_the_preview_says_an_interview_with_the_same_title_is_on_the_desk(client, editor):
    assert client.post(URL, {**form(), "action": "save"}).status_code == 303
    first = Transcript.objects.get()
    again = form(title=METADATA["title"].upper(), text="Q: Why?\nA: Because.\n")
    page = client.post(URL, again, headers=HTMX).content.decode()
    assert "An interview with this title is on the desk already" in page
    assert reverse("desk:transcript", args=[first.slug]) in page
    other = client.post(URL, form(title="Another title"), headers=HTMX).content.decode()
    assert "is on the desk already" not in other


def test_an_interview_with_the_same_title_is_found_from_an_index():
    """However many interviews the desk holds, the one with a title is looked up, not every
    title read and compared."""
    queryset = Transcript.objects.titled("Rules of Engagement")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
    assert "transcript_title_nocase" in queryset.explain()
