"""The reader's own template tags."""

import json

from hypothesis import given
from hypothesis import strategies as st

from reader.templatetags.reader import json_ld


@given(st.dictionaries(st.text(), st.text(), max_size=4))
def test_json_ld_never_lets_markup_out_and_reads_back_the_same(data):
    html = str(json_ld(data))
    start, end = '<script type="application/ld+json">', "</script>"
    assert html.startswith(start) and html.endswith(end)
    inner = html[len(start) : -len(end)]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == data
