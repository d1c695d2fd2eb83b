from . import roles as role_checks


def roles(request) -> dict:
    """What the navigation needs to know of the user's roles (views still check on the server)."""
    user = request.user
    return {
        "is_programme_staff": role_checks.has_role(user, role_checks.PROGRAMME_STAFF),
        "is_finance": role_checks.has_role(user, role_checks.FINANCE),
        "is_manager": role_checks.has_role(user, role_checks.MANAGERS),
    }
