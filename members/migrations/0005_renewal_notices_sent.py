"""Renewal notices sent get their own table. Until now the outbox's dedupe keys
("renewal:<term>:<notice>") were the only record of which notices a term had; the rows are
filled in from those keys, so no member is sent a notice again. Undoing it drops the table."""

import django.db.models.deletion
from django.db import migrations, models

# Each outbox email whose key is "renewal:<term>:<notice>", for a term that still exists.
NOTICES_FROM_THE_OUTBOX = """
INSERT INTO members_renewalnoticesent (membership_id, notice, queued_at)
SELECT term.id, substring(email.dedupe_key FROM '^renewal:[0-9]+:(.+)$'), email.created_at
FROM mail_outboundemail AS email
JOIN members_membership AS term
    ON term.id::text = substring(email.dedupe_key FROM '^renewal:([0-9]+):')
WHERE email.dedupe_key ~ '^renewal:[0-9]+:.{1,60}$'
ON CONFLICT (membership_id, notice) DO NOTHING
"""


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_membership_prices_per_currency"),
        ("mail", "0003_outboundemail_attachments"),
    ]

    operations = [
        migrations.CreateModel(
            name="RenewalNoticeSent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "notice",
                    models.CharField(
                        help_text='Which notice, such as "reminder-30", "ended" or "lapsed".',
                        max_length=60,
                    ),
                ),
                ("queued_at", models.DateTimeField()),
                (
                    "membership",
                    models.ForeignKey(
                        help_text="The term the notice is about.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="renewal_notices",
                        to="members.membership",
                    ),
                ),
            ],
            options={
                "verbose_name": "renewal notice sent",
                "verbose_name_plural": "renewal notices sent",
                "ordering": ["queued_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("membership", "notice"), name="members_one_notice_per_term"
                    )
                ],
            },
        ),
        migrations.RunSQL(NOTICES_FROM_THE_OUTBOX, reverse_sql=migrations.RunSQL.noop),
    ]
