"""`{% newsletter_signup_form %}`: the sign-up form wherever it is shown (footer, home page block, its own page).

Builds the form in memory: no database query, so the footer costs every page nothing.
"""

from django import template

from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/signup_form.html")
def newsletter_signup_form(prefix: str, *, form=None, compact: bool = False):
    """The form with ids starting with `prefix` (unique per page); `compact` lays it out for the footer.

    The CSRF token is taken from the page's context by Django's inclusion tags.
    """
    return {
        "form": form if form is not None else SubscribeForm(auto_id=f"{prefix}-%s"),
        "prefix": prefix,
        "compact": compact,
    }
