"""Registration's housekeeping runs on beat; staff can change the schedules in the admin."""

from django.db import migrations


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="UTC",
    )
    for name, task, schedule in (
        (
            "Meetings: release unpaid holds",
            "meetings.tasks.release_expired_holds",
            {"interval": five_minutes},
        ),
        (
            "Meetings: expire waitlist offers",
            "meetings.tasks.expire_waitlist_offers",
            {"interval": hourly},
        ),
        (
            "Meetings: reminders with access details",
            "meetings.tasks.send_meeting_reminders",
            {"crontab": morning},
        ),
    ):
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, **schedule})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__startswith="Meetings: "
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_feewindow_promocode_refundrule_registration_cmeclaim_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
