"""Everyone who speaks (/speakers/), by name a page at a time, each with their counts."""

import pytest
from django.urls import reverse

from factcheck.models import Speaker
from reader.views import speakers as views

pytestmark = pytest.mark.django_db

SPEAKERS = reverse("reader:speaker_list")


def names_on(content: bytes) -> list[str]:
    page = content.decode()
    return [
        speaker.name for speaker in Speaker.objects.all() if f'id="speaker-{speaker.slug}"' in page
    ]


def test_everyone_who_speaks_in_a_published_interview_by_name(client, interviews):
    response = client.get(SPEAKERS)
    assert response.status_code == 200
    shown = [
        speaker.name
        for speaker in Speaker.objects.public().order_by("name", "pk")
        if f'id="speaker-{speaker.slug}"' in response.content.decode()
    ]
    public = list(Speaker.objects.public().order_by("name", "pk").values_list("name", flat=True))
    assert shown == public and len(public) == len(interviews) + 1  # each asker, and the guest
    page = response.content.decode()
    assert [page.index(f">{name}</a>") for name in public] == sorted(
        page.index(f">{name}</a>") for name in public
    )
    unpublished = interviews[0].__class__.objects.get(title="Not yet public")
    assert f'id="speaker-{unpublished.interviewee.slug}"' not in page


def test_each_speaker_shows_their_interviews_and_checked_claims(client, interviews):
    guest = Speaker.objects.get(slug="guest")
    page = client.get(SPEAKERS).content.decode()
    card = page[page.index('id="speaker-guest"') :].split("</li>\n    ", 3)
    card_text = "".join(card[:3])
    assert guest.job_title in card_text
    assert f"<strong>{len(interviews)}</strong> interviews" in card_text
    # Three checked claims an interview, all in the guest's quote.
    assert f"<strong>{3 * len(interviews)}</strong> claims checked" in card_text


def test_a_page_at_a_time_in_the_same_queries(
    client, interviews, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(views, "SPEAKERS_PER_PAGE", 10)
    # The page of speakers, each counting their interviews and claims: one, whoever is on it.
    with django_assert_num_queries(1):
        first = client.get(SPEAKERS)
    with django_assert_num_queries(1):
        second = client.get(SPEAKERS + first.context["next"])
    assert len(first.context["page"].items) == len(second.context["page"].items) == 10
    assert not set(names_on(first.content)) & set(names_on(second.content))
    fragment = client.get(SPEAKERS + first.context["next"], headers={"HX-Request": "true"})
    assert b"<h1>" not in fragment.content
    assert names_on(fragment.content) == names_on(second.content)


def test_a_bad_place_in_the_list_is_a_400_with_a_way_back(client, interviews):
    response = client.get(SPEAKERS + "?after=not-a-cursor")
    assert response.status_code == 400
    assert "See the list from the start" in response.content.decode()


def test_the_list_is_linked_from_the_interviews_and_each_speakers_page(client, interviews):
    assert f'href="{SPEAKERS}"' in client.get(reverse("reader:interview_list")).content.decode()
    guest = reverse("reader:speaker_detail", args=["guest"])
    assert f'href="{SPEAKERS}"' in client.get(guest).content.decode()
    assert f"{SPEAKERS}</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_no_one_speaks_before_an_interview_is_published(client):
    response = client.get(SPEAKERS)
    assert response.status_code == 200
    assert "no one speaks here yet" in response.content.decode()
