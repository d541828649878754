"""The renewal notices and automatic renewals run every morning; staff can move them in the
admin (Periodic tasks)."""

from django.db import migrations

TASKS = [
    ("Membership: renewal notices", "members.tasks.send_renewal_notices", "0", "7"),
    ("Membership: automatic renewals", "members.tasks.charge_automatic_renewals", "30", "7"),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in TASKS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_memberprofile_auto_renew_renewalcharge"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
