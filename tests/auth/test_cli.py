from portal.auth import services


def test_users_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["users", "create", "Agent@Example.com", "--role", "agent", "--password-stdin"],
        input="amber lantern orchard\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created agent@example.com with role agent." in result.output
    user = services.authenticate("agent@example.com", "amber lantern orchard")
    assert user.role == "agent"


def test_users_create_asks_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "ed@example.com", "--role", "editor"],
        input="amber lantern orchard\namber lantern orchard\n",
    )
    assert result.exit_code == 0, result.output
    assert services.find_user_by_email("ed@example.com").role == "editor"


def test_users_create_refuses_a_weak_password_and_says_what_to_do(runner):
    result = runner.invoke(
        args=["users", "create", "a@example.com", "--password-stdin"], input="password\n"
    )
    assert result.exit_code == 1
    assert "Use at least 10 characters." in result.output
    assert "Run the command again" in result.output
    assert services.count_users() == 0


def test_users_create_refuses_a_duplicate(runner):
    args = ["users", "create", "a@example.com", "--password-stdin"]
    runner.invoke(args=args, input="amber lantern orchard\n")
    result = runner.invoke(args=args, input="amber lantern orchard\n")
    assert result.exit_code == 1
    assert "has an account already" in result.output


def test_users_create_refuses_an_unknown_role(runner):
    result = runner.invoke(
        args=["users", "create", "a@example.com", "--role", "king", "--password-stdin"],
        input="amber lantern orchard\n",
    )
    assert result.exit_code == 2
    assert "customer" in result.output


def test_users_create_refuses_something_that_is_not_an_email(runner):
    result = runner.invoke(
        args=["users", "create", "nobody", "--password-stdin"], input="amber lantern orchard\n"
    )
    assert result.exit_code == 1
    assert "is not an email address" in result.output
