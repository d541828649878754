"""The access table: for every address the site answers, the status each of the eight roles
gets when it asks for another member's objects (tests/security/world.py builds them).

Columns, in order (see `ROLES` in world.py):
  anonymous, signed in (never a member), lapsed member, active member, another member (the
  owner of every object asked for: the control), unassigned reviewer, staff without two-factor,
  staff signed in with two-factor.

The table holds what the site SHOULD answer. A cell the site does not answer yet is listed in
`KNOWN_DEFECTS` with the reason: its test is a strict xfail, so it fails the day the fix lands
and the entry must be removed. A new address with no row here fails
test_access.py::test_every_address_has_a_row.

302 is a redirect: to sign-in for anonymous visitors, elsewhere as the row's comment says."""

from tests.security.world import ROLES


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(ROLES)
    return dict(zip(ROLES, statuses, strict=True))


# GET, with another member's ids, slugs and tokens in the address.
TABLE = {
    "home": row(200, 200, 200, 200, 200, 200, 200, 200),
    "healthz": row(200, 200, 200, 200, 200, 200, 200, 200),
    "search": row(200, 200, 200, 200, 200, 200, 200, 200),
    # For search engines: the same public answer for everyone.
    "robots_txt": row(200, 200, 200, 200, 200, 200, 200, 200),
    "sitemap": row(200, 200, 200, 200, 200, 200, 200, 200),
    "admin_login": row(302, 403, 403, 403, 403, 403, 302, 302),
    # The Markdown preview is posted to by the editors' "Preview" buttons: GET is refused.
    "admin_markdown_preview": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:mail_outboundemail_preview": row(302, 302, 302, 302, 302, 302, 302, 200),
    "dashboard:csv": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:mail_outboundemail_send_test": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:payments_payment_refund": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:payments_payment_record": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:members_membership_import": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:meetings_registration_manual": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:meetings_announcement_test": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:meetings_announcement_send": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:awards_awardcycle_ranking": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:awards_awardcycle_ranking_csv": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:awards_awardcycle_decision": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:awards_awardcycle_assign": row(302, 302, 302, 302, 302, 302, 302, 200),
    # The world's call does not enter abstracts: staff are sent back to its ranking page.
    "admin:awards_awardcycle_enter_abstracts": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:awards_awardcycle_release": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:awards_application_assign": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:awards_application_conflict": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:abstracts_abstractcall_ranking": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:abstracts_abstractcall_ranking_csv": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:abstracts_abstractcall_decision": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:abstracts_abstractcall_abstract_assign": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:abstracts_abstractcall_abstract_conflict": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:abstracts_abstractcall_assign": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:abstracts_abstractcall_release": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:abstracts_abstractcall_book": row(302, 302, 302, 302, 302, 302, 302, 200),
    # No book has been built for the call yet: nothing to download.
    "admin:abstracts_abstractcall_book_pdf": row(302, 302, 302, 302, 302, 302, 302, 404),
    "admin:abstracts_abstractcall_book_csv": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:abstracts_abstractcall_book_json": row(302, 302, 302, 302, 302, 302, 302, 200),
    # The virtual platform: the owner holds the harness meeting's one confirmed registration;
    # everyone else without staff powers is told how to register (403).
    "virtual:on_demand": row(403, 403, 403, 403, 200, 403, 403, 200),
    "virtual:session": row(403, 403, 403, 403, 200, 403, 403, 200),
    "virtual:recording": row(403, 403, 403, 403, 200, 403, 403, 200),
    "posters:gallery": row(403, 403, 403, 403, 200, 403, 403, 200),
    "posters:detail": row(403, 403, 403, 403, 200, 403, 403, 200),
    "posters:preview": row(403, 403, 403, 403, 200, 403, 403, 200),
    "posters:thumbnail": row(403, 403, 403, 403, 200, 403, 403, 200),
    "posters:file": row(403, 403, 403, 403, 200, 403, 403, 200),
    "posters:vote": row(403, 403, 403, 403, 200, 403, 403, 200),
    # Counts for staff: an attendee is refused like everyone else.
    "posters:engagement": row(403, 403, 403, 403, 403, 403, 403, 200),
    "exhibitors:hall": row(403, 403, 403, 403, 200, 403, 403, 200),
    "exhibitors:booth": row(403, 403, 403, 403, 200, 403, 403, 200),
    "exhibitors:resource": row(403, 403, 403, 403, 200, 403, 403, 200),
    # A booth's contact requests: its own staff (none in the harness) and staff only.
    "exhibitors:leads": row(403, 403, 403, 403, 403, 403, 403, 200),
    "exhibitors:leads_csv": row(403, 403, 403, 403, 403, 403, 403, 200),
    "exhibitors:contact": row(405, 405, 405, 405, 405, 405, 405, 405),
    "exhibitors:contact_withdraw": row(405, 405, 405, 405, 405, 405, 405, 405),
    "tournament:board": row(403, 403, 403, 403, 200, 403, 403, 200),
    # Posters: another member presents the harness poster; to anyone else (staff acting as
    # staff aside) the presenter's page, and its thumbnail, do not exist.
    "poster_presenter:mine": row(302, 200, 200, 200, 200, 200, 200, 200),
    "poster_presenter:detail": row(302, 404, 404, 404, 200, 404, 404, 200),
    "poster_presenter:thumbnail": row(302, 404, 404, 404, 200, 404, 404, 200),
    "posters:meet_ics": row(403, 403, 403, 403, 200, 403, 403, 200),
    "admin:posters_poster_sync": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:tournament_prizedraw_run": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:tournament_prizedraw_verify": row(302, 302, 302, 302, 302, 302, 302, 200),
    "abstracts:accepted": row(200, 200, 200, 200, 200, 200, 200, 200),
    # Another member's abstract is a draft: published abstracts only are found there.
    "abstracts:accepted_detail": row(404, 404, 404, 404, 404, 404, 404, 404),
    "admin:news_newsletterissue_test": row(302, 302, 302, 302, 302, 302, 302, 405),
    "admin:news_newsletterissue_send": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:news_researchnews_approve": row(302, 302, 302, 302, 302, 302, 302, 200),
    "admin:news_researchnews_reject": row(302, 302, 302, 302, 302, 302, 302, 200),
    "account_login": row(200, 302, 302, 302, 302, 302, 302, 302),
    "account_logout": row(302, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": row(200, 200, 200, 200, 200, 200, 200, 200),
    "account_signup": row(200, 302, 302, 302, 302, 302, 302, 302),
    "account_reauthenticate": row(302, 200, 200, 200, 200, 200, 200, 200),
    "account_request_reauthentication_code": row(302, 200, 200, 200, 200, 200, 200, 200),
    "account_confirm_reauthentication_code": row(302, 302, 302, 302, 302, 302, 302, 302),
    "account_email": row(302, 200, 200, 200, 200, 200, 200, 200),
    "account_email_verification_sent": row(200, 200, 200, 200, 200, 200, 200, 200),
    "account_change_password": row(302, 200, 200, 200, 200, 200, 200, 200),
    "account_set_password": row(302, 302, 302, 302, 302, 302, 302, 302),
    "account_reset_password": row(200, 200, 200, 200, 200, 200, 200, 200),
    "account_confirm_login_code": row(302, 302, 302, 302, 302, 302, 302, 302),
    "account_confirm_email": row(200, 200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_from_key_done": row(200, 200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_from_key": row(200, 200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_done": row(200, 200, 200, 200, 200, 200, 200, 200),
    "mfa_index": row(302, 200, 200, 200, 200, 200, 200, 200),
    "mfa_authenticate": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_reauthenticate": row(302, 302, 302, 302, 302, 302, 302, 200),
    "mfa_activate_totp": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_deactivate_totp": row(302, 404, 404, 404, 404, 404, 404, 302),
    "mfa_view_recovery_codes": row(302, 404, 404, 404, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": row(302, 404, 404, 404, 404, 404, 404, 404),
    "mfa_list_webauthn": row(302, 200, 200, 200, 200, 200, 200, 200),
    "mfa_add_webauthn": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_reauthenticate_webauthn": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_remove_webauthn": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_edit_webauthn": row(302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_login_webauthn": row(302, 302, 302, 302, 302, 302, 302, 302),
    "socialaccount_login_cancelled": row(200, 200, 200, 200, 200, 200, 200, 200),
    "socialaccount_login_error": row(401, 401, 401, 401, 401, 401, 401, 401),
    "socialaccount_signup": row(302, 302, 302, 302, 302, 302, 302, 302),
    "socialaccount_connections": row(302, 200, 200, 200, 200, 200, 200, 200),
    "accounts/social/login/cancelled/": row(301, 301, 301, 301, 301, 301, 301, 301),
    "accounts/social/login/error/": row(301, 301, 301, 301, 301, 301, 301, 301),
    "accounts/social/signup/": row(301, 301, 301, 301, 301, 301, 301, 301),
    "accounts/social/connections/": row(301, 301, 301, 301, 301, 301, 301, 301),
    "orcid_login": row(404, 404, 404, 404, 404, 404, 404, 404),
    "orcid_callback": row(404, 404, 404, 404, 404, 404, 404, 404),
    "payments:stripe_webhook": row(405, 405, 405, 405, 405, 405, 405, 405),
    "payments:pay": row(302, 404, 404, 404, 200, 404, 404, 404),
    "payments:return": row(302, 404, 404, 404, 302, 404, 404, 404),
    "meetings:index": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:detail": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:committees": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:sponsors": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:cme": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:program": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:program_ics": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:session_ics": row(200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:register": row(200, 200, 200, 200, 302, 200, 200, 200),
    "meetings:waitlist": row(302, 405, 405, 405, 405, 405, 405, 405),
    "meetings:attend": row(302, 302, 302, 302, 200, 302, 302, 302),
    "meetings:cancel": row(302, 302, 302, 302, 200, 302, 302, 302),
    "meetings:cme_claim": row(302, 302, 302, 302, 200, 302, 302, 302),
    "meetings:certificate": row(302, 302, 302, 302, 302, 302, 302, 302),
    "abstracts:call": row(200, 200, 200, 200, 200, 200, 200, 200),
    "abstracts:submit": row(302, 200, 200, 200, 200, 200, 200, 200),
    "abstracts:edit": row(302, 404, 404, 404, 200, 404, 404, 404),
    "abstracts:mine": row(302, 200, 200, 200, 200, 200, 200, 200),
    "abstracts:presenter_confirm": row(302, 405, 405, 405, 405, 405, 405, 405),
    "abstracts:review": row(302, 404, 404, 404, 200, 404, 404, 404),
    "abstracts:review_conflict": row(302, 405, 405, 405, 405, 405, 405, 405),
    "news:index": row(200, 200, 200, 200, 200, 200, 200, 200),
    "news:feed": row(200, 200, 200, 200, 200, 200, 200, 200),
    "news:detail": row(404, 404, 404, 404, 404, 404, 404, 404),
    "newsletter:index": row(200, 200, 200, 200, 200, 200, 200, 200),
    "newsletter:issue": row(404, 404, 404, 404, 404, 404, 404, 200),
    "newsletter:unsubscribe": row(200, 200, 200, 200, 200, 200, 200, 200),
    "payment_receipt": row(302, 404, 404, 404, 200, 404, 404, 200),
    "research_news:index": row(302, 200, 200, 200, 200, 200, 200, 200),
    "awards:index": row(200, 200, 200, 200, 200, 200, 200, 200),
    "awards:letter": row(200, 200, 200, 200, 200, 200, 200, 200),
    "awards:program": row(200, 200, 200, 200, 200, 200, 200, 200),
    "awards:apply": row(302, 200, 200, 200, 200, 200, 200, 200),
    "awards:nominate": row(302, 200, 200, 200, 200, 200, 200, 200),
    "awards:applications": row(302, 200, 200, 200, 200, 200, 200, 200),
    "awards:application": row(302, 404, 404, 404, 200, 404, 404, 404),
    "awards:file": row(302, 404, 404, 404, 200, 404, 404, 200),
    "awards:reviews": row(302, 200, 200, 200, 200, 200, 200, 200),
    "awards:review": row(302, 404, 404, 404, 200, 404, 404, 404),
    "awards:review_conflict": row(302, 405, 405, 405, 405, 405, 405, 405),
    "members:index": row(200, 200, 200, 200, 200, 200, 200, 200),
    "members:join": row(302, 302, 302, 302, 302, 302, 302, 302),
    "members:renew": row(302, 302, 200, 200, 200, 200, 302, 302),
    "members:directory": row(302, 403, 403, 200, 200, 200, 403, 200),
    "members:portal": row(302, 200, 200, 200, 200, 200, 200, 200),
    "members:profile": row(302, 200, 200, 200, 200, 200, 200, 200),
    "members:payments": row(302, 200, 200, 200, 200, 200, 200, 200),
    "members:auto_renew": row(302, 200, 200, 200, 200, 200, 200, 200),
    "members:auto_renew_card": row(302, 405, 405, 405, 405, 405, 405, 405),
    "members:export": row(302, 200, 200, 200, 200, 200, 200, 200),
    "members:delete": row(302, 200, 200, 200, 200, 200, 200, 200),
    "members:certificate": row(302, 302, 302, 200, 200, 200, 302, 302),
    "site:about": row(200, 200, 200, 200, 200, 200, 200, 200),
    "site:page": row(200, 200, 200, 200, 200, 200, 200, 200),
    "site:contact": row(200, 200, 200, 200, 200, 200, 200, 200),
    "site:contact_thanks": row(200, 200, 200, 200, 200, 200, 200, 200),
    # Only one's own registrations are listed: everyone signed in sees their own page.
    "site:my_meetings": row(302, 200, 200, 200, 200, 200, 200, 200),
    "newsletter:subscribe": row(200, 200, 200, 200, 200, 200, 200, 200),
    "newsletter:subscribe_sent": row(200, 200, 200, 200, 200, 200, 200, 200),
    # The world's token is an unsubscribe token: a confirmation link refuses it, for everyone.
    "newsletter:confirm": row(400, 400, 400, 400, 400, 400, 400, 400),
    "site:leadership": row(200, 200, 200, 200, 200, 200, 200, 200),
    "site:partners": row(200, 200, 200, 200, 200, 200, 200, 200),
    # The pay page's script and the card form's script post here (GET is refused as JSON).
    "payments:intent": row(403, 405, 405, 405, 405, 405, 405, 405),
    "members:auto_renew_setup": row(403, 405, 405, 405, 405, 405, 405, 405),
    "static": row(200, 200, 200, 200, 200, 200, 200, 200),
    # Mentorship: mentors are members beyond the trainee stage (the reviewer), trainees are
    # active trainee members (member, another member); others are told why not (403). A
    # request's and a pairing's goals are for the two people in it (and staff, in the admin).
    "mentorship:index": row(200, 200, 200, 200, 200, 200, 200, 200),
    "mentorship:speed": row(200, 200, 200, 200, 200, 200, 200, 200),
    "mentorship:speed_seat": row(302, 405, 405, 405, 405, 405, 405, 405),
    "mentorship:speed_calendar": row(200, 200, 200, 200, 200, 200, 200, 200),
    "mentorship:mine": row(302, 200, 200, 200, 200, 200, 200, 200),
    "mentorship:mentor_profile": row(302, 403, 403, 403, 403, 200, 403, 403),
    "mentorship:find": row(302, 403, 403, 200, 200, 403, 403, 403),
    "mentorship:ask": row(302, 403, 403, 200, 200, 403, 403, 403),
    "mentorship:request": row(302, 404, 404, 404, 200, 404, 404, 404),
    "mentorship:pairing": row(302, 404, 404, 404, 200, 404, 404, 404),
    # A partner's logo: pictures are public (only the folders of pictures are served).
    "picture": row(200, 200, 200, 200, 200, 200, 200, 200),
}

# Addresses a change being made adds: their cells are skipped until the address exists, and
# test_access.py::test_arriving_addresses_are_still_to_come fails once it does, so the name is
# taken out of this set.
ARRIVING: set[str] = set()

# The POST-only addresses (GET answers 405 above), posted empty, with another member's ids.
# The admin's send everyone to sign-in or two-factor, except staff with two-factor, whom the
# empty form sends back with a message; the webhook wants a signature (fuzzed in
# test_fuzz_webhook.py); the reviewer's conflict form sends back with a message.
POST_TABLE = {
    "admin:mail_outboundemail_send_test": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:meetings_announcement_test": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:awards_awardcycle_decision": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:awards_application_assign": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:awards_application_conflict": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:abstracts_abstractcall_decision": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:abstracts_abstractcall_abstract_assign": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:abstracts_abstractcall_abstract_conflict": row(302, 302, 302, 302, 302, 302, 302, 302),
    "abstracts:review_conflict": row(302, 302, 302, 302, 302, 302, 302, 302),
    "abstracts:presenter_confirm": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:news_newsletterissue_test": row(302, 302, 302, 302, 302, 302, 302, 302),
    "payments:stripe_webhook": row(400, 400, 400, 400, 400, 400, 400, 400),
    "meetings:waitlist": row(302, 404, 404, 404, 404, 404, 404, 404),
    "awards:review_conflict": row(302, 302, 302, 302, 302, 302, 302, 302),
    "members:auto_renew_card": row(302, 400, 400, 400, 400, 400, 400, 400),
    # Only an attendee leaves contact details (staff look, never share); withdrawing is each
    # attendee's own request, so staff are sent back to the booth with nothing withdrawn.
    "exhibitors:contact": row(403, 403, 403, 403, 302, 403, 403, 403),
    "exhibitors:contact_withdraw": row(403, 403, 403, 403, 302, 403, 403, 302),
    # Taking a seat: only a registered trainee attendee gets one; everyone is sent back to the
    # session's page, with a message saying why not.
    "mentorship:speed_seat": row(302, 302, 302, 302, 302, 302, 302, 302),
}

# Cells the site gets wrong today, each with the fix that will land: a strict xfail, so the day
# the fix lands the test fails until the entry goes.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}
