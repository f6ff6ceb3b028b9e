"""Data migrations, run on data made as the newsroom makes it, and what keeps their columns
right after them."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from factcheck.checks import claims_public_by_their_column
from factcheck.models import Claim, Verdict
from kit.responses import moment
from tests.factories import make_claim, make_verdict
from tests.published import correct, published_claim, withdraw

pytestmark = pytest.mark.django_db

first_published_at = importlib.import_module("factcheck.migrations.0022_claim_first_published_at")


def test_claims_published_before_the_column_get_their_first_publication_and_no_other():
    corrected = published_claim(text="A claim corrected since.")
    first = corrected.published_verdict
    correct(corrected)
    withdrawn = published_claim(text="A claim withdrawn since.")
    withdrawn_verdict = withdrawn.published_verdict
    withdraw(withdrawn)
    drafted = make_claim(text="A claim still being checked.")
    make_verdict(drafted)
    Claim.objects.update(first_published_at=None)  # as the column came, empty

    first_published_at.record_first_publications(apps, None)

    assert {claim.pk: claim.first_published_at for claim in Claim.objects.all()} == {
        corrected.pk: first.published_at,
        withdrawn.pk: withdrawn_verdict.published_at,
        drafted.pk: None,
    }
    assert set(Claim.objects.public()) == {corrected, withdrawn}
    assert Verdict.objects.filter(claim=drafted).exists()


def test_a_claim_published_without_the_column_is_named_by_the_check_and_made_public_again(
    client,
):
    claim = published_claim()
    first = claim.published_verdict.published_at
    # As code from before the column publishes, while a deploy migrates: the column empty.
    Claim.objects.filter(pk=claim.pk).update(first_published_at=None)
    assert not Claim.objects.public().exists()
    # Readers do not see it until it is repaired: neither its page nor its ClaimReview.
    assert client.get(claim.get_absolute_url()).status_code == 404
    assert client.get("/claimreview.json").json() == []
    [problem] = claims_public_by_their_column(databases=["default"])
    assert problem.id == "factcheck.E001" and "1 claim with a public verdict" in problem.msg

    out = io.StringIO()
    call_command("record_first_publications", stdout=out)

    assert "of 1 claim(s)" in out.getvalue()
    assert Claim.objects.public().get().first_published_at == first
    assert claims_public_by_their_column(databases=["default"]) == []
    [review] = client.get("/claimreview.json").json()
    assert review["datePublished"] == moment(first)


def test_publishing_a_claim_whose_column_is_empty_records_its_first_publication_not_this_one():
    claim = published_claim()
    first = claim.published_verdict.published_at
    Claim.objects.filter(pk=claim.pk).update(first_published_at=None)
    correct(claim)  # the next publication repairs it with the first, not its own date
    claim.refresh_from_db()
    assert claim.first_published_at == first < claim.published_verdict.published_at
