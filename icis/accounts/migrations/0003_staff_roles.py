"""The staff roles as groups with least privilege: Office, Treasurer, Awards chair, Program
committee (what each may do: icis/accounts/roles.py)."""

from django.db import migrations

from icis.accounts.roles import ROLES, roles_install


def install(apps, schema_editor):
    roles_install(apps)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[r.name for r in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sessions_cleanup_schedule"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("abstracts", "0006_abstract_search_document"),
        ("awards", "0005_awardprogram_search_document"),
        ("core", "0001_initial"),
        ("exhibitors", "0001_booths_resources_visits_and_contact_requests"),
        ("mail", "0003_outboundemail_attachments"),
        ("meetings", "0006_meeting_and_session_search_documents"),
        ("members", "0005_renewal_notices_sent"),
        ("news", "0004_post_search_document"),
        ("payments", "0003_payment_review_dispute_and_pending_refunds"),
        ("posters", "0003_questions_and_votes"),
        ("site_pages", "0002_page_search_document"),
        ("tournament", "0002_daily_question_hiding_and_prize_draws"),
        ("virtual", "0002_recording_and_watched"),
    ]

    operations = [migrations.RunPython(install, remove)]
