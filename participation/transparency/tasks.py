from celery import shared_task

from participation.transparency.services import report_snapshots_freeze_closed


@shared_task
def freeze_closed_reports() -> int:
    """Monthly: every closed period without a snapshot of today's method is frozen (those that
    just closed, any a missed run left, all of them after a method change); a repeated run
    finds them frozen."""
    return report_snapshots_freeze_closed()
