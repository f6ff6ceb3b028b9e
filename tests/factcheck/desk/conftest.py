"""What the desk's tests share: an editor logged in."""

import pytest

from tests.factories import make_editor


@pytest.fixture
def editor(client):
    user = make_editor(username="alice")
    client.force_login(user)
    return user
