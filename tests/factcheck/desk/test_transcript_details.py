"""Correcting an interview's details on the desk, before it is published."""

import html

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.desk.views import claims as claim_views
from factcheck.models import Action, Appearance, Transcript
from tests.factories import make_approver, make_editor, make_transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Transcript:
    """An interview imported by an editor, not yet published."""
    editor = make_editor(username="importer")
    return make_transcript(title="Rules of Engagment: Rahm Emanuel", by=editor)


def url(transcript: Transcript) -> str:
    return reverse("desk:transcript_details", args=[transcript.slug])


def opened(client, transcript: Transcript) -> dict:
    """The form as the page gives it, with its hidden version."""
    response = client.get(url(transcript))
    assert response.status_code == 200
    return as_posted(response.context["form"])


def as_posted(form) -> dict:
    """A form's values as a browser would send them back."""
    return {name: form[name].value() or "" for name in form.fields}


def test_an_editor_corrects_an_unpublished_interviews_details(client, editor, draft):
    page = client.get(reverse("desk:transcript", args=[draft.slug])).content.decode()
    assert url(draft) in page  # the interview's desk page leads here
    typed = opened(client, draft) | {
        "title": "Rules of Engagement: Rahm Emanuel",
        "interviewee_title": "U.S. ambassador to Japan",
        "published": "5 June 2024",
        "publisher": "The Wire China",
        "url": "https://example.org/emanuel",
    }
    response = client.post(url(draft), typed)
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:transcript", args=[draft.slug])
    saved = Transcript.objects.get(pk=draft.pk)
    assert saved.slug == draft.slug  # its address on the site stays
    assert (saved.title, saved.publisher, saved.url) == (
        "Rules of Engagement: Rahm Emanuel",
        "The Wire China",
        "https://example.org/emanuel",
    )
    assert (saved.published, saved.published_label) == ("2024-06-05", "5 June 2024")
    assert saved.appearances.get(role=Appearance.Role.INTERVIEWEE).job_title == (
        "U.S. ambassador to Japan"
    )
    action = Action.objects.get(verb=Action.Verb.DETAILS_EDITED)
    assert (action.actor, action.transcript_id) == (editor, draft.pk)
    assert action.note == "title, interviewee’s job title, publication date, publisher, URL"
    page = client.get(reverse("desk:transcript", args=[draft.slug])).content.decode()
    assert f"corrected the interview’s {action.note}" in page


def test_nothing_is_saved_from_a_form_that_cannot_be_read(client, editor, draft):
    other = make_transcript(url="https://example.org/taken")
    before = Transcript.objects.values().get(pk=draft.pk)
    for change, field, said in [
        ({"title": ""}, "title", "Give the interview's title."),
        ({"published": "the thirty-second of May"}, "published", ""),
        ({"published": "3 June 2023"}, "published", "is before the interview"),
        ({"url": "ftp://example.org/plain"}, "url", "Give the address of a web page"),
        ({"url": other.url}, "url", f"Another interview is at this URL: “{other.title}”"),
    ]:
        response = client.post(url(draft), opened(client, draft) | change)
        assert response.status_code == 422, change
        errors = response.context["form"].errors
        assert field in errors and said in " ".join(errors[field]), (change, errors)
        assert "Nothing was saved: correct what is marked." in response.content.decode()
        assert response.context["form"]["title"].value() == change.get("title", draft.title)
    assert Transcript.objects.values().get(pk=draft.pk) == before
    assert not Action.objects.filter(verb=Action.Verb.DETAILS_EDITED).exists()


def test_an_edit_made_meanwhile_is_not_overwritten(client, editor, draft):
    mine = opened(client, draft) | {"title": "My title"}
    theirs = opened(client, draft) | {"publisher": "Their publisher"}
    assert client.post(url(draft), theirs).status_code == 303
    response = client.post(url(draft), mine)
    assert response.status_code == 409
    said = "Someone changed this interview's details after you opened them: nothing was saved."
    assert said in html.unescape(response.text)
    assert response.context["form"]["title"].value() == "My title"  # what was typed stays
    saved = Transcript.objects.get(pk=draft.pk)
    assert (saved.title, saved.publisher) == (draft.title, "Their publisher")
    # What only they changed is taken into the form, what only this editor changed stays,
    # and the form is at the version saved now: saving again keeps both.
    page = html.unescape(response.text)
    assert "Their changes to Publisher are in the form below: you had not changed it." in page
    assert "Changed by both of you" not in page
    again = as_posted(response.context["form"])
    assert (again["title"], again["publisher"]) == ("My title", "Their publisher")
    assert again["version"] == services.details_version(saved)
    assert client.post(url(draft), again).status_code == 303
    saved.refresh_from_db()
    assert (saved.title, saved.publisher) == ("My title", "Their publisher")


def test_a_detail_both_editors_changed_is_put_to_the_second_beside_theirs(client, editor, draft):
    mine = opened(client, draft) | {"title": "My title"}
    theirs = opened(client, draft) | {"title": "Their title"}
    assert client.post(url(draft), theirs).status_code == 303
    response = client.post(url(draft), mine)
    assert response.status_code == 409
    page = html.unescape(response.text)
    assert "Changed by both of you, yours kept in the form below; theirs:" in page
    assert "<li>Title: “Their title”</li>" in page
    again = as_posted(response.context["form"])
    assert again["title"] == "My title"
    assert client.post(url(draft), again).status_code == 303  # chosen, having seen theirs
    assert Transcript.objects.get(pk=draft.pk).title == "My title"


@pytest.mark.parametrize("base", ["", "{not json", '{"title": 1}', "[]"])
def test_a_form_without_its_opened_details_puts_every_difference_to_the_editor(
    client, editor, draft, base
):
    mine = opened(client, draft) | {"title": "My title", "base": base}
    theirs = opened(client, draft) | {"publisher": "Their publisher"}
    assert client.post(url(draft), theirs).status_code == 303
    response = client.post(url(draft), mine)
    assert response.status_code == 409
    page = html.unescape(response.text)
    assert "<li>Title: “Rules of Engagment: Rahm Emanuel”</li>" in page
    assert "<li>Publisher: “Their publisher”</li>" in page
    assert response.context["form"]["publisher"].value() == ""  # nothing taken unseen


def test_a_published_interviews_details_are_the_admins(client, editor, draft):
    services.transcript_publish(transcript=draft, by=make_approver())
    response = client.get(url(draft))
    assert response.status_code == 409 and services.PUBLISHED_DETAILS in response.text
    version = services.details_version(Transcript.objects.get(pk=draft.pk))
    posted = client.post(url(draft), {"title": "Changed", "version": version})
    assert posted.status_code == 409
    assert Transcript.objects.get(pk=draft.pk).title == draft.title
    page = client.get(reverse("desk:transcript", args=[draft.slug])).content.decode()
    assert url(draft) not in page


def test_only_an_editor_who_may_import_corrects_details(client, draft, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(url(draft)).status_code == 403
    assert client.post(url(draft), {"title": "Changed"}).status_code == 403
    assert Transcript.objects.get(pk=draft.pk).title == draft.title


def test_saving_what_was_there_records_nothing(client, editor, draft):
    draft.published = "2024-34"  # a quarter, as the admin may give it
    draft.save()
    assert draft.published_label == "April–June 2024"  # read back, a span of months
    theirs = opened(client, draft) | {"publisher": "Their publisher"}
    assert opened(client, draft)["published"] == "2024-34"
    assert client.post(url(draft), opened(client, draft)).status_code == 303
    assert not Action.objects.filter(verb=Action.Verb.DETAILS_EDITED).exists()
    assert client.post(url(draft), theirs).status_code == 303  # nothing made theirs stale


def test_a_corrected_job_title_is_the_new_speakers_and_a_known_speakers_stays(
    client, editor, draft
):
    interviewee = draft.interviewee
    interviewee.job_title = "Ambasador"  # as the import gave a new speaker the title typed
    interviewee.save()
    draft.appearances.filter(speaker=interviewee).update(job_title="Ambasador")
    typed = opened(client, draft) | {"interviewee_title": "Ambassador"}
    assert client.post(url(draft), typed).status_code == 303
    interviewee.refresh_from_db()
    assert interviewee.job_title == "Ambassador"  # named nowhere else: the typo goes
    # A speaker other interviews name keeps the title they are known by.
    known = make_transcript(interviewee=interviewee, by=make_editor(username="another"))
    typed = opened(client, known) | {"interviewee_title": "Envoy then"}
    assert client.post(url(known), typed).status_code == 303
    interviewee.refresh_from_db()
    assert interviewee.job_title == "Ambassador"
    assert known.appearances.get(speaker=interviewee).job_title == "Envoy then"
    # An appearance an admin removed is made again with the title.
    draft.appearances.filter(speaker=interviewee).delete()
    typed = opened(client, draft) | {"interviewee_title": "Ambassador to Japan"}
    assert client.post(url(draft), typed).status_code == 303
    assert draft.appearances.get(speaker=interviewee).job_title == "Ambassador to Japan"


def test_who_corrected_the_details_last_does_not_publish_them_nor_does_an_approver_unseen(
    client, draft
):
    approver, other = make_approver(username="first"), make_approver(username="second")
    client.force_login(approver)
    typed = opened(client, draft) | {"title": "A better title"}
    assert client.post(url(draft), typed).status_code == 303
    page = client.get(reverse("desk:transcript", args=[draft.slug])).content.decode()
    assert "You corrected its details last, so another approver publishes it" in page
    publish = reverse("desk:transcript_publish", args=[draft.slug])
    assert client.post(publish).status_code == 403
    # The other approver publishes what they saw: not details corrected after they looked.
    client.force_login(other)
    page = client.get(reverse("desk:transcript", args=[draft.slug]))
    seen = services.details_version(Transcript.objects.get(pk=draft.pk))
    assert f'name="version" value="{seen}"' in page.content.decode()
    client.force_login(approver)
    typed = opened(client, draft) | {"title": "Best title"}
    assert client.post(url(draft), typed).status_code == 303
    client.force_login(other)
    refused = client.post(publish, {"version": seen})
    assert refused.status_code == 409 and not Transcript.objects.get(pk=draft.pk).is_published
    fresh = services.details_version(Transcript.objects.get(pk=draft.pk))
    assert client.post(publish, {"version": fresh}).status_code == 303
    assert Transcript.objects.get(pk=draft.pk).is_published


def test_a_title_without_letters_or_a_form_without_its_version_is_refused(client, editor, draft):
    response = client.post(url(draft), opened(client, draft) | {"title": "!!!"})
    assert response.status_code == 422
    assert response.context["form"].errors["title"] == ["Give a name with letters or digits in it."]
    unversioned = opened(client, draft)
    del unversioned["version"]
    response = client.post(url(draft), unversioned)
    assert response.status_code == 422
    assert "The form came without the version of the details" in html.unescape(response.text)
    assert Transcript.objects.get(pk=draft.pk).title == draft.title


def test_the_interview_lists_its_last_actions_however_often_corrected(
    client, editor, draft, monkeypatch
):
    monkeypatch.setattr(claim_views, "ACTIONS_SHOWN", 3)
    for number in range(5):
        typed = opened(client, draft) | {"publisher": f"Publisher {number}"}
        assert client.post(url(draft), typed).status_code == 303
    page = client.get(reverse("desk:transcript", args=[draft.slug])).context
    assert [action.verb for action in page["actions"]] == [Action.Verb.DETAILS_EDITED] * 3


def test_who_corrected_the_details_long_ago_still_does_not_publish_them(client, draft, monkeypatch):
    monkeypatch.setattr(claim_views, "ACTIONS_SHOWN", 1)
    approver = make_approver(username="first")
    client.force_login(approver)
    assert client.post(url(draft), opened(client, draft) | {"title": "Better"}).status_code == 303
    later = make_editor(username="later")
    Action.objects.create(actor=later, verb="discarded", note="a claim", transcript=draft)
    page = client.get(reverse("desk:transcript", args=[draft.slug])).content.decode()
    assert "Publish the interview</button>" not in page  # past the actions shown, still known
    assert "You corrected its details last" in page


def test_an_interviewee_whose_role_an_admin_changed_is_retitled_in_place(client, editor, draft):
    draft.appearances.filter(speaker=draft.interviewee).update(role=Appearance.Role.SPEAKER)
    typed = opened(client, draft) | {"interviewee_title": "Envoy"}
    assert client.post(url(draft), typed).status_code == 303
    (appearance,) = draft.appearances.filter(speaker=draft.interviewee)
    assert appearance.job_title == "Envoy"
