"""Readers' reports on the desk: read oldest first, marked dealt with once, by an editor."""

import datetime

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from factcheck import roles, services
from factcheck.models import ErrorReport
from tests.factories import make_editor
from tests.published import published_claim

pytestmark = pytest.mark.django_db

REPORTS = reverse("desk:reports")


def reports(count: int, *, closed: bool = False, page: str = "/claims/x/") -> list[ErrorReport]:
    start = timezone.now() - datetime.timedelta(days=count)
    return [
        ErrorReport.objects.create(
            page=page,
            message=f"Report {number}",
            created_at=start + datetime.timedelta(days=number),
            closed_at=timezone.now() if closed else None,
        )
        for number in range(count)
    ]


def test_editors_and_approvers_may_read_and_close_reports():
    for group in (roles.EDITORS, roles.APPROVERS):
        assert roles.READ_REPORTS in {f"factcheck.{codename}" for codename in _codenames(group)}
        assert roles.CLOSE_REPORT in {f"factcheck.{codename}" for codename in _codenames(group)}


def _codenames(group: str) -> list[str]:
    from django.contrib.auth.models import Group

    return list(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_open_reports_oldest_first_a_page_at_a_time(client, editor, django_assert_num_queries):
    made = reports(30)
    # The session, the user and their two sets of permissions, the page of reports, the
    # titles of the pages they name (one kind here), the count of open ones: the same for
    # thirty reports as for three thousand.
    with django_assert_num_queries(7):
        response = client.get(REPORTS)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Report 0<") < page.index("Report 1<") < page.index("Report 24<")
    assert "Report 25<" not in page
    assert '>Open <span class="desk-count">30</span>' in page
    after = client.get(REPORTS + response.context["next"]).content.decode()
    assert "Report 25<" in after and "Report 29<" in after
    assert made[0].message not in after


def test_an_editor_marks_a_report_dealt_with_once(client, editor):
    report = reports(1)[0]
    response = client.post(reverse("desk:report_close", args=[report.pk]))
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.closed_by == editor and not report.is_open
    assert "No report is waiting" in client.get(REPORTS).content.decode()
    closed = client.get(REPORTS + "?closed=1").content.decode()
    assert "Report 0" in closed and "Dealt with by alice" in closed
    again = client.post(reverse("desk:report_close", args=[report.pk]))
    assert again.status_code == 409
    assert "dealt with already" in again.content.decode()


def test_closing_takes_a_post_and_the_permission(client):
    report = reports(1)[0]
    assert client.post(reverse("desk:report_close", args=[report.pk])).status_code == 403
    reader = make_editor(username="bob")
    reader.groups.clear()
    client.force_login(reader)
    assert client.get(REPORTS).status_code == 403
    assert client.post(reverse("desk:report_close", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.is_open


def test_a_report_cannot_be_closed_without_the_permission_by_the_service_either():
    report = reports(1)[0]
    nobody = make_editor(username="carol")
    nobody.groups.clear()
    with pytest.raises(services.PermissionDenied):
        services.error_report_close(report=report, by=nobody)


def test_a_bad_cursor_is_a_400(client, editor):
    assert client.get(REPORTS + "?after=nonsense").status_code == 400


def test_the_desk_names_the_reports_in_its_menu(client, editor):
    reports(2)
    page = client.get(reverse("desk:queue")).content.decode()
    assert f'href="{REPORTS}"' in page


def test_a_report_names_its_page_by_title_and_a_claim_by_its_desk_page(client, editor):
    claim = published_claim(text="The tribunal ruled in July 2016.")
    reports(1, page=claim.get_absolute_url())
    reports(1, page="/methodology/")
    reports(1, page="/")
    page = client.get(REPORTS).content.decode()
    assert f'<a href="{claim.get_absolute_url()}">The tribunal ruled in July 2016.</a>' in page
    assert f'<a href="{reverse("desk:claim", args=[claim.slug])}">the claim on the desk</a>' in page
    # A list, or a page about the site, by what the site calls it.
    assert 'about <a href="/methodology/">how we check</a>' in page
    assert 'about <a href="/">the chronology</a>' in page


def test_a_reports_page_is_linked_under_the_prefix_the_site_is_served_under(client, editor):
    claim = published_claim(text="The tribunal ruled in July 2016.")
    reports(1, page=claim.get_absolute_url())
    reports(1, page="/methodology/")
    set_script_prefix("/newsroom/")
    try:
        page = client.get(REPORTS).content.decode()
    finally:
        set_script_prefix("/")
    assert f'<a href="/newsroom{claim.get_absolute_url()}">The tribunal' in page
    assert '<a href="/newsroom/desk/claims/' in page
    assert '<a href="/newsroom/methodology/">how we check</a>' in page


def test_a_report_closed_by_mistake_is_reopened(client, editor):
    report = reports(1, closed=True)[0]
    closed = client.get(REPORTS + "?closed=1").content.decode()
    assert reverse("desk:report_reopen", args=[report.pk]) in closed
    response = client.post(reverse("desk:report_reopen", args=[report.pk]))
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.is_open and report.closed_by is None
    assert client.post(reverse("desk:report_reopen", args=[report.pk])).status_code == 409


def test_the_desk_says_when_reports_wait(client, editor):
    queue = reverse("desk:queue")
    assert "waiting to be read" not in client.get(queue).content.decode()
    reports(3)
    reports(2, closed=True)
    page = client.get(queue).content.decode()
    assert "3 reports of an error from readers are waiting to be read" in page
    assert 'Readers’ reports <span class="desk-count">3<' in page


def test_closing_may_say_what_was_done_for_the_next_editor(client, editor):
    report = reports(1)[0]
    form = client.get(REPORTS).content.decode()
    assert f'<textarea id="outcome-{report.pk}" name="outcome"' in form
    done = "Corrected the verdict's date.\r\nReplied to the reader."
    response = client.post(reverse("desk:report_close", args=[report.pk]), {"outcome": done})
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.outcome == "Corrected the verdict's date.\nReplied to the reader."
    closed = client.get(REPORTS + "?closed=1").content.decode()
    assert "Corrected the verdict&#x27;s date.<br>Replied to the reader." in closed
    # Reopened, it is open again with nothing done; what was said of it is kept, with who
    # closed it and who reopened it, and shown under it.
    client.post(reverse("desk:report_reopen", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_open and report.outcome == ""
    first = report.history
    assert first.startswith(f"Dealt with by {editor.get_username()}, ")
    assert ": Corrected the verdict's date.\nReplied to the reader. Reopened by " in first
    shown = client.get(REPORTS).content.decode()
    assert f"Earlier: Dealt with by {editor.get_username()}, " in shown
    # Closed and reopened again, the record grows: nothing of it is lost.
    client.post(reverse("desk:report_close", args=[report.pk]), {"outcome": "Replied again."})
    client.post(reverse("desk:report_reopen", args=[report.pk]))
    report.refresh_from_db()
    assert report.history.startswith(first + "\n") and "Replied again." in report.history


@pytest.mark.parametrize("outcome", ["x" * 2001, "Fixed \x1b[31m it"])
def test_a_bad_note_of_what_was_done_is_refused_and_closes_nothing(client, editor, outcome):
    report = reports(1)[0]
    response = client.post(reverse("desk:report_close", args=[report.pk]), {"outcome": outcome})
    assert response.status_code == 400
    assert "Nothing was marked" in response.content.decode()
    report.refresh_from_db()
    assert report.is_open and report.outcome == ""
    if len(outcome) > 2000:  # refused, not cut by the box: the words are there to copy
        assert f"readonly>{outcome}</textarea>" in response.text
        assert "maxlength" not in client.get(REPORTS).text.split('name="outcome"')[1][:40]
