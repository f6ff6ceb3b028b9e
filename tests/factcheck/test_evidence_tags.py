"""How evidence is drawn: verdict tones from any scale, and JSON-LD that stays inside its
script element."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.test.signals import template_rendered

from factcheck.models import RatingLevel, RatingScale
from factcheck.templatetags.evidence import host

BADGE = Template(
    "{% load evidence %}{% for level in levels %}{% verdict_badge level %}{% endfor %}"
)


def render_badges(levels, request=None) -> str:
    return BADGE.render(Context({"levels": levels, "request": request}))


def make_levels(values: list[int]) -> list[RatingLevel]:
    scale = RatingScale.objects.create(name="Scale", slug=f"scale-{len(values)}")
    return [
        RatingLevel.objects.create(
            scale=scale, slug=f"level-{v}", label=f"Level {v}", value=v, definition="."
        )
        for v in values
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "tones"),
    [
        ([5, 3, 1], [5, 3, 1]),
        ([2, 1, 0, -1, -2], [5, 4, 3, 2, 1]),
        ([100, 0], [5, 1]),
        ([7], [3]),
    ],
)
def test_a_levels_tone_is_its_place_between_its_scales_worst_and_best(values, tones):
    html = render_badges(make_levels(values))
    assert [int(t) for t in re.findall(r"verdict--tone-(\d)", html)] == tones


@pytest.mark.django_db
def test_tones_are_read_once_per_request(django_assert_num_queries):
    levels = make_levels([5, 3, 1])
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        render_badges(levels, request)
        render_badges(levels, request)


@pytest.mark.django_db
def test_a_request_draws_each_badge_once_and_repeats_it():
    levels = make_levels([5, 3, 1])
    alone = render_badges(levels)
    request = RequestFactory().get("/")
    drawn = []

    def on_render(sender, template, context, **kwargs):
        if template.name == "factcheck/_verdict_badge.html":
            drawn.append(context["tone"])

    template_rendered.connect(on_render)
    try:
        assert render_badges(levels * 3, request) == alone * 3
        counted = Template(
            "{% load evidence %}{% verdict_badge level 2 %}{% verdict_badge level 2 tally=True %}"
            "{% verdict_badge level note='superseded' %}{% verdict_badge None %}"
        ).render(Context({"level": levels[0], "request": request}))
    finally:
        template_rendered.disconnect(on_render)
    assert sorted(drawn) == [0, 1, 3, 5, 5, 5]  # a count, a note, no level: other badges
    assert counted.count("×2") == 2 and "superseded" in counted and "Verdict withdrawn" in counted
    levels[0].label = "Renamed"  # a level changed while the request lasts is drawn anew
    assert "Renamed" in render_badges(levels[:1], request)


def test_a_withdrawn_verdict_has_its_own_badge_and_label():
    html = render_badges([None])
    assert "verdict--tone-0" in html and "Verdict withdrawn" in html


def test_an_editors_bracketed_insertion_is_set_apart_from_the_speakers_words():
    words = "Not just [the Dodgers’ Shohei] Ohtani, but <all> the players [...]."
    html = Template("{% load evidence %}{{ words|editorial_brackets }}").render(
        Context({"words": words})
    )
    assert html == (
        'Not just <span class="editorial" title="Added by the editor">[the Dodgers’ Shohei]'
        "</span> Ohtani, but &lt;all&gt; the players "
        '<span class="editorial" title="Added by the editor">[...]</span>.'
    )


def test_a_bracket_cannot_smuggle_markup_into_the_quote():
    html = Template("{% load evidence %}{{ words|editorial_brackets }}").render(
        Context({"words": "[<script>x</script>] and [a"})
    )
    assert "<script>" not in html
    assert "[&lt;script&gt;x&lt;/script&gt;]</span> and [a" in html


def test_a_links_site_is_its_host_without_www():
    assert host("https://www.gmanetwork.com/news/topstories/nation/573414/") == "gmanetwork.com"
    assert host("http://en.people.cn/n3/2021/0917/c90000-9897439.html") == "en.people.cn"
    assert host("https://WWW.State.gov/x") == "state.gov"
