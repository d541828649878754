from celery import shared_task

from .dashboard import dashboard_panels_count


@shared_task(ignore_result=True)
def dashboard_figures_count() -> None:
    """Recount the dashboard's figures, so staff opening the admin index never wait for them."""
    dashboard_panels_count()
