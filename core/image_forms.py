"""The admin's image form: every picture has alt text, or is marked decorative on purpose."""

from django import forms

from wagtail.images.forms import BaseImageForm

ALT_TEXT_MISSING = (
    "Describe the picture for people who cannot see it, or tick “Decorative” if it adds nothing to the text beside it."
)


class ImageForm(BaseImageForm):
    # Not stored: an empty description is what marks a picture decorative (it is rendered with alt="").
    decorative = forms.BooleanField(
        required=False,
        label="Decorative",
        help_text="Tick only for a pattern or mood picture that says nothing the text beside it does not.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].label = "Alt text"
            self.fields["description"].help_text = (
                "What the picture shows, for screen readers and when it does not load, e.g. "
                "“Delegates at the CEP General Assembly in Brussels”."
            )
            if self.instance.pk and not self.instance.description:
                self.initial.setdefault("decorative", True)
            order = [name for name in self.fields if name != "decorative"]
            order.insert(order.index("description") + 1, "decorative")
            self.order_fields(order)

    def clean(self):
        cleaned_data = super().clean()
        # The multiple uploader's first step posts the file and title only; its next step asks for the rest.
        if "description" not in self.fields or self.add_prefix("description") not in self.data:
            return cleaned_data
        description = (cleaned_data.get("description") or "").strip()
        if cleaned_data.get("decorative"):
            cleaned_data["description"] = ""
        elif not description:
            self.add_error("description", ALT_TEXT_MISSING)
        return cleaned_data
