"""Notes other apps add to the dashboard, and the figures kept between visits."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from icis.core import pagecache
from icis.site.dashboard import dashboard_panels_recent, notes
from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import UserFactory
from tests.querycount import count_queries
from tests.site.dashboard.world import known_world

pytestmark = pytest.mark.django_db


def waiting_requests(*, now):
    """A provider as an app would write it: label, value, link."""
    return [("Mentoring requests waiting", "4", "/admin/")]


PROVIDER = f"{__name__}.waiting_requests"


def test_a_provider_s_notes_are_listed():
    assert notes.dashboard_notes(now=timezone.now(), providers=[PROVIDER]) == [
        notes.Note("Mentoring requests waiting", "4", "/admin/")
    ]


def test_notes_show_on_the_dashboard(client, monkeypatch):
    monkeypatch.setattr(notes, "PROVIDERS", [PROVIDER])
    staff = UserFactory(is_staff=True)
    enable_totp(staff)
    staff.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    body = sign_in_with_two_factor(client, staff).get("/admin/").content.decode()
    assert '<a href="/admin/">Mentoring requests waiting</a>: <strong>4</strong>' in body
    assert "Figures as of" in body


@pytest.fixture
def generation_read_each_second(settings):
    """As in production: a process reads the page generation at most once a second."""
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 3600  # "within the second", however slow
    pagecache.reset()
    yield
    pagecache.reset()


def test_figures_are_kept_between_visits(generation_read_each_second):
    known_world()
    first, counted_at = dashboard_panels_recent()
    queries, _ = count_queries(dashboard_panels_recent)
    assert queries == 0  # the page generation was read within the second
    again, again_at = dashboard_panels_recent()
    assert again_at == counted_at
    assert [panel.rows for panel in again] == [panel.rows for panel in first]


def test_the_scheduled_task_counts_the_figures_staff_then_see(generation_read_each_second):
    from django_celery_beat.models import PeriodicTask

    from icis.site.tasks import dashboard_figures_count

    assert PeriodicTask.objects.get(task="icis.site.tasks.dashboard_figures_count").enabled
    known_world()
    dashboard_figures_count()
    queries, _ = count_queries(dashboard_panels_recent)
    assert queries == 0  # the task counted the figures (and read the generation)
    panels, _ = dashboard_panels_recent()
    assert panels[0].rows[-1] == ["All types", 3, 1, 1]
