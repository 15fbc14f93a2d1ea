"""The public newsletter routes, under /newsletter/ (cep_site/urls.py), ahead of Wagtail's pages.

The archive of issues is a page (NewsletterIndexPage), so its own addresses are Wagtail's; these few paths are
taken before it and no issue can be called "subscribe", "confirm", "unsubscribe", "account" or "webhooks".
"""

from django.urls import path

from . import views, webhook_views

app_name = "newsletter"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    # Tokens are URL-safe base64 (secrets.token_urlsafe): anything else is not one, and never reaches the database.
    path("unsubscribe/<slug:token>/", views.unsubscribe, name="unsubscribe"),
    path("account/subscribe/", views.account_subscribe, name="account_subscribe"),
    path("account/unsubscribe/", views.account_unsubscribe, name="account_unsubscribe"),
    # Bounces and complaints from the sending provider: ses, postmark, mailgun, sendgrid (newsletter.webhooks).
    path("webhooks/<slug:provider>/", webhook_views.provider_webhook, name="webhook"),
]
