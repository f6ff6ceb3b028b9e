"""Correcting and withdrawing a published verdict from the desk."""

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Verdict
from tests.factcheck.desk.test_verdicts import opened
from tests.factories import make_approver, make_source, make_verdict

pytestmark = pytest.mark.django_db


def test_starting_a_correction_opens_the_new_draft(client, editor):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    response = client.post(
        reverse("desk:verdict_correct", args=[verdict.pk]), {"note": "Wrong year."}
    )
    revision = Verdict.objects.get(revises=verdict)
    assert response["Location"] == reverse("desk:verdict_edit", args=[revision.pk])


def test_starting_a_second_correction_leads_to_the_one_under_way(client, editor):
    """From a stale tab: one correction at a time, and the way to it."""
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    url = reverse("desk:verdict_correct", args=[verdict.pk])
    client.post(url, {"note": "Wrong year."})
    for again in (client.get(url), client.post(url, {"note": "Wrong year, too."})):
        page = again.content.decode()
        assert again.status_code == 409
        assert "A correction of this verdict is under way already (draft)" in page
        assert page.count("under way already") == 1
        assert reverse("desk:claim", args=[verdict.claim.slug]) in page
    assert Verdict.objects.filter(revises=verdict).count() == 1


def test_withdrawing_from_the_desk_needs_a_public_note(client):
    client.force_login(make_approver())
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    url = reverse("desk:verdict_withdraw", args=[verdict.pk])
    assert client.post(url, {"note": ""}).status_code == 422
    assert client.post(url, {"note": "Misattributed."}).status_code == 303
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.WITHDRAWN
    assert verdict.published_at <= timezone.now()


def test_an_editor_is_told_who_withdraws_a_verdict(client, editor):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    page = client.get(reverse("desk:claim", args=[verdict.claim.slug])).text
    assert "Withdraw it" not in page
    assert "Only an approver can withdraw a verdict" in page
    client.force_login(make_approver())
    page = client.get(reverse("desk:claim", args=[verdict.claim.slug])).text
    assert "Withdraw it" in page and "Only an approver can withdraw" not in page


def test_a_verdict_being_corrected_can_be_withdrawn_from_the_claims_desk_page(client, editor):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    withdraw = reverse("desk:verdict_withdraw", args=[verdict.pk])
    assert "A correction of this verdict is" not in client.get(withdraw).text
    client.post(reverse("desk:verdict_correct", args=[verdict.pk]), {"note": "Wrong year."})
    client.force_login(make_approver())
    page = client.get(withdraw).text
    assert "A correction of this verdict is being written. Withdrawing leaves it as it" in page
    # The way there, from the claim's page on the desk, beside the correction under way.
    desk = client.get(reverse("desk:claim", args=[verdict.claim.slug])).text
    assert f'href="{withdraw}">Withdraw it</a>' in desk
    assert "Correct this verdict" not in desk  # one correction at a time


@pytest.mark.parametrize("view", ["verdict_correct", "verdict_withdraw"])
def test_only_a_published_verdict_can_be_corrected_or_withdrawn(client, view):
    client.force_login(make_approver())
    draft = make_verdict()
    assert client.get(reverse(f"desk:{view}", args=[draft.pk])).status_code == 409
    assert client.post(reverse(f"desk:{view}", args=[draft.pk]), {"note": "x"}).status_code == 409
    draft.refresh_from_db()
    assert draft.status == Verdict.Status.DRAFT


def test_the_desk_counts_a_claims_verdicts_as_revisions_not_saves(client, editor):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    client.post(reverse("desk:verdict_correct", args=[verdict.pk]), {"note": "Wrong year."})
    html = client.get(reverse("desk:claim", args=[verdict.claim.slug])).text
    assert "revision 2 of 2" in html and "revision 1 of 2" in html
    assert "· version" not in html


@pytest.mark.parametrize("way", ["plain page", "htmx, its own page", "htmx, on the claim page"])
def test_a_correction_that_changes_nothing_is_refused_in_its_form(client, editor, way):
    """Submitted unchanged, a correction is refused with the reason above the form, which
    stays where it is with what was typed: on the form's own page (with or without
    JavaScript) as on the claim's, not the claim's page drawn in its place."""
    verdict = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()])
    client.post(reverse("desk:verdict_correct", args=[verdict.pk]), {"note": "Wrong year."})
    revision = Verdict.objects.get(revises=verdict)
    data = {**opened(client, revision), "_action": "submit"}
    headers = {} if way == "plain page" else {"HX-Request": "true"}
    if way == "htmx, on the claim page":
        data["in_place"] = "1"
    response = client.post(reverse("desk:verdict_edit", args=[revision.pk]), data, headers=headers)
    page = response.content.decode()
    assert response.status_code == 409
    assert "The correction changes nothing yet" in page
    assert 'id="desk-verdict-form"' in page and data["rationale"] in page
    assert "HX-Retarget" not in response  # the form answers for itself, wherever it is
    assert ("<html" in page) == (way == "plain page")
    revision.refresh_from_db()
    assert revision.status == Verdict.Status.DRAFT
