from allauth.account import views as account_views

from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import routing, views
from core.public_forms import answered_in_even_time
from home.pattern_library import pattern_library
from members import views as members_views
from wordpress import views as wordpress_views

# allauth answers a rate-limited request with the view named here (Django itself does not use it).
handler429 = "members.views.too_many_requests"

urlpatterns = [
    # Every component of the public face with sample content, for staff (behind the admin login).
    path("admin/patterns/", pattern_library, name="pattern_library"),
    path("admin/", include(wagtailadmin_urls)),
    # Sign-up, login, logout, e-mail verification and passwords (django-allauth, e-mail accounts only).
    # allauth's e-mail confirmation, answering 404 with its message for a used, expired or tampered key.
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", members_views.email_confirm),
    # Answered alike for a known and an unknown address, in time as well (core/public_forms.py).
    path("accounts/signup/", answered_in_even_time(account_views.signup), name="account_signup"),
    path(
        "accounts/password/reset/", answered_in_even_time(account_views.password_reset), name="account_reset_password"
    ),
    path("accounts/", include("allauth.urls")),
    # A person's own account page: profile, membership, registrations, their data and erasure (members/views.py).
    path("account/", members_views.account, name="account"),
    path("account/data.json", members_views.account_data, name="account_data"),
    path("account/delete/", members_views.account_delete, name="account_delete"),
    path("account/invoices/", include("fees.urls")),
    path("account/deleted/", members_views.account_deleted, name="account_deleted"),
    # Wagtail's document view, marking the answers about restricted documents private (members/views.py).
    path("documents/<int:document_id>/<str:document_filename>", members_views.document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # Newsletter sign-up, confirmation and unsubscribe links; the archive of issues is a page below.
    path("newsletter/", include("newsletter.urls")),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz/", views.healthz, name="healthz"),
    # The old WordPress site's files, resized copies of images included, to what they were imported as.
    re_path(r"^(?:.+/)?wp-content/uploads/(?P<name>.+)$", wordpress_views.uploaded_file),
]

urlpatterns.append(re_path(r"^media/(?P<path>(?:original_images|images)/[^/]+)$", views.public_media))

# Wagtail's own views for restricted pages (`_util/`: the password form's answer, the login), then its page serving,
# with routes kept in the cache (core/routing.py), last: it catches every other path, `_util/` ones included.
urlpatterns += [pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"]
urlpatterns.append(re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"))
