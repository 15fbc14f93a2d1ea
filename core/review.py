"""The Communications review: what CEP says to the outside (news, events, newsletter issues) is read by a Moderator
before it goes live.

A Wagtail workflow, "Communications review", with one task, "Moderators review" (Wagtail's group approval task, for
the Moderators group), on the sections the apps name under `REVIEWED_SECTIONS`; the other pages keep Wagtail's
default workflow. An editor submits a page; the Moderators are told by e-mail, which goes through the site's mail
queue as every e-mail does (core.mail.OutboxBackend); one of them approves, which publishes it, or asks for changes.
`roles_sync` (core/roles.py) puts it in place with the roles, after every migrate and when the demo is loaded.
"""

from django.contrib.auth.models import Group

from wagtail import hooks
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "Communications review"
TASK_NAME = "Moderators review"

# fn() -> pages: the sections whose pages, below each, go through the review.
REVIEWED_SECTIONS = "cep_reviewed_sections"


def review_sync(*, reviewers: str) -> Workflow:
    """The workflow, its task for the group named `reviewers`, and the reviewed sections assigned to it."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first() or GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([Group.objects.get(name=reviewers)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for sections in hooks.get_hooks(REVIEWED_SECTIONS):
        for page in sections():
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
