"""Data migrations, run on data made as the newsroom makes it."""

import importlib

import pytest
from django.apps import apps

from factcheck.models import Claim, Verdict
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
