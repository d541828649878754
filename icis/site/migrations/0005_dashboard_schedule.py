"""The dashboard's figures are recounted every minute; staff can change the schedule in the
admin."""

from django.db import migrations

TASK_NAME = "Dashboard: recount the figures"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "icis.site.tasks.dashboard_figures_count",
            "interval": every_minute,
            "description": "Counts the figures the dashboard on the admin index shows, so staff "
            "never wait for them.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_pages", "0004_dashboard_permission"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
