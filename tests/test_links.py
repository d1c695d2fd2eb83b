"""Addresses reversed once and reused are the addresses reverse() gives."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from cinterfor.links import cached_reverse, url_of_each


def test_a_rows_url_is_the_reversed_url():
    url_of = url_of_each("programme:activity", varying="pk", years="2020-21")
    for pk in (1, 42, 987654321, 10**12):
        assert url_of(pk) == reverse("programme:activity", kwargs={"years": "2020-21", "pk": pk})


def test_remembered_urls_follow_the_script_prefix():
    assert cached_reverse("dashboard", years="2020-21") == reverse("dashboard", args=["2020-21"])
    set_script_prefix("/cinterfor/")
    try:
        assert cached_reverse("dashboard", years="2020-21").startswith("/cinterfor/")
        assert cached_reverse("home") == reverse("home")
    finally:
        clear_script_prefix()
    assert cached_reverse("home") == reverse("home")
