"""What a page's review workflow does once it is approved.

Set as ``WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_approved"``. Wagtail's
default publishes the approved revision *as the approving user* and refuses unless that user
holds ``publish_page``. Here nobody does (``cms.services.access``): a moderator approves, and
publishing is what approval does. So the approval is the authority to publish, as it is the
one step the workflow checks (the task's groups, ``GroupApprovalTask.get_actions``).

Wagtail imports this while its own models load, so it imports nothing at module level.
"""


def publish_approved(workflow_state, user=None):
    """Publish the revision the reviewers approved; the log names the approver as publisher."""
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
