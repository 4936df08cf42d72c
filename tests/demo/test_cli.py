from portal.auth import services
from portal.demo.users import DEMO_USERS


def test_demo_load_creates_one_account_per_role_and_prints_them(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    for email, _name, role, password in DEMO_USERS:
        assert email in result.output and password in result.output
        assert services.authenticate(email, password).role == role
    assert {role for *_x, role, _p in DEMO_USERS} == {"customer", "editor", "agent", "admin"}


def test_demo_load_is_safe_to_run_twice(runner):
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "0 created" in result.output
    assert services.count_users() == len(DEMO_USERS)
