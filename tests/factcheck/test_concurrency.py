"""Two editors writing the same thing at the same moment, for real: two threads, each with
its own database connection. The first holds its insert uncommitted until the second is
waiting on it (PostgreSQL: blocked on the unique index; SQLite: queued at BEGIN IMMEDIATE);
then the database's constraint decides, and the second gets an answer, never a 500."""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Quote, Verdict
from tests.factories import (
    edit_verdict,
    make_editor,
    make_level,
    make_quote,
    make_source,
    make_transcript,
    make_verdict,
)

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "The Philippines won its case in 2016."
WAIT = 20  # seconds: far longer than the race needs, short enough to fail rather than hang


def _second_is_waiting() -> bool:
    """Whether another connection is blocked on a lock (PostgreSQL can say so; SQLite cannot,
    and there the second waits at BEGIN, before it reads anything, so a pause is enough)."""
    if connection.vendor != "postgresql":
        time.sleep(0.5)
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def race(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """Run `first` in a transaction left open until `second`, in another thread, waits on
    it; then commit, and return what each returned (or raised)."""
    results: dict[str, Any] = {}
    holding, release = threading.Event(), threading.Event()

    def run_first() -> None:
        try:
            with transaction.atomic():
                results["first"] = first()
                holding.set()
                release.wait(WAIT)
        except Exception as error:  # reported by the assertions below
            results["first"] = error
            holding.set()
        finally:
            connection.close()

    def run_second() -> None:
        holding.wait(WAIT)
        try:
            results["second"] = second()
        except Exception as error:
            results["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    holding.wait(WAIT)
    deadline = time.monotonic() + WAIT
    while not _second_is_waiting() and time.monotonic() < deadline:
        time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    return results.get("first"), results.get("second")


def test_two_editors_quoting_the_same_words_at_once_share_one_quote():
    transcript = make_transcript()
    alice, bob = make_editor(username="alice"), make_editor(username="bob")

    def quote(by):
        return lambda: services.quote_create(transcript=transcript, exact=WORDS, by=by)

    first, second = race(quote(alice), quote(bob))
    assert isinstance(first, Quote), first
    assert isinstance(second, Quote), second
    assert first.pk == second.pk
    assert Quote.objects.count() == 1


def test_two_editors_making_the_same_claim_at_once_get_it_made_once():
    quote = make_quote(make_transcript(), exact=WORDS)
    alice, bob = make_editor(username="alice"), make_editor(username="bob")

    def claim(by):
        return lambda: services.claim_create(quote=quote, text="A ship ran aground.", by=by)

    results = race(claim(alice), claim(bob))
    # The quote's lock queues them: the second finds the first's claim and is told so.
    [made] = [result for result in results if isinstance(result, Claim)]
    [refused] = [result for result in results if isinstance(result, ValidationError)]
    assert made.slug == "a-ship-ran-aground"
    assert "made from these words already" in str(refused)
    assert Claim.objects.count() == 1


def test_two_editors_making_different_claims_from_the_same_words_at_once_get_both():
    quote = make_quote(make_transcript(), exact=WORDS)
    alice, bob = make_editor(username="alice"), make_editor(username="bob")

    def claim(by, text):
        return lambda: services.claim_create(quote=quote, text=text, by=by)

    aground, when = "A ship ran aground.", "A ship ran aground in 1999."
    first, second = race(claim(alice, aground), claim(bob, when))
    assert isinstance(first, Claim) and isinstance(second, Claim), (first, second)
    assert Claim.objects.count() == 2


def test_two_editors_selecting_the_same_words_on_the_desk_at_once_both_get_their_claim():
    """The whole desk form, as two editors send it: one quote, two claims, no 500."""
    transcript = make_transcript()
    url = reverse("desk:claim_create", args=[transcript.slug])
    alice, bob = make_editor(username="alice"), make_editor(username="bob")

    def post(by, text):
        def send():
            editor = Client()
            editor.force_login(by)
            return editor.post(url, {"exact": WORDS, "text": text})

        return send

    first, second = race(post(alice, "The Philippines won."), post(bob, "The Philippines won it."))
    assert (first.status_code, second.status_code) == (303, 303)
    assert Quote.objects.count() == 1
    assert sorted(Claim.objects.values_list("slug", flat=True)) == [
        "the-philippines-won",
        "the-philippines-won-it",
    ]


def test_a_save_racing_a_save_and_submit_is_refused_with_the_losers_text_given_back():
    """Carl's "save and submit" and Alice's "save" of the same draft, at once: Carl's holds
    the verdict's lock; Alice's, which read the verdict as a draft, waits for it, then finds
    it submitted. She gets the 409 conflict page with her text, and Carl's text is kept."""
    source = make_source()
    alice, carl = make_editor(username="alice"), make_editor(username="carl")
    verdict = make_verdict(author=alice, sources=[source], rationale="Original.")
    url = reverse("desk:verdict_edit", args=[verdict.pk])

    def save_and_submit():
        return edit_verdict(verdict, carl, rationale="Carl's.", submit=True)

    def save():
        editor = Client()
        editor.force_login(alice)
        return editor.post(
            url,
            {
                "level": make_level("Accurate").pk,
                "rationale": "Alice's.",
                "as_of": "2024-06-10",
                "version": "1",
                "evidence-TOTAL_FORMS": "1",
                "evidence-INITIAL_FORMS": "0",
                "evidence-0-source": str(source.pk),
                "evidence-0-stance": "supports",
                "_action": "save",
            },
        )

    submitted, refused = race(save_and_submit, save)
    assert isinstance(submitted, Verdict), submitted
    assert refused.status_code == 409
    assert "\nAlice&#x27;s.</textarea>" in refused.text
    verdict.refresh_from_db()
    assert (verdict.status, verdict.rationale) == (Verdict.Status.IN_REVIEW, "Carl's.")
