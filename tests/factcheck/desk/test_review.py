"""Review on the desk: publishing a verdict, or sending it back."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.desk.views import review
from factcheck.desk.views.review import Change
from factcheck.models import Verdict
from factcheck.wording import word_diff
from tests.factories import (
    edit_verdict,
    make_approver,
    make_editor,
    make_event,
    make_source,
    make_verdict,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(editor):
    return make_verdict(
        status=Verdict.Status.IN_REVIEW,
        author=editor,
        rationale="A finding.",
        as_of=datetime.date(2024, 6, 1),
    )


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


def test_whoever_wrote_a_draft_in_review_takes_it_back_to_edit(client, in_review):
    """An approver's own draft waits for another approver: with none on the desk, it would
    wait for good. Its author takes it back, from the review page or the claim's."""
    author = in_review.author
    author.groups.add(*make_approver().groups.all())
    client.force_login(author)
    page = client.get(reverse("desk:verdict_review", args=[in_review.pk])).text
    take_back = reverse("desk:verdict_take_back", args=[in_review.pk])
    assert f'action="{take_back}"' in page
    claim_page = client.get(reverse("desk:claim", args=[in_review.claim.slug])).text
    assert f'action="{take_back}"' in claim_page and "Waiting for another approver." in claim_page
    stale = client.post(take_back, {"version": in_review.version - 1})
    assert stale.status_code == 409
    response = client.post(take_back, {"version": in_review.version})
    assert response.status_code == 303
    in_review.refresh_from_db()
    assert (in_review.status, in_review.submitted_at) == (Verdict.Status.DRAFT, None)
    assert in_review.actions.latest("pk").verb == "taken_back"
    edit = client.get(reverse("desk:verdict_edit", args=[in_review.pk]))
    assert edit.status_code == 200
    # A review page opened on it now says what it is.
    review = client.get(reverse("desk:verdict_review", args=[in_review.pk])).text
    assert "This verdict is a draft: there is nothing to review." in review


@pytest.mark.parametrize(
    ("decision", "data"), [("verdict_publish", {}), ("verdict_return", {"note": "Cite the award."})]
)
def test_a_reviewer_decides_on_the_draft_they_read_not_one_rewritten_since(
    client, in_review, decision, data
):
    """Taken back, rewritten and submitted again while the review page was open: the
    approver's decision is refused, and the page shows the draft as it is now."""
    client.force_login(make_approver())
    page = client.get(reverse("desk:verdict_review", args=[in_review.pk])).text
    read = page.split('name="version" value="')[1].split('"')[0]
    author = in_review.author
    services.verdict_take_back(verdict=in_review, version=in_review.version, by=author)
    in_review.refresh_from_db()
    rewritten = edit_verdict(in_review, author, rationale="Never reviewed.")
    services.verdict_submit(verdict=rewritten, version=rewritten.version, by=author)
    response = client.post(
        reverse(f"desk:{decision}", args=[in_review.pk]), {**data, "version": read}
    )
    assert response.status_code == 409
    assert "Never reviewed." in response.text and "read it again" in response.text
    in_review.refresh_from_db()
    assert in_review.status == Verdict.Status.IN_REVIEW


def test_a_draft_is_taken_back_only_by_who_wrote_or_edited_it(client, in_review):
    other = make_approver()
    client.force_login(other)
    take_back = reverse("desk:verdict_take_back", args=[in_review.pk])
    review_page = client.get(reverse("desk:verdict_review", args=[in_review.pk])).text
    assert take_back not in review_page  # the reviewer sends it back, saying why
    refused = client.post(take_back, {"version": in_review.version})
    assert refused.status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == Verdict.Status.IN_REVIEW
    client.force_login(in_review.author)  # an editor: not an approver
    client.post(take_back, {"version": in_review.version})
    in_review.refresh_from_db()
    assert in_review.status == Verdict.Status.DRAFT
    again = client.post(take_back, {"version": in_review.version})
    assert again.status_code == 409  # a draft already: nothing awaits review


def test_an_editor_who_edited_a_draft_in_review_may_take_it_back(client, in_review):
    colleague = make_editor(username="colleague")
    edited = edit_verdict(
        services.verdict_take_back(
            verdict=in_review, version=in_review.version, by=in_review.author
        ),
        colleague,
        rationale="A finding, tightened.",
    )
    services.verdict_submit(verdict=edited, version=edited.version, by=colleague)
    edited.refresh_from_db()
    client.force_login(colleague)
    response = client.post(
        reverse("desk:verdict_take_back", args=[edited.pk]), {"version": edited.version}
    )
    assert response.status_code == 303
    edited.refresh_from_db()
    assert edited.status == Verdict.Status.DRAFT


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
    assert "Write it: “What needs changing” is empty." in html.unescape(empty.content.decode())
    done = client.post(url, {"note": "Add the ruling."})
    assert done.status_code == 303
    in_review.refresh_from_db()
    assert in_review.status == Verdict.Status.DRAFT


def test_publishing_a_correction_asks_for_its_kind_and_offers_the_editors_note(client, in_review):
    approver = make_approver()
    published = services.verdict_publish(verdict=in_review, by=approver)
    editor = in_review.author
    revision = services.verdict_correct(verdict=published, note="Wrong year.", by=editor)
    revision = edit_verdict(revision, editor, rationale="The award came in 2016.", submit=True)
    client.force_login(make_approver())
    page = client.get(reverse("desk:verdict_review", args=[revision.pk]))
    assert page.context["publish_form"].initial == {"note": "Wrong year."}
    assert "The published verdict it replaces" in page.content.decode()
    url = reverse("desk:verdict_publish", args=[revision.pk])
    missing = client.post(url, {"note": "Wrong year."})
    assert missing.status_code == 422
    assert "Say what kind of correction this is." in missing.content.decode()
    for shown in (page, missing):
        # Its public note and the send-back's note are two boxes, each its label's own.
        ids = re.findall(r'\sid="([^"]+)"', shown.content.decode())
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    done = client.post(url, {"kind": "correction", "note": "We had the wrong year."})
    assert done.status_code == 303
    assert revision.claim.corrections.get().note == "We had the wrong year."


def test_an_approver_who_edited_the_draft_is_told_so_before_and_refused_after(client, editor):
    approver = make_approver()
    verdict = make_verdict(author=editor, sources=[make_source()], rationale="A finding.")
    verdict = edit_verdict(verdict, approver, rationale="A finding, tightened.")
    services.verdict_submit(verdict=verdict, version=verdict.version, by=editor)
    client.force_login(approver)
    page = client.get(reverse("desk:verdict_review", args=[verdict.pk])).content.decode()
    assert "You edited this draft; another approver must review it." in page
    assert "Approve and publish" not in page
    refused = client.post(reverse("desk:verdict_publish", args=[verdict.pk]))
    assert refused.status_code == 403
    assert "You edited this draft; another approver must review it." in refused.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW


def test_the_approver_sees_what_a_correction_changes_word_by_word_and_the_public_badge(
    client, in_review
):
    approver = make_approver()
    published = services.verdict_publish(verdict=in_review, by=approver)
    editor = in_review.author
    revision = services.verdict_correct(verdict=published, note="Wrong year.", by=editor)
    revision = edit_verdict(revision, editor, rationale="A finding <b>for 2016</b>.")
    revision = services.verdict_submit(verdict=revision, version=revision.version, by=editor)
    client.force_login(make_approver())
    html = client.get(reverse("desk:verdict_review", args=[revision.pk])).content.decode()
    assert "What the correction changes" in html
    changes = html.split('class="desk-changes__list"')[1].split("</dl>")[0]
    assert "<dt>Finding</dt>" in changes
    assert (
        'A <del>finding.</del><ins class="desk-changes__replacement">'
        "finding &lt;b&gt;for 2016&lt;/b&gt;.</ins>"
    ) in changes
    assert "<dt>Rating</dt>" not in changes  # what it leaves alone is not listed
    # The badge readers will see, as the claim page shows it.
    assert 'class="verdict verdict--tone-' in html and published.level.label in html


def test_a_first_verdict_has_no_changes_to_show(client, in_review):
    client.force_login(make_approver())
    html = client.get(reverse("desk:verdict_review", args=[in_review.pk])).content.decode()
    assert "What the correction changes" not in html


def test_the_approver_sees_what_publishing_also_makes_public(
    client, editor, in_review, monkeypatch, django_assert_max_num_queries
):
    claim = in_review.claim
    public = make_event(title="The tribunal's award")
    services.claim_event_link(claim=claim, event=public, phrase="in 2016", by=editor)
    services.claim_event_create(claim=claim, title="Talks begin", date="mid-2016", by=editor)
    client.force_login(make_approver())
    url = reverse("desk:verdict_review", args=[in_review.pk])
    page = client.get(url).content.decode()
    listed = page.split('id="desk-placements-heading"')[1].split("</section>")[0]
    assert "The tribunal&#x27;s award" in listed and "as spoken: “in 2016”" in listed
    assert "Talks begin" in listed and "New event" in listed
    assert listed.count("New event") == 1  # the linked event is public already
    assert listed.index("Talks begin") < listed.index("The tribunal")  # by date (mid-2016 first)
    # Bounded: a few listed, then how many more, in the same queries however many.
    monkeypatch.setattr(review, "PLACEMENTS_SHOWN", 1)
    with django_assert_max_num_queries(30) as queries:
        page = client.get(url).content.decode()
    assert "and 1 more" in page
    for number in range(5):
        services.claim_event_create(claim=claim, title=f"More {number}", date="2017", by=editor)
    with django_assert_max_num_queries(len(queries.captured_queries)):
        page = client.get(url).content.decode()
    assert "and 6 more" in page
    # Once published, nothing is left to make public.
    client.post(reverse("desk:verdict_publish", args=[in_review.pk]))
    assert "desk-placements-heading" not in client.get(url).content.decode()


def test_only_words_replacing_others_are_set_apart_from_them():
    """A rating replaced stands apart from the one it replaces; an addition after kept words
    is not moved away from them."""
    replaced = Change("Rating", word_diff("Accurate", "Mostly accurate"))
    assert [replaced.pieces[n] for n in sorted(replaced.replacing)] == [
        ("added", "Mostly accurate")
    ]
    later = Change("Finding", word_diff("It began in 2019", "It began in 2019 or 2018"))
    assert later.replacing == set()
