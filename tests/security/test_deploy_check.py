"""`manage.py check --deploy` with the production settings, as production runs them (the
environment it requires, with test values): clean, with no check silenced, and able to fail."""

from tests.test_settings import PRODUCTION_ENV, _manage


def test_the_deployment_checks_pass_with_nothing_silenced():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checks_catch_a_weakened_setting():
    """The control: production with HSTS switched off is flagged (security.W004)."""
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "0"},
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
