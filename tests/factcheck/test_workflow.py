"""The desk's workflow services: draft → review → published → corrected, the two-person
rule, the stale save, and the record of who did what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import services
from factcheck.anchoring import AnchorStatus
from factcheck.models import Action, Claim, Correction, Evidence, Verdict
from factcheck.services import EvidenceItem, StaleVerdictError
from tests.factories import (
    edit_verdict,
    make_approver,
    make_claim,
    make_editor,
    make_level,
    make_quote,
    make_scale,
    make_source,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 6, 10)


@pytest.fixture
def editor():
    return make_editor(username="alice")


@pytest.fixture
def approver():
    return make_approver(username="bea")


@pytest.fixture
def sources():
    return [make_source(title="The award"), make_source(title="The ruling's summary")]


def draft(claim, by, sources, **overrides):
    values = {
        "claim": claim,
        "level": make_level("Accurate"),
        "rationale": "The tribunal ruled for the Philippines on 12 July 2016.",
        "as_of": AS_OF,
        "evidence": supporting(*sources),
        "by": by,
        **overrides,
    }
    return services.verdict_draft(**values)


def supporting(*sources) -> list[EvidenceItem]:
    return [EvidenceItem(source=source, stance="supports") for source in sources]


def published(claim, editor, approver, sources) -> Verdict:
    verdict = draft(claim, editor, sources)
    verdict = services.verdict_submit(verdict=verdict, version=verdict.version, by=editor)
    return services.verdict_publish(verdict=verdict, by=approver)


def verbs(claim: Claim) -> list[str]:
    return list(claim.actions.order_by("created_at", "pk").values_list("verb", flat=True))


# Claims


def test_an_editor_makes_a_claim_from_a_quote_and_it_is_recorded(editor):
    quote = make_quote()
    claim = services.claim_create(quote=quote, text="  The Philippines   won in 2016. ", by=editor)
    assert (claim.text, claim.slug, claim.created_by) == (
        "The Philippines won in 2016.",
        "the-philippines-won-in-2016",
        editor,
    )
    action = claim.actions.get()
    assert (action.actor, action.verb) == (editor, Action.Verb.CLAIM_CREATED)


def test_two_claims_with_the_same_words_get_different_slugs(editor):
    quote = make_quote()
    again = make_quote(quote.transcript, exact="In 2015 Xi Jinping promised President Obama")
    first = services.claim_create(quote=quote, text="China ignored the award.", by=editor)
    second = services.claim_create(quote=again, text="China ignored the award.", by=editor)
    assert (first.slug, second.slug) == ("china-ignored-the-award", "china-ignored-the-award-2")


def test_someone_without_the_editor_role_cannot_make_a_claim():
    with pytest.raises(PermissionDenied):
        services.claim_create(quote=make_quote(), text="A claim.", by=make_user())
    assert not Claim.objects.exists()


def test_a_claim_on_words_no_longer_in_the_transcript_is_refused(editor):
    quote = make_quote()
    quote.anchor_status = AnchorStatus.ORPHANED
    quote.save()
    with pytest.raises(ValidationError, match="no longer found"):
        services.claim_create(quote=quote, text="A claim.", by=editor)


# Drafts


def test_drafting_a_verdict_keeps_its_author_evidence_in_order_and_a_record(editor, sources):
    claim = make_claim()
    verdict = draft(claim, editor, sources)
    assert (verdict.status, verdict.author, verdict.version) == (Verdict.Status.DRAFT, editor, 1)
    assert [row.source for row in verdict.evidence.all()] == sources
    assert verbs(claim) == [Action.Verb.DRAFTED]


def test_a_claim_has_one_verdict_in_progress_at_a_time(editor, sources):
    claim = make_claim()
    draft(claim, editor, sources)
    with pytest.raises(ValidationError, match="already has a verdict draft"):
        draft(claim, make_editor(), sources)
    assert claim.verdicts.count() == 1


def test_a_published_verdict_is_corrected_not_drafted_again(editor, approver, sources):
    claim = make_claim()
    published(claim, editor, approver, sources)
    with pytest.raises(ValidationError, match="correct it instead"):
        draft(claim, editor, sources)


def test_a_level_of_a_retired_scale_is_refused(editor, sources):
    old_level = make_level("Accurate")
    old_level.scale.is_current = False
    old_level.scale.save()
    make_scale(name="Accuracy, second edition")
    with pytest.raises(ValidationError, match="current rating scale"):
        draft(make_claim(), editor, sources, level=old_level)
    assert not Verdict.objects.exists()


def test_citing_a_source_twice_is_refused_and_nothing_is_saved(editor):
    source = make_source()
    twice = [EvidenceItem(source=source, stance="supports")] * 2
    with pytest.raises(ValidationError, match="Cite each source once"):
        draft(make_claim(), editor, [], evidence=twice)
    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()


def test_saving_a_draft_bumps_its_version_and_records_what_changed(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    colleague = make_editor()
    saved = edit_verdict(
        verdict,
        colleague,
        level=make_level("Needs context"),
        evidence=[EvidenceItem(source=sources[1], stance="context", note="Background.")],
    )
    assert (saved.version, saved.level.label, saved.author) == (2, "Needs context", editor)
    assert [(row.source, row.stance, row.note) for row in saved.evidence.all()] == [
        (sources[1], "context", "Background.")
    ]
    action = saved.actions.get(verb=Action.Verb.EDITED)
    assert (action.actor, action.note) == (colleague, "Changed level, evidence.")


def test_saving_a_draft_unchanged_keeps_its_version_and_records_nothing(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    saved = edit_verdict(verdict, editor, evidence=supporting(*sources))
    assert saved.version == 1
    assert not saved.actions.filter(verb=Action.Verb.EDITED).exists()


def test_a_stale_save_is_refused_with_what_is_saved_now_and_writes_nothing(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    colleague = make_editor(username="carl")
    edit_verdict(verdict, colleague, rationale="Carl's rationale.", evidence=supporting(sources[0]))
    with pytest.raises(StaleVerdictError) as refused:
        # version 1: what Alice opened, before Carl saved
        edit_verdict(verdict, editor, version=1, rationale="Alice's rationale.")
    current = refused.value.current
    assert (current.version, current.rationale, current.saved_by) == (
        2,
        "Carl's rationale.",
        colleague,
    )
    assert [item.source for item in current.evidence] == [sources[0]]
    assert "carl saved this draft (version 2) after you opened version 1" in str(refused.value)
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.version, verdict.evidence.count()) == (
        "Carl's rationale.",
        2,
        1,
    )


def test_saving_again_from_the_current_version_overwrites_deliberately(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    edit_verdict(verdict, editor, version=1, rationale="First.")
    saved = edit_verdict(verdict, editor, version=2, rationale="Second.")
    assert (saved.rationale, saved.version) == ("Second.", 3)


def test_only_a_draft_can_be_edited(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    services.verdict_submit(verdict=verdict, version=1, by=editor)
    with pytest.raises(ValidationError, match="awaiting review; only a draft can be edited"):
        edit_verdict(verdict, editor, version=2, rationale="Changed in review.")


def test_save_and_submit_is_one_call_that_records_both(editor, sources):
    claim = make_claim()
    verdict = draft(claim, editor, sources, submit=True)
    assert (verdict.status, verdict.version) == (Verdict.Status.IN_REVIEW, 2)
    assert verbs(claim) == [Action.Verb.DRAFTED, Action.Verb.SUBMITTED]


def test_saving_a_draft_and_submitting_it_without_a_source_saves_nothing(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    with pytest.raises(ValidationError) as refused:
        edit_verdict(
            verdict, editor, rationale="Changed, then submitted.", evidence=[], submit=True
        )
    assert set(refused.value.error_dict) == {"evidence"}
    verdict.refresh_from_db()
    assert (verdict.status, verdict.version, verdict.rationale) == (
        Verdict.Status.DRAFT,
        1,
        "The tribunal ruled for the Philippines on 12 July 2016.",
    )
    assert verdict.evidence.count() == 2


def test_saving_a_draft_and_submitting_it_records_the_edit_then_the_submission(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    saved = edit_verdict(
        verdict,
        editor,
        rationale="Changed, then submitted.",
        evidence=supporting(sources[0]),
        submit=True,
    )
    assert (saved.status, saved.version) == (Verdict.Status.IN_REVIEW, 3)
    assert verbs(saved.claim)[-2:] == [Action.Verb.EDITED, Action.Verb.SUBMITTED]


# Review and publication


def test_a_draft_without_sources_cannot_be_submitted(editor):
    verdict = draft(make_claim(), editor, [])
    with pytest.raises(ValidationError, match="at least one source"):
        services.verdict_submit(verdict=verdict, version=1, by=editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_submitting_a_stale_draft_is_refused(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    edit_verdict(verdict, editor, rationale="New.")
    with pytest.raises(StaleVerdictError):
        services.verdict_submit(verdict=verdict, version=1, by=editor)


def test_the_author_cannot_approve_their_own_draft(sources):
    author = make_approver()
    verdict = draft(make_claim(), author, sources)
    services.verdict_submit(verdict=verdict, version=1, by=author)
    with pytest.raises(PermissionDenied, match="two-person rule"):
        services.verdict_publish(verdict=verdict, by=author)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW


def test_an_approver_who_edited_the_draft_cannot_approve_it(editor, approver, sources):
    verdict = draft(make_claim(), editor, sources)
    edit_verdict(
        verdict, approver, rationale="Tightened by the approver.", evidence=supporting(sources[0])
    )
    services.verdict_submit(verdict=verdict, version=2, by=editor)
    with pytest.raises(PermissionDenied, match="You edited this draft"):
        services.verdict_publish(verdict=verdict, by=approver)


def test_an_editor_cannot_publish(editor, sources):
    verdict = draft(make_claim(), editor, sources)
    services.verdict_submit(verdict=verdict, version=1, by=editor)
    with pytest.raises(PermissionDenied):
        services.verdict_publish(verdict=verdict, by=make_editor())


def test_a_draft_not_submitted_cannot_be_published(editor, approver, sources):
    verdict = draft(make_claim(), editor, sources)
    with pytest.raises(
        ValidationError, match="This verdict is a draft; only a verdict awaiting review"
    ):
        services.verdict_publish(verdict=verdict, by=approver)


def test_publishing_makes_it_the_claims_verdict_and_records_the_approver(editor, approver, sources):
    claim = make_claim()
    assert not Claim.objects.public().filter(pk=claim.pk).exists()
    verdict = published(claim, editor, approver, sources)
    claim.refresh_from_db()
    assert claim.published_verdict == verdict
    assert (verdict.status, verdict.approved_by) == (Verdict.Status.PUBLISHED, approver)
    assert verdict.published_at is not None
    assert claim.first_published_at == verdict.published_at  # readers see it from then on
    assert Claim.objects.public().filter(pk=claim.pk).exists()
    assert verbs(claim) == [Action.Verb.DRAFTED, Action.Verb.SUBMITTED, Action.Verb.PUBLISHED]


def test_publishing_twice_is_refused(editor, approver, sources):
    verdict = published(make_claim(), editor, approver, sources)
    with pytest.raises(ValidationError, match="is published"):
        services.verdict_publish(verdict=verdict, by=make_approver())


def test_sending_back_needs_a_note_and_returns_the_draft_to_its_editors(editor, approver, sources):
    verdict = draft(make_claim(), editor, sources)
    services.verdict_submit(verdict=verdict, version=1, by=editor)
    with pytest.raises(ValidationError, match="Say what needs changing"):
        services.verdict_return(verdict=verdict, note="  ", by=approver)
    returned = services.verdict_return(verdict=verdict, note="Cite the award itself.", by=approver)
    assert (returned.status, returned.submitted_at) == (Verdict.Status.DRAFT, None)
    action = returned.actions.get(verb=Action.Verb.RETURNED)
    assert (action.actor, action.note) == (approver, "Cite the award itself.")


# Corrections


def test_a_correction_goes_through_review_and_keeps_every_revision(editor, approver, sources):
    claim = make_claim()
    original = published(claim, editor, approver, sources)

    revision = services.verdict_correct(
        verdict=original, note="The award's date was wrong.", by=editor
    )
    assert (revision.status, revision.revises, revision.author) == (
        Verdict.Status.DRAFT,
        original,
        editor,
    )
    assert [row.source for row in revision.evidence.all()] == sources
    claim.refresh_from_db()
    assert claim.published_verdict == original  # readers see the old one until approved

    revision = edit_verdict(
        revision,
        editor,
        level=make_level("Needs context"),
        rationale="The tribunal ruled on 12 July 2016, not in 2015.",
        evidence=supporting(sources[0]),
    )
    revision = services.verdict_submit(verdict=revision, version=revision.version, by=editor)
    services.verdict_publish(
        verdict=revision,
        by=approver,
        correction_kind=Correction.Kind.CORRECTION,
        correction_note="We gave the wrong year for the award.",
    )

    claim.refresh_from_db()
    original.refresh_from_db()
    revision.refresh_from_db()
    assert claim.published_verdict == revision
    assert claim.first_published_at == original.published_at < revision.published_at
    assert original.status == Verdict.Status.SUPERSEDED
    assert original.rationale == "The tribunal ruled for the Philippines on 12 July 2016."
    assert original.evidence.count() == 2  # the old revision keeps its own sources
    correction = claim.corrections.get()
    assert (correction.kind, correction.previous, correction.revision, correction.created_by) == (
        Correction.Kind.CORRECTION,
        original,
        revision,
        approver,
    )
    assert correction.published_at == revision.published_at
    assert verbs(claim)[-5:] == [
        Action.Verb.DRAFTED,
        Action.Verb.EDITED,
        Action.Verb.SUBMITTED,
        Action.Verb.PUBLISHED,
        Action.Verb.CORRECTED,
    ]


def test_a_correction_that_changes_nothing_is_not_submitted(editor, approver, sources):
    """An approver is never asked to publish a correction identical to the verdict it
    replaces: the editor is told to change something first."""
    original = published(make_claim(), editor, approver, sources)
    revision = services.verdict_correct(verdict=original, note="Check it.", by=editor)
    with pytest.raises(ValidationError, match="The correction changes nothing yet"):
        services.verdict_submit(verdict=revision, version=revision.version, by=editor)
    with pytest.raises(ValidationError, match="The correction changes nothing yet"):
        edit_verdict(revision, editor, submit=True)
    revision.refresh_from_db()
    assert revision.status == Verdict.Status.DRAFT
    # Any one part changed will do: here only the date the evidence was checked.
    later = revision.as_of + datetime.timedelta(days=30)
    submitted = edit_verdict(revision, editor, as_of=later, submit=True)
    assert submitted.status == Verdict.Status.IN_REVIEW


def test_publishing_a_correction_needs_its_kind_and_public_note(editor, approver, sources):
    original = published(make_claim(), editor, approver, sources)
    revision = services.verdict_correct(verdict=original, note="Typo.", by=editor)
    revision = edit_verdict(revision, editor, rationale="Without the typo.", submit=True)
    with pytest.raises(ValidationError) as refused:
        services.verdict_publish(verdict=revision, by=approver, correction_kind="void")
    assert set(refused.value.error_dict) == {"kind"}
    with pytest.raises(ValidationError) as refused:
        services.verdict_publish(verdict=revision, by=approver, correction_kind="typo")
    assert set(refused.value.error_dict) == {"note"}
    original.refresh_from_db()
    assert original.status == Verdict.Status.PUBLISHED
    assert not Correction.objects.exists()


def test_only_the_published_verdict_can_be_corrected_and_one_correction_at_a_time(
    editor, approver, sources
):
    original = published(make_claim(), editor, approver, sources)
    services.verdict_correct(verdict=original, note="First.", by=editor)
    with pytest.raises(ValidationError, match=r"under way already \(draft\)"):
        services.verdict_correct(verdict=original, note="Second.", by=make_editor())
    draft_verdict = draft(make_claim(), editor, sources)
    with pytest.raises(ValidationError, match="Only the claim's published verdict"):
        services.verdict_correct(verdict=draft_verdict, note="Not published.", by=editor)


def test_withdrawing_publishes_a_void_correction_and_leaves_no_verdict(editor, approver, sources):
    claim = make_claim()
    original = published(claim, editor, approver, sources)
    correction = services.verdict_withdraw(
        verdict=original, note="The quote was misattributed.", by=approver
    )
    claim.refresh_from_db()
    original.refresh_from_db()
    assert claim.published_verdict is None
    assert original.status == Verdict.Status.WITHDRAWN
    # A withdrawal is as public as a verdict: the claim's page stays up to say so.
    assert claim.first_published_at == original.published_at
    assert Claim.objects.public().filter(pk=claim.pk).exists()
    assert (correction.kind, correction.revision, correction.note) == (
        Correction.Kind.VOID,
        None,
        "The quote was misattributed.",
    )
    assert verbs(claim)[-1] == Action.Verb.WITHDRAWN


def test_an_editor_cannot_withdraw_a_verdict(editor, approver, sources):
    original = published(make_claim(), editor, approver, sources)
    with pytest.raises(PermissionDenied):
        services.verdict_withdraw(verdict=original, note="No.", by=make_editor())


def test_a_correction_in_progress_carries_on_as_a_new_verdict_after_a_withdrawal(
    editor, approver, sources
):
    claim = make_claim()
    original = published(claim, editor, approver, sources)
    revision = services.verdict_correct(verdict=original, note="Needs work.", by=editor)
    services.verdict_withdraw(verdict=original, note="Withdrawn meanwhile.", by=approver)
    revision.refresh_from_db()
    assert revision.revises is None
    revision = services.verdict_submit(verdict=revision, version=revision.version, by=editor)
    services.verdict_publish(verdict=revision, by=approver)
    claim.refresh_from_db()
    assert claim.published_verdict == revision
    assert list(claim.corrections.values_list("kind", flat=True)) == [Correction.Kind.VOID]


def test_the_database_still_refuses_an_approver_who_is_the_author():
    verdict = make_verdict(status=Verdict.Status.IN_REVIEW)
    verdict.approved_by = verdict.author
    with pytest.raises(ValidationError):
        verdict.full_clean()
