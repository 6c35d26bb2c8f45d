from celery import shared_task

from participation.transparency.services import report_snapshots_freeze_closed


@shared_task
def freeze_closed_reports() -> int:
    """Monthly: the periods that closed are frozen; a repeated run finds them frozen."""
    return report_snapshots_freeze_closed()
