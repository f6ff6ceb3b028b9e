"""How every output writes a moment: one form, whatever the moment's zone or fraction."""

import datetime
import json
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from kit.responses import dumps, moment


def test_a_moment_is_written_in_utc_to_the_millisecond_even_a_whole_second():
    tokyo = datetime.datetime(2024, 6, 4, 18, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert moment(tokyo) == "2024-06-04T09:30:00.000Z"
    assert moment(tokyo.replace(microsecond=123_999)) == "2024-06-04T09:30:00.123Z"


@given(
    st.datetimes(
        min_value=datetime.datetime(1900, 1, 1),
        max_value=datetime.datetime(9000, 1, 1),
        timezones=st.timezones(),
    )
)
def test_json_writes_every_moment_as_moment_does_and_reads_back_to_the_millisecond(when):
    written = json.loads(dumps({"at": when}))["at"]
    assert written == moment(when) and written.endswith("Z") and len(written) == 24
    back = datetime.datetime.fromisoformat(written)
    assert abs(back - when) < datetime.timedelta(milliseconds=1)
