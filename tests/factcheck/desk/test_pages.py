"""What every desk page must hold to: nothing the Content-Security-Policy blocks."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_source, make_verdict

pytestmark = pytest.mark.django_db


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
