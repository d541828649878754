"""The staff roles take in the sections added since: leadership, contact messages, example
settings, mentorship and the society dashboard (icis/accounts/roles.py)."""

from django.db import migrations

from icis.accounts.roles import roles_install


def install(apps, schema_editor):
    roles_install(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_roles"),
        ("core", "0002_example_settings_to_replace"),
        ("mentorship", "0002_daily_schedules"),
        ("site_pages", "0006_leadership_terms"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
