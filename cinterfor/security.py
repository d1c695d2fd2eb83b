"""Who is logging in from where (the client's address, the login throttle, the security log),
and the Permissions-Policy header.

The address is REMOTE_ADDR unless settings.TRUSTED_PROXY_COUNT says how many proxies of our
own stand in front of the site; then it is the entry of X-Forwarded-For that the outermost of
them appended, and whatever a client wrote before it is ignored.
"""

import ipaddress
import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

log = logging.getLogger("cinterfor.security")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as our own proxies saw it (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return remote  # not through our proxies (a health check inside the network)
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler, with a limit of its own for failures from one address.

    Axes compares one number with one limit (AXES_FAILURE_LIMIT, here: one username at one
    address). Failures counted by address alone, whatever the usernames, have the higher
    LOGIN_FAILURE_LIMIT_PER_ADDRESS; they are scaled to the first limit before the comparison.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameter in ("ip_address", ["ip_address"]):
                failures = failures * limit // settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
            worst = max(worst, failures)
        return worst


def _address(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_login_failed, dispatch_uid="cinterfor.security.login_failed")
def log_failed_login(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    log.info("Failed login for username %r from %s", username, _address(request))


@receiver(user_locked_out, dispatch_uid="cinterfor.security.locked_out")
def log_lockout(sender, request: HttpRequest, username: str | None, ip_address: str, **kwargs):
    log.warning(
        "Logins locked out for username %r from %s after repeated failures",
        str(username or "")[:150],
        ip_address,
    )


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY (feature -> allowed origins) as Permissions-Policy."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
