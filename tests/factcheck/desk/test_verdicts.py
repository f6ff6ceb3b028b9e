"""Logging, editing and submitting a verdict on the desk."""

import datetime
import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from factcheck import services
from factcheck.desk.forms import ALTERED
from factcheck.models import Source, Verdict
from tests.factories import (
    edit_verdict,
    make_approver,
    make_claim,
    make_editor,
    make_level,
    make_scale,
    make_source,
    make_user,
    make_verdict,
)
from tests.published import published_claim

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


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


def test_the_verdict_form_says_when_a_verdict_falls_due_for_a_recheck(client, editor, settings):
    """An as-of date long past makes a verdict due for re-checking as soon as it is out."""
    settings.RECHECK_AFTER_DAYS = 30
    page = client.get(reverse("desk:verdict_create", args=[make_claim().slug])).text
    assert "If that is more than 30 days ago, the verdict goes on the desk's re-check" in page


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
        ({"rationale": ""}, "rationale", "Write the rationale"),
        ({"level": ""}, "level", "Choose a rating: what the record shows of the claim."),
        (
            {"rationale": "It happened. It was 2016. China said no."},
            "rationale",
            "one or two sentences (this has 3)",
        ),
        ({"as_of": "2999-01-01"}, "as_of", "cannot be in the future"),
        # The claim's interview is dated June 2024: no check can predate it.
        (
            {"as_of": "0001-01-01"},
            "as_of",
            "cannot have been checked before the claim was made: the interview is dated "
            "June 2024, so 1 June 2024 at the earliest",
        ),
        ({"as_of": "2024-05-31"}, "as_of", "before the claim was made"),
        ({"as_of": "12/06/24"}, "as_of", "Enter the date as YYYY-MM-DD"),
        ({"level": "999999"}, "level", "Choose one of the ratings listed."),
        # Pasted past the limit: refused, not cut short by the browser (no maxlength).
        ({"rationale": "A finding " + "x" * 500}, "rationale", "Keep it to 500 characters: this"),
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
    assert "maxlength" not in fragment.text.split('name="rationale"')[1].split(">")[0]
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
    verdict = make_verdict(author=editor, sources=[source], rationale="Original.")
    edit_verdict(verdict, make_editor(username="carl"), rationale="Carl's rationale.")
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


@pytest.mark.parametrize(
    "altered",
    [
        {"version": "0"},
        {"version": "x"},
        {"base": "{not json"},
        {"evidence-TOTAL_FORMS": "-1"},
        {"evidence-TOTAL_FORMS": "x"},
        {"evidence-TOTAL_FORMS": "0"},  # below the row sent: it would be dropped
    ],
    ids=str,
)
def test_a_form_that_came_back_altered_says_so_and_saves_nothing(client, editor, altered):
    verdict = make_verdict(author=editor, sources=[make_source()], rationale="Original.")
    url = reverse("desk:verdict_edit", args=[verdict.pk])
    response = client.post(url, opened(client, verdict) | {"rationale": "Changed."} | altered)
    assert response.status_code == 422
    assert ALTERED in response.content.decode()
    assert "correct what is marked below" not in response.content.decode()
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.version) == ("Original.", 1)


def test_a_source_gone_since_it_was_chosen_is_said_once(client, editor):
    claim = make_claim()
    gone = make_source(title="Gone")
    data = verdict_data(sources=[(gone, "supports")])
    gone.delete()
    response = client.post(reverse("desk:verdict_create", args=[claim.slug]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "That source no longer exists; choose another." in page
    assert "Choose a source for this row" not in page
    assert not Verdict.objects.exists()


def opened(client, verdict) -> dict:
    """The edit form's values as an editor opens it, ready to post back (with its base)."""
    form = client.get(reverse("desk:verdict_edit", args=[verdict.pk])).context["form"]
    base = form["base"].initial
    sources = [(Source.objects.get(pk=pk), stance) for pk, stance, _ in base["evidence"]]
    return verdict_data(
        sources=sources,
        level=base["level"],
        rationale=base["rationale"],
        analysis=base["analysis"],
        as_of=base["as_of"],
        version=str(form["version"].initial),
        base=json.dumps(base),
    )


def test_what_only_the_other_editor_changed_is_taken_into_your_form(client, editor):
    """Carl changed the analysis and the evidence while Alice changed the rationale: her save
    is stopped (409) with his analysis and evidence already in her form and nothing to
    compare; saving again keeps both, nobody's change lost."""
    award, release = make_source(title="The award"), make_source(title="The press release")
    verdict = make_verdict(author=editor, sources=[award], rationale="Original.")
    mine = {**opened(client, verdict), "rationale": "Alice's rationale."}
    edit_verdict(
        verdict,
        make_editor(username="carl"),
        analysis="Carl's analysis.",
        evidence=[services.EvidenceItem(source=release, stance="context")],
    )
    url = reverse("desk:verdict_edit", args=[verdict.pk])
    response = client.post(url, mine)
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "Their changes to Analysis, Evidence are in the form below" in page
    assert "Nothing you changed was changed by them: saving again keeps both." in page
    assert "desk-conflict__table" not in page
    form = response.context["form"]
    assert (form["rationale"].value(), form["analysis"].value()) == (
        "Alice's rationale.",
        "Carl's analysis.",
    )
    again = client.post(url, {k: v for k, v in form.data.items()})
    assert again.status_code == 303
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.analysis) == ("Alice's rationale.", "Carl's analysis.")
    assert [(row.source, row.stance) for row in verdict.evidence.all()] == [(release, "context")]


def test_a_field_both_editors_changed_is_put_to_the_editor_the_rest_taken(client, editor):
    source = make_source(title="The award")
    verdict = make_verdict(author=editor, sources=[source], rationale="Original.")
    mine = {**opened(client, verdict), "rationale": "Alice's rationale."}
    edit_verdict(
        verdict, make_editor(username="carl"), rationale="Carl's.", analysis="Carl's analysis."
    )
    response = client.post(reverse("desk:verdict_edit", args=[verdict.pk]), mine)
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "Their changes to Analysis are in the form below" in page
    table = page.split("desk-conflict__table")[1].split("</table>")[0]
    assert "Changed by both of you" in table
    assert "Rationale" in table and "Carl's." in table and "Alice's rationale." in table
    assert "Analysis</th>" not in table  # taken, not put to her
    form = response.context["form"]
    assert (form["rationale"].value(), form["analysis"].value()) == (
        "Alice's rationale.",
        "Carl's analysis.",
    )


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
    said = html.unescape(stale.content.decode())
    assert "so it was not submitted. It is shown below as saved now" in said
    assert "compare, then save again" not in said  # nothing was typed to compare
    done = client.post(url, {"version": str(verdict.version)})
    assert done.status_code == 303
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW


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
    assert "nothing was saved" in response.content.decode().lower()
    assert not Verdict.objects.exists()


def test_a_second_verdict_on_a_claim_is_refused_with_the_claim_page(client, editor):
    draft = make_verdict(author=editor)
    url = reverse("desk:verdict_create", args=[draft.claim.slug])
    page = client.get(url)
    assert page.status_code == 409
    assert "This claim already has a verdict draft; open it." in page.content.decode()
    response = client.post(url, verdict_data(sources=[(make_source(), "supports")]))
    assert response.status_code == 409
    assert "This claim already has a verdict draft; open it." in response.content.decode()
    assert draft.claim.verdicts.count() == 1


@pytest.mark.parametrize("in_place", [True, False])
def test_a_verdict_begun_meanwhile_by_someone_else_gives_the_form_back_with_a_409(
    client, editor, in_place
):
    """Another editor begins a verdict on the claim while this one types: saving is refused
    in the form, with every word typed, wherever the form is."""
    claim = make_claim()
    url = reverse("desk:verdict_create", args=[claim.slug])
    client.get(url)
    make_verdict(claim, author=make_editor(username="bob"))  # meanwhile
    typed = verdict_data(
        sources=[(make_source(), "supports")], rationale="My own careful finding, in full."
    )
    if in_place:
        typed["in_place"] = "1"
    response = client.post(url, typed, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 409 and "HX-Retarget" not in response
    assert 'id="desk-verdict-form"' in page and "My own careful finding, in full." in page
    assert "This claim already has a verdict draft; open it." in page
    assert claim.verdicts.count() == 1


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_stale_save_after_someone_saved_and_submitted_gives_the_text_back_with_a_409(
    client, editor, action
):
    """Carl saved and submitted the draft while Alice edited it: her save (or save and
    submit) is refused with the conflict page holding her text, never a page without it,
    and both texts are kept: Carl's as submitted, Alice's in her form."""
    source = make_source(title="The award")
    verdict = make_verdict(author=editor, sources=[source], rationale="Original.")
    edit_verdict(verdict, make_editor(username="carl"), rationale="Carl's.", submit=True)
    url = reverse("desk:verdict_edit", args=[verdict.pk])
    mine = verdict_data(
        sources=[(source, "supports")], rationale="Alice's.", version="1", action=action
    )
    for headers in ({}, HTMX, {}):  # and again: a second try is refused the same way
        response = client.post(url, mine, headers=headers)
        assert response.status_code == 409
        assert "carl saved this draft (version 3) after you opened version 1" in response.text
        assert "and it is now awaiting review" in response.text
        assert "nothing can be saved over it" in response.text
        assert "\nAlice&#x27;s.</textarea>" in response.text
        assert "Carl&#x27;s." in response.text
        assert 'name="version" value="1"' in response.text
    verdict.refresh_from_db()
    assert (verdict.status, verdict.rationale, verdict.version) == (
        Verdict.Status.IN_REVIEW,
        "Carl's.",
        3,
    )


def test_a_draft_rated_on_a_retired_scale_says_so_and_takes_a_current_rating(client, editor):
    """The newsroom moved to a new scale while a draft waited: its rating cannot be chosen
    again. The form says which rating it was and asks for a current one, on opening and if
    saved without one; a current rating saves."""
    verdict = make_verdict(author=editor, level=make_level("Needs context"))
    old_scale = verdict.level.scale
    old_scale.is_current = False
    old_scale.save()
    new_scale = make_scale(name="Truth-O-Meter")
    url = reverse("desk:verdict_edit", args=[verdict.pk])
    notice = "rated “Needs context” on a scale no longer in use (Accuracy)"

    page = html.unescape(client.get(url).content.decode())
    assert notice in page
    assert "checked" not in page.split('class="desk-levels"')[1].split("</fieldset>")[0]

    unrated = opened(client, verdict)
    del unrated["level"]
    refused = client.post(url, unrated)
    assert refused.status_code == 422 and notice in html.unescape(refused.content.decode())
    verdict.refresh_from_db()
    assert verdict.level.scale == old_scale and verdict.version == 1

    chosen = {**opened(client, verdict), "level": new_scale.levels.get(label="Inaccurate").pk}
    assert client.post(url, chosen).status_code == 303
    verdict.refresh_from_db()
    assert (verdict.level.label, verdict.level.scale) == ("Inaccurate", new_scale)


def test_a_draft_on_the_current_scale_opens_without_the_notice(client, editor):
    verdict = make_verdict(author=editor)
    page = client.get(reverse("desk:verdict_edit", args=[verdict.pk])).content.decode()
    assert "scale no longer in use" not in page and "checked" in page


def test_the_verdict_form_names_its_claim_in_the_breadcrumb(client, editor):
    claim = make_claim(text="The Philippines won its case in 2016.")
    page = client.get(reverse("desk:verdict_create", args=[claim.slug])).content.decode()
    link = f'<a href="{reverse("desk:claim", args=[claim.slug])}">{claim.text}</a></p>'
    assert link in page


def test_a_verdict_without_its_as_of_date_says_which_date_it_needs(client, editor):
    claim = make_claim()
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]), verdict_data(as_of="")
    )
    assert response.status_code == 422
    assert "Give the date the evidence was last checked" in response.content.decode()
    assert not Verdict.objects.exists()


def test_a_draft_cannot_be_dated_back_before_its_interview_but_its_first_day_will_do(
    client, editor
):
    claim = make_claim()
    client.post(reverse("desk:verdict_create", args=[claim.slug]), verdict_data())
    verdict = Verdict.objects.get()
    url = reverse("desk:verdict_edit", args=[verdict.pk])
    earlier = client.post(url, verdict_data(as_of="2023-12-31", version=verdict.version))
    assert earlier.status_code == 422
    assert "before the claim was made" in str(earlier.context["form"].errors["as_of"])
    first_day = client.post(url, verdict_data(as_of="2024-06-01", version=verdict.version))
    assert first_day.status_code in (200, 303)
    verdict.refresh_from_db()
    assert verdict.as_of == datetime.date(2024, 6, 1)


def test_a_correction_begun_in_error_is_discarded_and_the_published_verdict_stays(client, editor):
    claim = published_claim()
    published = claim.published_verdict
    draft = services.verdict_correct(verdict=published, note="Typo?", by=editor)
    claim_page = reverse("desk:claim", args=[claim.slug])
    page = client.get(claim_page).content.decode()
    discard = reverse("desk:verdict_discard", args=[draft.pk])
    assert f'action="{discard}"' in page and "Discard this draft…" in page
    # As the page showed it: a version saved since is not discarded unseen.
    stale = client.post(discard, {"version": "7"})
    assert stale.status_code == 409 and Verdict.objects.filter(pk=draft.pk).exists()
    gone = client.post(discard, {"version": str(draft.version)})
    assert (gone.status_code, gone["Location"]) == (303, claim_page)
    assert not Verdict.objects.filter(pk=draft.pk).exists()
    claim.refresh_from_db()
    assert claim.published_verdict == published and published.evidence.exists()
    # The record keeps who began it and who discarded it, and what it said; a correction
    # can be begun again.
    record = client.get(claim_page).content.decode()
    assert "drafted a verdict" in record
    assert 'discarded the draft: <span class="desk-note">a correction, version 1: “' in record
    assert services.verdict_correct(verdict=published, note="Now, really.", by=editor)


def test_only_a_draft_is_discarded(client, editor):
    claim = published_claim()
    published = claim.published_verdict
    response = client.post(
        reverse("desk:verdict_discard", args=[published.pk]), {"version": published.version}
    )
    assert response.status_code == 409
    assert "only a draft is discarded" in response.content.decode()
    in_review = make_verdict(status=Verdict.Status.IN_REVIEW)
    response = client.post(
        reverse("desk:verdict_discard", args=[in_review.pk]), {"version": in_review.version}
    )
    assert "only a draft is discarded: take it back first" in response.content.decode()
    assert Verdict.objects.filter(pk__in=[published.pk, in_review.pk]).count() == 2


def test_discarding_a_draft_needs_the_right_to_edit_drafts(client):
    draft = make_verdict()
    client.force_login(make_user(username="reader"))
    response = client.post(reverse("desk:verdict_discard", args=[draft.pk]), {"version": "1"})
    assert response.status_code == 403
    assert Verdict.objects.filter(pk=draft.pk).exists()


def test_a_draft_discarded_meanwhile_loses_nobodys_typing(client, editor):
    draft = make_verdict(author=editor, sources=[make_source()])
    edit = reverse("desk:verdict_edit", args=[draft.pk])
    typed = opened(client, draft) | {
        "rationale": "My rationale.",
        "analysis": "My analysis.",
        "evidence-0-note": "My note.",
    }
    source = Source.objects.get(pk=typed["evidence-0-source"])
    services.verdict_discard(verdict=draft, version=draft.version, by=editor)
    response = client.post(edit, typed, headers=HTMX)  # put where the form was (a 409)
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "No draft has this number now: it was discarded. Nothing was saved." in page
    said = f"My rationale.\n\nMy analysis.\n\n{source.title} (supports): My note.</textarea>"
    assert said in page
    # A save that waited for the draft's row while it was discarded is refused, not a 500.
    with pytest.raises(ValidationError, match="This draft was discarded meanwhile"):
        edit_verdict(draft, editor, rationale="Too late.")


def test_a_draft_discarded_while_an_approver_acted_sends_them_to_the_claim(
    client, editor, monkeypatch
):
    draft = make_verdict(author=editor, status=Verdict.Status.IN_REVIEW)
    client.force_login(make_approver(username="abe"))

    def discarded_meanwhile(**kwargs):  # the row gone while the return waited for it
        raise ValidationError(services.DISCARDED_MEANWHILE, code="discarded")

    monkeypatch.setattr(services, "verdict_return", discarded_meanwhile)
    response = client.post(
        reverse("desk:verdict_return", args=[draft.pk]),
        {"note": "Cite the award.", "version": draft.version},
    )
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "This draft was discarded meanwhile" in page
    assert f'href="{reverse("desk:claim", args=[draft.claim.slug])}"' in page
    assert "Cite the award.</textarea>" in page  # the note written, to copy
    assert "Send back" not in page


def test_a_discarded_draft_of_a_discarded_claim_stays_out_of_the_interviews_record(client, editor):
    draft = make_verdict(author=editor, rationale="Begun in error.")
    claim = draft.claim
    interview = reverse("desk:transcript", args=[claim.quote.transcript.slug])
    services.verdict_discard(verdict=draft, version=draft.version, by=editor)
    services.claim_discard(claim=claim, by=editor)
    record = client.get(interview).content.decode()
    assert "discarded the claim" in record
    assert "Begun in error." not in record
