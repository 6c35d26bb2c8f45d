from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, except that whoever submitted a change cannot approve it.

    Moderators and managers may edit pages too; "an editor submits, a moderator approves"
    means two people, so their own submissions wait for a colleague (they may still send
    them back). Wagtail's workflow views offer, and accept, only the actions listed here.
    """

    class Meta:
        verbose_name = _("approval by a second person")
        verbose_name_plural = _("approvals by a second person")

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and state.requested_by_id == user.pk and not user.is_superuser:
            return [action for action in actions if action[0] != "approve"]
        return actions
