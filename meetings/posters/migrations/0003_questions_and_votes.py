"""Attendees' questions to presenters (sent in batches every 15 minutes), best-poster voting
and counts of poster opens."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TASK_NAME = "Posters: email presenters their new questions"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_15, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "meetings.posters.tasks.send_question_batches",
            "interval": every_15,
            "description": "One email per poster with the questions asked since the last one.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_meeting_currency_checked"),
        ("posters", "0002_poster_sync_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="QuestionBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField()),
                (
                    "poster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="question_batches",
                        to="posters.poster",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="VoteCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("closes_at", models.DateTimeField(help_text="No vote is taken from this moment.")),
                (
                    "results_released",
                    models.BooleanField(
                        default=False, help_text="Attendees see the counts (staff always do)."
                    ),
                ),
                ("ordering", models.PositiveSmallIntegerField(default=0)),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vote_categories",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "posters",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The posters that compete. None chosen: every poster shown in the gallery.",
                        related_name="vote_categories",
                        to="posters.poster",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "vote categories",
                "ordering": ["ordering", "name"],
            },
        ),
        migrations.CreateModel(
            name="PosterVote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField()),
                (
                    "poster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="posters.poster",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="poster_votes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="posters.votecategory",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="PosterOpenDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("opens", models.PositiveIntegerField(default=0)),
                (
                    "poster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="open_days",
                        to="posters.poster",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("poster", "day"), name="posters_one_count_per_day"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PosterReader",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reader", models.CharField(max_length=64)),
                (
                    "poster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="readers",
                        to="posters.poster",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("poster", "reader"), name="posters_reader_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="PosterQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=1000)),
                ("token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField()),
                ("answer", models.TextField(blank=True, max_length=2000)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                ("is_hidden", models.BooleanField(default=False, verbose_name="hidden by staff")),
                ("hidden_at", models.DateTimeField(blank=True, null=True)),
                (
                    "asker",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="poster_questions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "poster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="posters.poster",
                    ),
                ),
                (
                    "batch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="questions",
                        to="posters.questionbatch",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
                "indexes": [
                    models.Index(fields=["poster", "batch"], name="posters_question_batch")
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="votecategory",
            constraint=models.UniqueConstraint(
                fields=("meeting", "name"), name="posters_category_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="postervote",
            constraint=models.UniqueConstraint(
                condition=models.Q(("voter__isnull", False)),
                fields=("category", "voter"),
                name="posters_one_vote_per_category",
            ),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
