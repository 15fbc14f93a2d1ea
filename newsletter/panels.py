"""The "Sending" panel at the top of an issue's editor: where the issue stands, and its Send test and Send buttons in
sight rather than in the header's menu (issue 18, item 5)."""

from wagtail.admin.panels import Panel


class IssueSendingPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "newsletter/admin/sending_panel.html"

        def get_context_data(self, parent_context=None):
            # Imported here: the admin's sending views import the page models, which name this panel.
            from .admin_sending import can_send, sending_url
            from .models import IssueSending

            context = super().get_context_data(parent_context)
            issue = self.instance
            if not issue.pk:
                return {**context, "unsaved": True}
            sending = IssueSending.objects.filter(issue_id=issue.pk).first()
            may_send = can_send(issue, self.request.user)
            context.update(
                sending=sending,
                may_send=may_send,
                test_url=may_send and sending_url("test", issue),
                send_url=may_send
                and (sending is None or sending.status == IssueSending.Status.SCHEDULED)
                and sending_url("send", issue),
                progress_url=sending is not None and sending_url("progress", issue),
            )
            return context
