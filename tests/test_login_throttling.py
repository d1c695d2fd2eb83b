"""Failed logins are limited per address and per username at an address, by the client's own
address: behind the proxy, read from X-Forwarded-For; without one, the header is ignored.
"""

import datetime
import logging

import pytest
import yaml
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
PROXY = "172.18.0.5"  # the compose network's proxy, as the web container sees it


def _try(client, username, password, address, forwarded_for=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/login/", {"username": username, "password": password}, **extra)


def _logged_in(response) -> bool:
    return response.status_code == 302


def test_thirty_usernames_tried_from_one_address_are_blocked(client, staff, settings):
    answers = [_try(client, f"guess{n}", "wrong", "203.0.113.7").status_code for n in range(30)]
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert answers[-1] == 429
    # Even a right password is refused from that address for now; elsewhere it works.
    assert _try(client, staff.username, PASSWORD, "203.0.113.7").status_code == 429
    assert _logged_in(_try(client, staff.username, PASSWORD, "198.51.100.20"))


def test_one_username_is_locked_at_an_address_after_a_few_tries(client, staff, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, staff.username, "wrong", "203.0.113.7")
    assert _try(client, staff.username, PASSWORD, "203.0.113.7").status_code == 429


def test_behind_the_proxy_one_clients_mistakes_do_not_lock_out_another(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, staff.username, "wrong", PROXY, forwarded_for="198.51.100.1")
    locked = _try(client, staff.username, PASSWORD, PROXY, forwarded_for="198.51.100.1")
    assert locked.status_code == 429

    other = _try(client, staff.username, PASSWORD, PROXY, forwarded_for="198.51.100.2")
    assert _logged_in(other)


def test_behind_the_proxy_a_client_cannot_choose_its_address(client, staff, settings):
    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        forged = f"10.0.0.{attempt}, 198.51.100.1"
        _try(client, staff.username, "wrong", PROXY, forwarded_for=forged)
    again = _try(client, staff.username, PASSWORD, PROXY, forwarded_for="10.9.9.9, 198.51.100.1")
    assert again.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, staff.username, "wrong", "203.0.113.7", forwarded_for=f"10.0.0.{attempt}")
    again = _try(client, staff.username, PASSWORD, "203.0.113.7", forwarded_for="10.9.9.9")
    assert again.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_lockout_expires_after_the_cool_off_time(client, staff, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, staff.username, "wrong", "203.0.113.7")
    assert _try(client, staff.username, PASSWORD, "203.0.113.7").status_code == 429

    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)

    assert _logged_in(_try(client, staff.username, PASSWORD, "203.0.113.7"))


def test_failed_and_locked_logins_go_to_the_security_log(client, staff, settings, caplog):
    caplog.set_level(logging.INFO, logger="cinterfor.security")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, staff.username, "wrong", "203.0.113.7")

    records = [r for r in caplog.records if r.name == "cinterfor.security"]
    failed = [r for r in records if "failed login" in r.getMessage().lower()]
    locked = [r for r in records if "locked out" in r.getMessage().lower()]
    assert len(failed) == settings.AXES_FAILURE_LIMIT
    assert all(staff.username in r.getMessage() for r in failed)
    assert all("203.0.113.7" in r.getMessage() for r in failed)
    assert len(locked) == 1
    assert locked[0].levelno == logging.WARNING
    assert "wrong" not in " ".join(r.getMessage() for r in records)  # never the password


def test_compose_trusts_one_proxy_in_front_of_the_web_service_only():
    from tests.test_deployment import ROOT, environment_of

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert environment_of(services["web"])["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
    assert "TRUSTED_PROXY_COUNT" not in environment_of(services["worker"])
