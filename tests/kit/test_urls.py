import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from kit.urls import KeyAddresses, reverse_key, reverse_list


@pytest.mark.parametrize(
    ("name", "key", "arg"),
    [
        ("reader:event_detail", "xi-2012", "slug"),
        ("reader:event_detail", "0stand-in0", "slug"),  # the stand-in is an ordinary slug
        ("reader:claim_detail", "A_claim-2", "slug"),
        ("api:verdict_detail", 7, "pk"),
        ("api:verdict_detail", 9081726354, None),  # an int is a pk by default
    ],
)
def test_an_address_is_the_one_reverse_writes(name, key, arg):
    expected = reverse(name, kwargs={arg or "pk": key})
    assert reverse_key(name, key, arg) == expected
    assert reverse_key(name, key, arg) == expected  # again, from the kept pieces
    assert KeyAddresses()(name, key, arg) == expected
    assert KeyAddresses("https://example.org")(name, key, arg) == f"https://example.org{expected}"
    if arg == "slug":  # one slug after another
        each = KeyAddresses("https://example.org").keyed(name)
        assert [each(key), each("other")] == [
            f"https://example.org{expected}",
            "https://example.org" + reverse(name, kwargs={"slug": "other"}),
        ]


def test_an_address_without_a_key_is_the_one_reverse_writes():
    assert KeyAddresses().of("api:claim_list") == reverse("api:claim_list")
    assert reverse_list("api:claim_list") == reverse("api:claim_list")
    assert KeyAddresses("https://example.org").of("reader:event_list") == "https://example.org/"


def test_a_key_reverse_would_not_write_as_it_is_is_reversed_as_usual():
    with pytest.raises(NoReverseMatch):
        reverse("reader:event_detail", kwargs={"slug": "ünïcode"})
    with pytest.raises(NoReverseMatch):
        reverse_key("reader:event_detail", "ünïcode")
    with pytest.raises(NoReverseMatch):
        reverse_key("api:verdict_detail", "seven", "pk")


def test_the_script_prefix_the_site_is_served_under_is_kept():
    reverse_key("reader:event_detail", "xi-2012")
    set_script_prefix("/newsroom/")
    try:
        assert reverse_key("reader:event_detail", "xi-2012") == "/newsroom/events/xi-2012/"
        assert reverse_list("api:event_list") == "/newsroom/api/events/"
    finally:
        set_script_prefix("/")
    assert reverse_key("reader:event_detail", "xi-2012") == "/events/xi-2012/"
    assert reverse_list("api:event_list") == "/api/events/"


def test_addresses_for_one_response_keep_the_prefix_they_were_made_under():
    set_script_prefix("/newsroom/")
    try:
        address = KeyAddresses("https://example.org")
    finally:
        set_script_prefix("/")
    expected = "https://example.org/newsroom/events/xi-2012/"
    assert address("reader:event_detail", "xi-2012") == expected
    assert address.of("api:event_list") == "https://example.org/newsroom/api/events/"
    assert address.keyed("reader:event_detail")("xi-2012") == expected
    with pytest.raises(NoReverseMatch):
        address("reader:event_detail", "ünïcode")
    with pytest.raises(NoReverseMatch):  # as reverse() would, one slug after another too
        address.keyed("reader:event_detail")("ünïcode")
