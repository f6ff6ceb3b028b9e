"""Whole numbers from a query string or a form: ASCII digits in a range, or nothing; and a
query string written again with some parameters changed."""

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from kit.params import MAX_ID, bounded_int, query_string


def test_ascii_digits_in_range_are_read():
    assert bounded_int("42") == 42
    assert bounded_int("0", low=0, high=9) == 0
    assert bounded_int(str(MAX_ID)) == MAX_ID


def test_anything_else_is_no_number():
    for text in [None, "", "²", "٣", "1²", " 7", "7 ", "+7", "-7", "1.0", "1_000", "0x10", "7\x00"]:
        assert bounded_int(text) is None, text
    assert bounded_int("0") is None  # below the default low of 1
    assert bounded_int("201", high=200) is None
    assert bounded_int("9" * 23) is None
    assert bounded_int(str(MAX_ID + 1)) is None


@given(st.text(max_size=30))
def test_any_text_is_a_number_in_range_or_none_and_never_an_error(text):
    value = bounded_int(text, low=0, high=10**6)
    if value is not None:
        assert 0 <= value <= 10**6
        assert text == str(int(text)) or text.lstrip("0") == str(value).lstrip("0")
        assert text.isascii()


@given(st.integers(min_value=0, max_value=MAX_ID))
def test_every_id_reads_back(number):
    assert bounded_int(str(number), low=0) == number


def test_a_query_string_is_written_again_with_some_parameters_changed():
    params = QueryDict("topic=sea&topic=cyber&after=x&year=2016")
    assert query_string(params, after=None, year="2012") == "?topic=sea&topic=cyber&year=2012"
    assert query_string(QueryDict("after=x"), after=None) == "?"  # nothing left
    assert params["after"] == "x"  # the request's own parameters are left as they were
