"""The admin's document form: a PDF that site search cannot read says so beside its file (core/documents.py)."""

from wagtail.documents.forms import BaseDocumentForm

from .models import DocumentText


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text = DocumentText.objects.filter(document_id=self.instance.pk).first() if self.instance.pk else None
        if "file" in self.fields and text is not None and text.status == DocumentText.Status.UNREADABLE:
            self.fields["file"].help_text = (
                f"Search cannot read this PDF: {text.reason} Upload a new file in its place (without a password, "
                "with text rather than scanned pictures); it is read again when you save, and site search then "
                "finds the pages that use it by the words inside."
            )
