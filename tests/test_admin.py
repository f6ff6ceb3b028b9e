"""Every model's admin opens for a superuser: changelist, add and change pages."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from factcheck import services
from factcheck.models import Action, Correction, Evidence, Source, Speaker, Verdict
from tests.factories import (
    make_claim,
    make_event,
    make_source,
    make_topic,
    make_transcript,
    make_verdict,
)
from timeline.models import Era, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(db):
    Group.objects.get_or_create(name="Reviewers")
    topic = make_topic(name="Cyber")
    event = make_event(topics=[topic])
    Era.objects.create(title="Obama administration", slug="obama", edtf="2009-01-20/2017-01-20")
    claim = make_claim()
    claim.quote.mentions.create(event=event, phrase="in 2016")
    old = make_verdict(claim, status=Verdict.Status.PUBLISHED, sources=[make_source()])
    new = make_verdict(claim, status=Verdict.Status.DRAFT, revises=old)
    Correction.objects.create(
        claim=claim, previous=old, revision=new, kind="update", note="Updated."
    )
    Action.objects.create(verb=Action.Verb.IMPORTED, claim=claim)
    return claim


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_opens(superuser_client, dataset, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_search_opens(superuser_client, dataset, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert superuser_client.get(url, {"q": "2016"}).status_code == 200


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_add_page_opens_unless_rows_come_from_elsewhere(superuser_client, dataset, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    expected = 403 if model in {Correction, Action, Evidence} else 200
    assert response.status_code == expected


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_change_page_opens(superuser_client, dataset, model):
    opts = model._meta
    obj = model.objects.first()
    response = superuser_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def test_source_list_counts_citing_verdicts_in_one_query_for_all_rows(
    superuser_client, django_assert_max_num_queries
):
    sources = [make_source(title=f"Source {n}") for n in range(30)]
    for source in sources:
        make_verdict(sources=[source])
        make_verdict(sources=[source])
    with django_assert_max_num_queries(8):
        response = superuser_client.get(reverse("admin:factcheck_source_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list[0].verdict_count == 2


def test_source_search_finds_by_publisher_and_url(superuser_client):
    make_source(
        title="Award",
        publisher="Permanent Court of Arbitration",
        url="https://pca-cpa.org/en/cases/7/",
    )
    make_source(title="Other", publisher="Reuters")
    url = reverse("admin:factcheck_source_changelist")
    assert superuser_client.get(url, {"q": "pca-cpa.org"}).context["cl"].result_count == 1
    assert superuser_client.get(url, {"q": "Reuters"}).context["cl"].result_count == 1


def test_source_date_accepts_natural_language(superuser_client):
    response = superuser_client.post(
        reverse("admin:factcheck_source_add"),
        {
            "slug": "rose-garden",
            "title": "Fact sheet",
            "publisher": "The White House",
            "kind": "press-release",
            "date": "Sept. 25, 2015",
            "url": "",
            "archived_url": "",
            "author": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(slug="rose-garden")
    assert (source.date, str(source.date_lower)) == ("2015-09-25", "2015-09-25")


def test_event_date_rejects_nonsense_with_a_message_and_saves_nothing(superuser_client):
    response = superuser_client.post(
        reverse("admin:timeline_event_add"),
        {"title": "Something", "slug": "something", "summary": "", "edtf": "banana"},
    )
    assert response.status_code == 200
    assert "banana" in str(response.context["adminform"].form.errors["edtf"])
    assert not Event.objects.filter(slug="something").exists()


def test_published_verdict_cannot_be_changed_or_deleted_in_admin(superuser_client):
    verdict = make_verdict(status=Verdict.Status.PUBLISHED)
    change = reverse("admin:factcheck_verdict_change", args=[verdict.pk])
    delete = reverse("admin:factcheck_verdict_delete", args=[verdict.pk])
    superuser_client.post(change, {"rationale": "Overwritten."})
    verdict.refresh_from_db()
    assert verdict.rationale != "Overwritten."
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403


SOURCE_FORM = {
    "slug": "fact-sheet",
    "title": "Fact sheet",
    "publisher": "The White House",
    "kind": "press-release",
    "date": "2015",
    "url": "whitehouse.example/fact-sheet",
    "archived_url": "",
    "author": "",
    "notes": "",
}


def test_a_source_added_in_the_admin_goes_through_the_source_service(superuser_client, monkeypatch):
    calls = []
    create = services.source_create
    monkeypatch.setattr(services, "source_create", lambda **kw: calls.append(kw) or create(**kw))
    response = superuser_client.post(reverse("admin:factcheck_source_add"), SOURCE_FORM)
    assert response.status_code == 302
    assert [call["slug"] for call in calls] == ["fact-sheet"]
    assert Source.objects.get().url == "https://whitehouse.example/fact-sheet"


def test_a_source_edited_in_the_admin_goes_through_the_source_service(
    superuser_client, monkeypatch
):
    source = make_source(title="Fact sheet", url="https://whitehouse.example/fact-sheet")
    calls = []
    update = services.source_update
    monkeypatch.setattr(services, "source_update", lambda **kw: calls.append(kw) or update(**kw))
    response = superuser_client.post(
        reverse("admin:factcheck_source_change", args=[source.pk]),
        {**SOURCE_FORM, "slug": source.slug, "title": "Fact sheet, corrected"},
    )
    assert response.status_code == 302
    assert [call["source"] for call in calls] == [source]
    source.refresh_from_db()
    assert source.title == "Fact sheet, corrected"


def test_a_url_already_a_source_is_refused_by_name_in_the_admin_too(superuser_client):
    make_source(title="Already here", url="https://whitehouse.example/fact-sheet")
    response = superuser_client.post(reverse("admin:factcheck_source_add"), SOURCE_FORM)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already a source: “Already here”" in str(errors["url"])


def test_a_speakers_url_typed_without_a_scheme_is_taken_as_https(superuser_client):
    response = superuser_client.post(
        reverse("admin:factcheck_speaker_add"),
        {"name": "Rahm Emanuel", "slug": "emanuel", "url": "state.example/emanuel"},
    )
    assert response.status_code == 302
    assert Speaker.objects.get(slug="emanuel").url == "https://state.example/emanuel"


def test_a_corrected_transcript_with_another_number_of_passages_is_refused_beside_the_text(
    superuser_client,
):
    transcript = make_transcript()
    form = {
        "title": transcript.title,
        "slug": transcript.slug,
        "interviewer": transcript.interviewer_id,
        "interviewee": transcript.interviewee_id,
        "publisher": "",
        "url": "",
        "interview_date": "June 2024",
        "published": "",
        "text": transcript.text + "\nA new paragraph.",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
    }
    url = reverse("admin:factcheck_transcript_change", args=[transcript.pk])
    response = superuser_client.post(url, form)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["text"])
    assert "The corrected text has 7 passages where the transcript had 6." in errors
    transcript.refresh_from_db()
    assert not transcript.text.endswith("A new paragraph.")
