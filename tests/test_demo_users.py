import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_users_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users")
    assert not get_user_model().objects.exists()


def test_one_demo_user_per_role_with_a_printed_password(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users")
    out = capsys.readouterr().out
    users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
    assert {g.name for g in users["staff"].groups.all()} == {"Programme staff"}
    assert {g.name for g in users["finance"].groups.all()} == {"Finance"}
    assert {g.name for g in users["manager"].groups.all()} == {"Managers"}
    assert users["admin"].is_superuser
    password = out.split("staff / ")[1].split()[0]
    assert users["staff"].check_password(password)
    call_command("create_demo_users")  # a second run keeps the passwords
    assert get_user_model().objects.get(username="staff").check_password(password)
