"""`{% newsletter_signup_form %}`: the sign-up form wherever it is shown (footer, home page block, its own page).

Builds the form in memory: no database query of its own (the privacy note's link comes from the navigation that
every page reads once, core/templatetags/navigation_tags.py).
"""

from django import template

from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup_form(context, prefix: str, *, form=None, compact: bool = False):
    """The form with ids starting with `prefix` (unique per page); `compact` lays it out for the footer.

    The request is passed on for the CSRF token, which only a visitor with a session gets (`form_token`), and for the
    privacy note's link (templates/includes/privacy_note.html), which a block's template would otherwise lose.
    """
    return {
        "form": form if form is not None else SubscribeForm(auto_id=f"{prefix}-%s"),
        "prefix": prefix,
        "compact": compact,
        "request": context.get("request"),
    }
