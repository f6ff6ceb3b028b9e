"""Finding sources, citing them from the picker, and adding new ones."""

import re

import pytest
from django.urls import reverse

from factcheck.models import Source
from kit import fulltext
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_source_search_matches_every_word_across_title_publisher_and_url(
    client, editor, django_assert_max_num_queries
):
    wanted = make_source(title="Award on the South China Sea", publisher="PCA")
    make_source(title="South China Sea overview", publisher="Reuters")
    by_url = make_source(title="Ruling", publisher="PCA", url="https://pca-cpa.org/china-award")
    for n in range(30):
        make_source(title=f"Unrelated {n}")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("desk:sources"), {"q": "pca china"})
    assert {source.pk for source in response.context["results"]} == {wanted.pk, by_url.pk}
    assert "2 sources match “pca china”." in response.content.decode()


def test_the_picker_marks_sources_already_cited(client, editor):
    cited, other = make_source(title="Award one"), make_source(title="Award two")
    response = client.get(
        reverse("desk:sources"),
        {"q": "award", "picker": "1", "evidence-0-source": str(cited.pk)},
        headers=HTMX,
    )
    html = response.content.decode()
    assert "Already cited" in html
    assert f'name="source" value="{other.pk}"' in html
    assert f'name="source" value="{cited.pk}"' not in html
    assert 'id="desk-source-count" hx-swap-oob="innerHTML"' in html


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("x" * 201, "at most 200 characters"),
        ("the", "Words as common as “the” are left out of a search"),
        ("--", "punctuation or symbols alone find nothing"),
    ],
    ids=["too long", "too common", "no words"],
)
def test_a_search_that_cannot_be_read_is_answered_422_saying_why_where_the_count_goes(
    client, editor, query, said
):
    make_source(title="The Long Game")
    page = client.get(reverse("desk:sources"), {"q": query})
    assert page.status_code == 422
    assert said in page.text and "The Long Game" not in page.text
    assert 'name="q" value="' in page.text  # the search box, to try again
    # In the verdict form's picker, as typed: the count's place says why, and htmx puts the
    # answer in place (422) rather than leaving the form for an error page.
    picked = client.get(reverse("desk:sources"), {"q": query, "picker": "1"}, headers=HTMX)
    assert picked.status_code == 422
    oob = r'<div id="desk-source-count" hx-swap-oob="innerHTML">(.*?)</div>'
    [count] = re.findall(oob, picked.text, re.S)
    assert said in count
    assert "<html" not in picked.text


def test_a_new_source_whose_title_is_too_common_to_search_by_lands_on_the_newest(client, editor):
    added = client.post(
        reverse("desk:source_create"), {**SOURCE, "source-url": "", "source-title": "The Who"}
    )
    assert (added.status_code, added["Location"]) == (303, reverse("desk:sources"))
    landed = client.get(added["Location"])
    assert landed.context["results"][0].title == "The Who"


def test_picking_a_source_adds_a_numbered_evidence_row_and_counts_it(client, editor):
    source = make_source(title="The award")
    response = client.get(
        reverse("desk:evidence_row"),
        {"source": source.pk, "evidence-TOTAL_FORMS": "4"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert f'name="evidence-4-source" value="{source.pk}"' in html
    assert 'name="evidence-4-stance"' in html
    assert 'value="5" id="id_evidence-TOTAL_FORMS" hx-swap-oob="true"' in html
    # It can be taken back before saving, as the rows the form came with can.
    assert (
        '<input type="checkbox" name="evidence-4-DELETE" id="id_evidence-4-DELETE"> '
        "Remove this source" in html
    )


def test_picking_a_source_already_cited_says_so_instead(client, editor):
    source = make_source(title="The award")
    response = client.get(
        reverse("desk:evidence_row"),
        {"source": source.pk, "evidence-TOTAL_FORMS": "1", "evidence-0-source": source.pk},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#desk-source-count"
    assert "“The award” is already cited." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"source": "x", "evidence-TOTAL_FORMS": "0"}, {"source": "1", "evidence-TOTAL_FORMS": "-1"}],
)
def test_a_bad_evidence_row_request_is_answered_400(client, editor, query):
    response = client.get(reverse("desk:evidence_row"), query, headers=HTMX)
    assert response.status_code == 400


def test_the_evidence_row_address_is_for_htmx_only(client, editor):
    response = client.get(reverse("desk:evidence_row"), {"source": "1"})
    assert response.status_code == 400


SOURCE = {
    "source-title": "Japan remains top investor in US",
    "source-publisher": "Nikkei Asia",
    "source-kind": "news-article",
    "source-date": "July 2024",
    "source-url": "nikkei.example/japan-fdi",
}


def test_a_source_added_from_the_verdict_form_is_cited_at_once(client, editor):
    response = client.post(
        reverse("desk:source_create"),
        {**SOURCE, "evidence-TOTAL_FORMS": "2"},
        headers=HTMX,
    )
    source = Source.objects.get()
    html = response.content.decode()
    assert (source.slug, source.url, source.date) == (
        "japan-remains-top-investor-in-us",
        "https://nikkei.example/japan-fdi",
        "2024-07",
    )
    assert 'hx-swap-oob="beforeend:#desk-evidence-rows"' in html
    assert f'name="evidence-2-source" value="{source.pk}"' in html
    assert 'value="3" id="id_evidence-TOTAL_FORMS"' in html
    assert 'name="evidence-2-DELETE" id="id_evidence-2-DELETE"' in html


def test_a_new_source_with_a_known_url_or_a_bad_date_is_refused_beside_the_fields(client, editor):
    make_source(url="https://nikkei.example/japan-fdi", title="Already here")
    response = client.post(
        reverse("desk:source_create"),
        {**SOURCE, "source-date": "Sept. 45, 2015"},
    )
    form = response.context["form"]
    assert response.status_code == 422
    assert "already a source: “Already here”" in str(form.errors["url"])
    assert "Sept. 45, 2015" in str(form.errors["date"])
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("date", "June 2099", "“June 2099” is after today: a source cited is out already."),
        ("url", "ftp://files.example/report.pdf", "the address of a web page (http or https)"),
        ("archived_url", "javascript:alert(1)", "the address of a web page (http or https)"),
    ],
)
def test_a_source_from_the_future_or_off_the_web_is_refused_beside_its_field(
    client, editor, field, value, said
):
    response = client.post(reverse("desk:source_create"), {**SOURCE, f"source-{field}": value})
    assert response.status_code == 422
    assert said in str(response.context["form"].errors[field])
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("title", "Japan\u200bremains top investor", "an invisible character (U+200B"),
        ("title", "Report\u202efdp.exe", "a direction control character (U+202E"),
        ("title", "Two\nlines", "a control character (U+000A"),
        ("publisher", "Nikkei\x07 Asia", "a control character (U+0007"),
        ("author", "\ufeffKana Inagaki", "an invisible character (U+FEFF, at character 1)"),
    ],
)
@pytest.mark.parametrize("inline", [False, True], ids=["page", "verdict form"])
def test_a_new_source_holding_what_is_not_text_is_refused_as_in_the_admin(
    client, editor, field, value, said, inline
):
    sent = {**SOURCE, f"source-{field}": value}
    if inline:
        sent["evidence-TOTAL_FORMS"] = "1"
    response = client.post(reverse("desk:source_create"), sent, headers=HTMX if inline else {})
    assert response.status_code == 422
    assert said in response.text
    assert not Source.objects.exists()


def test_a_known_url_in_other_capitals_is_the_same_source(client, editor):
    make_source(url="https://nikkei.example/Japan-FDI", title="Already here")
    response = client.post(
        reverse("desk:source_create"), {**SOURCE, "source-url": "HTTPS://NIKKEI.example/Japan-FDI"}
    )
    assert response.status_code == 422
    assert "already a source: “Already here”" in str(response.context["form"].errors["url"])
    other_path = {**SOURCE, "source-url": "https://Nikkei.EXAMPLE/japan-fdi"}
    assert client.post(reverse("desk:source_create"), other_path).status_code == 303
    assert (
        Source.objects.get(title=SOURCE["source-title"]).url == "https://nikkei.example/japan-fdi"
    )


def test_a_new_source_as_a_plain_page_goes_back_to_a_safe_next_only(client, editor):
    claim_url = reverse("desk:claim", args=[make_claim().slug])
    back = client.post(reverse("desk:source_create"), {**SOURCE, "next": claim_url})
    assert (back.status_code, back["Location"]) == (303, claim_url)
    elsewhere = client.post(
        reverse("desk:source_create"),
        {**SOURCE, "source-url": "", "next": "https://evil.example/"},
    )
    assert elsewhere["Location"].startswith(reverse("desk:sources"))


def test_a_new_source_with_a_long_title_lands_on_a_search_that_finds_it(client, editor):
    title = "Report of the committee on the port strike " + "and its consequences " * 12
    assert len(title) > 200
    added = client.post(
        reverse("desk:source_create"), {**SOURCE, "source-url": "", "source-title": title}
    )
    assert added.status_code == 303
    found = client.get(added["Location"])
    assert found.status_code == 200
    assert [source.title for source in found.context["results"]] == [title.strip()]


def test_a_new_source_with_more_words_than_a_search_reads_lands_on_one_that_finds_it(
    client, editor
):
    title = (
        "United for the States: Award in the matter of the South China Sea arbitration "
        "between the Republic of the Philippines and the People's Republic of China under "
        "Annex VII"
    )
    # More words than a search reads; and "United States" not the name, its words apart.
    assert len(title) <= 200 and fulltext.too_many_words(title)
    added = client.post(
        reverse("desk:source_create"), {**SOURCE, "source-url": "", "source-title": title}
    )
    found = client.get(added["Location"])
    assert found.status_code == 200
    assert [source.title for source in found.context["results"]] == [title]


def test_before_any_search_the_sources_added_last_are_listed(client, editor):
    for n in range(25):
        make_source(title=f"Report {n}")
    page = client.get(reverse("desk:sources"))
    titles = [source.title for source in page.context["results"]]
    assert titles == [f"Report {n}" for n in range(24, 4, -1)]
    assert "The 20 sources added last; search to find any other." in page.content.decode()
