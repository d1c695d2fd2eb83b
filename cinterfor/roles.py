"""The three roles of the workspace, held as Django groups (created by a data migration).

Every view checks a role on the server through `role_required` / `RoleRequiredMixin`;
superusers administer and pass every check. Behind them, `RoleRequiredMiddleware` refuses a
logged-in user who holds no role at all on every page not marked `role_not_required`, so a
view that forgets its decorator still shows nothing to someone not yet given a role.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.mixins import UserPassesTestMixin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

PROGRAMME_STAFF = "Programme staff"
FINANCE = "Finance"
MANAGERS = "Managers"
ALL_ROLES = (PROGRAMME_STAFF, FINANCE, MANAGERS)

ROLE_LABELS = {
    PROGRAMME_STAFF: _("Programme staff"),
    FINANCE: _("Finance"),
    MANAGERS: _("Managers"),
}


def roles_of(user) -> frozenset[str]:
    """The role names a user holds, read once per request and cached on the user.

    A signed-in user comes with them already (`RoleReadingBackend`).
    """
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


class RoleReadingBackend(ModelBackend):
    """Django's ModelBackend, which reads the signed-in user's roles with the user.

    Every request checks a role, so this saves each one a query: the user's row carries, for
    each of the three roles, whether the user is in its group.
    """

    def get_user(self, user_id):
        holds = {
            f"holds_role_{index}": Exists(Group.objects.filter(user=OuterRef("pk"), name=role))
            for index, role in enumerate(ALL_ROLES)
        }
        user = get_user_model()._default_manager.annotate(**holds).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(
            role for index, role in enumerate(ALL_ROLES) if getattr(user, f"holds_role_{index}")
        )
        return user


def has_role(user, *roles: str) -> bool:
    """Whether the user holds any of the roles (superusers hold them all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user) & set(roles))


def has_any_role(user) -> bool:
    """Whether the user holds at least one of the workspace's roles."""
    return has_role(user, *ALL_ROLES)


def require_role(user, *roles: str) -> None:
    """Raise PermissionDenied unless the user holds one of the roles; for services."""
    if not has_role(user, *roles):
        raise PermissionDenied(_("Your role does not allow this."))


def role_required(*roles: str) -> Callable:
    """Decorator for function views: 403 unless the user holds one of the roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_not_required(view: Callable) -> Callable:
    """Mark a view a logged-in user without a role may still open (the home page, log out)."""
    view.role_required = False
    return view


class RoleRequiredMiddleware:
    """Refuse (403) a logged-in user without a role on every page not marked otherwise.

    Pages open to anonymous visitors (`login_not_required`) stay open; the admin keeps its own
    checks (staff status and model permissions).
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> None:
        if not getattr(view_func, "login_required", True):
            return
        if not getattr(view_func, "role_required", True):
            return
        if "admin" in request.resolver_match.namespaces:
            return
        user = request.user
        if user.is_authenticated and not has_any_role(user):
            raise PermissionDenied(_("Your account has no role yet."))


class RoleRequiredMixin(UserPassesTestMixin):
    """For class-based views: set `roles` to the roles that may use the view."""

    roles: Iterable[str] = ()
    raise_exception = True

    def test_func(self) -> bool:
        return has_role(self.request.user, *self.roles)
