from celery import shared_task

from participation.identity.services import phone_codes_purge


@shared_task
def purge_phone_codes() -> int:
    """Hourly: codes that expired unused hold a phone number for no purpose any more."""
    return phone_codes_purge()
