"""The members' area: pages, documents and calls that only members (and staff) may see.

Access uses Wagtail's own view restrictions: the area page carries a `PageViewRestriction` to the "Members" group
(which `members.services.members_group_sync` keeps in step with the memberships), its calls inherit it, and its
documents live in the "Members" collection, which carries a `CollectionViewRestriction` to the same group. What
Wagtail does not do itself is here and in `members/wagtail_hooks.py`: let staff in, and tell a logged-in person who
is not a member why they are refused (a 403 page) instead of sending them to a login they have already passed.
See docs/members.md, "Members-only content".
"""

from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import content_disposition_header

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.search import index

from core import visibility
from core.blocks import BodyStreamBlock
from core.models import BasePage

MEMBERS_COLLECTION_NAME = "Members"


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class MembersAreaPage(BasePage):
    """The members' area: documents, calls (its child pages) and the way to the directory with contact people."""

    members_only_from_creation = True

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph, shown larger. Only members see it, like the whole page."
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="Anything to say before the documents and calls.")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel(
            "documents",
            heading="Documents",
            label="Document",
            help_text="Documents for members, listed newest first. Upload them to the “Members” collection: "
            "documents in a public collection can be downloaded by anyone and are refused here.",
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["members.MembershipPage"]
    subpage_types = ["members.MembersCallPage"]
    max_count = 1
    template = "members/area_page.html"

    class Meta:
        verbose_name = "members' area"

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        from .models import MembershipPage

        context = super().get_context(request, *args, **kwargs)
        # Not `.public()`: the calls inherit this page's restriction, so none of them is public.
        calls = list(MembersCallPage.objects.child_of(self).live().order_by("deadline", "pk"))
        now = timezone.now()
        context["open_calls"] = [call for call in calls if call.deadline > now]
        context["closed_calls"] = [call for call in reversed(calls) if call.deadline <= now]
        context["documents"] = self.documents.select_related("document").order_by("-date", "pk")
        context["membership_page"] = MembershipPage.objects.ancestor_of(self).live().first()
        return context


class MembersAreaDocument(models.Model):
    """A document listed in the members' area: the Wagtail document, with a title, a description and a date."""

    page = ParentalKey(MembersAreaPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The file, from the “Members” collection.",
    )
    title = models.CharField(max_length=255, blank=True, help_text="Leave empty to use the document's own title.")
    description = models.TextField(blank=True, help_text="What it is, in a sentence or two.")
    date = models.DateField(help_text="The document's date (of the meeting, or of publication); newest first.")

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("description"), FieldPanel("date")]

    class Meta:
        verbose_name = "members' document"
        verbose_name_plural = "members' documents"

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title

    def clean(self):
        super().clean()
        visibility.document_restricted_check(self.document if self.document_id else None, collection_names="“Members”")


class MembersCallPage(BasePage):
    """A call to members ('apply to host the conference'), open until its deadline and closed after it."""

    summary = models.TextField(help_text="What the call asks for, in a sentence or two; shown in the members' area.")
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The call in full.")
    deadline = models.DateTimeField(
        help_text="Responses are accepted until this moment; the call shows as closed after it."
    )
    how_to_respond = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="What to send, to whom and how.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("deadline"),
        FieldPanel("body"),
        FieldPanel("how_to_respond"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]

    parent_page_types = ["members.MembersAreaPage"]
    subpage_types = []
    template = "members/call_page.html"

    class Meta:
        verbose_name = "members' call"

    def get_meta_description(self):
        return self.search_description or self.summary

    @property
    def is_open(self) -> bool:
        return self.deadline > timezone.now()


# ---------------------------------------------------------------------------
# The restrictions: the area page's, and the "Members" collection's
# ---------------------------------------------------------------------------


def members_area_restrict(page) -> PageViewRestriction:
    """Make a page (and so everything under it) visible only to the "Members" group; changes nothing if it is."""
    from .services import members_group

    group = members_group()
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS, groups=group
    ).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(group)
    return restriction


def members_collection() -> Collection:
    """The collection of members' documents, under the root, restricted to the "Members" group.

    Made when missing; one that exists keeps the restrictions its editors gave it, plus the "Members" one if it had
    no restriction at all (a public collection of members' documents would let anyone download them).
    """
    from .services import members_group

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=MEMBERS_COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(members_group())
    return collection


# ---------------------------------------------------------------------------
# Who may pass a "Members" restriction, and what the others are told
# ---------------------------------------------------------------------------


def user_is_staff(user) -> bool:
    """Staff see everything members see. Wagtail lets superusers past group restrictions; this adds `is_staff`."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)


def is_members_restriction(restriction: BaseViewRestriction) -> bool:
    from .models import MEMBERS_GROUP_NAME

    return restriction.restriction_type == BaseViewRestriction.GROUPS and any(
        group.name == MEMBERS_GROUP_NAME for group in restriction.groups.all()
    )


def members_restriction_decision(request, restrictions) -> str | None:
    """What to do with a request for something under these restrictions, when Wagtail alone would get it wrong.

    None: leave it to Wagtail (nothing refused; an anonymous visitor, whom Wagtail sends to the login; or a
    restriction that is not the "Members" one). "staff": serve it, Wagtail would refuse staff who are not
    superusers. "forbidden": a logged-in person who is not a member, whom Wagtail would send to the login page
    they have already passed.
    """
    if not request.user.is_authenticated:
        return None
    refused = [restriction for restriction in restrictions if not restriction.accept_request(request)]
    if not refused or not all(is_members_restriction(restriction) for restriction in refused):
        return None
    return "staff" if user_is_staff(request.user) else "forbidden"


def members_only_forbidden(request) -> TemplateResponse:
    """The 403 page for a logged-in person who is not a member: why, and what they can do about it.

    It names nothing of what was asked for (not even the page's title or description).
    """
    from .models import MembershipPage
    from .queries import members_of_user

    context = {
        "memberships": list(members_of_user(request.user).order_by("name")),
        "membership_page": MembershipPage.objects.live().first(),
    }
    response = TemplateResponse(request, "members/area_forbidden.html", context, status=403)
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


def page_members_only_response(page, request, serve_args, serve_kwargs):
    """For the `before_serve_page` hook: a response for staff and for people who are not members, else None."""
    if not request.user.is_authenticated:
        return None  # anonymous visitors: Wagtail's own check sends them to the site's login
    restrictions = page.get_view_restrictions().prefetch_related("groups")
    decision = members_restriction_decision(request, restrictions)
    if decision == "forbidden":
        return members_only_forbidden(request)
    if decision == "staff":
        return page_serve_past_restrictions(page, request, serve_args, serve_kwargs)
    return None


def page_serve_past_restrictions(page, request, serve_args, serve_kwargs):
    """Serve a page through the `on_serve_page` hooks except Wagtail's view-restriction check, which knows only
    groups and superusers (`BaseViewRestriction.accept_request`)."""
    from wagtail.views import serve_chain
    from wagtail.wagtail_hooks import check_view_restrictions

    chain = serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        if wrap is not check_view_restrictions:
            chain = wrap(chain)
    response = chain(page, request, serve_args, serve_kwargs)
    add_never_cache_headers(response)
    return response


def document_members_only_response(document, request):
    """For the `before_serve_document` hook: the file for staff, a 403 for people who are not members, else None."""
    if not request.user.is_authenticated:
        return None  # anonymous visitors: Wagtail's own check sends them to the site's login
    restrictions = document.collection.get_view_restrictions().prefetch_related("groups")
    decision = members_restriction_decision(request, restrictions)
    if decision == "forbidden":
        return members_only_forbidden(request)
    if decision == "staff":
        return document_file_response(document, request)
    return None


def document_is_restricted(document_id: int) -> bool:
    """Whether the document's collection, or one it is in, has a view restriction."""
    document = get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    return document is not None and document.collection.get_view_restrictions().exists()


def document_file_response(document, request) -> HttpResponse:
    """The file with the headers Wagtail's document view gives it (`wagtail.documents.views.serve`).

    A plain `HttpResponse`, read into memory: `before_serve_document` hooks may only answer with one (a streaming
    response is ignored). Documents are at most WAGTAILDOCS_MAX_UPLOAD_SIZE, and only staff take this path.
    """
    from wagtail.documents.models import document_served

    document_served.send(sender=type(document), instance=document, request=request)
    with document.open_file() as file:
        response = HttpResponse(file.read(), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        document.content_disposition != "inline", document.filename
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
