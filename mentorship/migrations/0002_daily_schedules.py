"""Mentorship's daily housekeeping runs on beat: expiring unanswered requests and sending the
monthly check-in reminders that are due. Staff can change the schedules in the admin."""

from django.db import migrations

TASKS = {
    "Mentorship: expire unanswered requests": "mentorship.tasks.expire_mentorship_requests",
    "Mentorship: send check-in reminders": "mentorship.tasks.send_mentorship_check_ins",
}


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="UTC",
    )
    for name, task in TASKS.items():
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": morning})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=TASKS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0001_mentors_requests_pairings_speed"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
