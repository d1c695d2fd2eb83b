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


def _passwords(out: str) -> dict[str, str]:
    """The username / password pairs the command printed."""
    pairs = {}
    for line in out.splitlines():
        if " / " in line:
            username, rest = line.split(":", 1)[1].split(" / ", 1)
            pairs[username.strip()] = rest.split()[0]
    return pairs


def test_reset_prints_new_passwords_that_log_in(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users")
    old = _passwords(capsys.readouterr().out)
    call_command("create_demo_users", "--reset")
    new = _passwords(capsys.readouterr().out)
    assert set(new) == {"staff", "finance", "manager", "manager2", "admin"}
    for username, password in new.items():
        user = get_user_model().objects.get(username=username)
        assert password != old[username]
        assert user.check_password(password)
        assert not user.check_password(old[username])


def test_reset_creates_missing_demo_users_too(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users", "--reset")
    assert len(_passwords(capsys.readouterr().out)) == 5
    assert get_user_model().objects.get(username="manager2").groups.get().name == "Managers"


def test_reset_is_refused_when_debug_is_off(settings):
    settings.DEBUG = True
    call_command("create_demo_users")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users", "--reset")


def test_the_passwords_come_last_under_a_banner(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users", "--reset")
    out = capsys.readouterr().out.rstrip().splitlines()
    assert any("Demo users" in line for line in out[:3])
    assert " / " in out[-2]  # the last pair, then the closing rule
    assert set(out[-1]) == {"="}


def test_make_run_resets_and_prints_the_passwords_last_before_serving():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0].splitlines()[1:]
    commands = [line.strip() for line in run]
    assert commands[-2].endswith("create_demo_users --reset")
    assert "runserver" in commands[-1]
    assert any("import_proposal" in c for c in commands[:-2])
