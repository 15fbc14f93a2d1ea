from django import forms


class CompareForm(forms.Form):
    """Two countries to put side by side, `?a=BE&b=NL`, chosen among those with a profile."""

    a = forms.ChoiceField(
        label="First country", error_messages={"invalid_choice": "There is no profile of '%(value)s'."}
    )
    b = forms.ChoiceField(
        label="Second country", error_messages={"invalid_choice": "There is no profile of '%(value)s'."}
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a country"), *((profile.country, profile.country_name) for profile in profiles)]
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["required"] = "Choose a country to compare."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("a") and cleaned.get("a") == cleaned.get("b"):
            raise forms.ValidationError(
                "Choose two different countries: both are %(name)s.",
                params={"name": dict(self.fields["a"].choices)[cleaned["a"]]},
            )
        return cleaned
