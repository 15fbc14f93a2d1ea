"""Signal receivers of the events app, connected in `EventsConfig.ready`."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published

from core import page_cache

from .delivery import emails_dispatch
from .models import EventPage, Registration
from .reminders import updates_queue


def event_published(sender, instance, **kwargs):
    """A published change of time goes to the registrants, with the new calendar file; drafts send nothing."""
    if not instance.live:
        return  # published with a go-live time still to come: word goes out when it goes live
    emails_dispatch(updates_queue(instance))


def registration_changed(sender, instance, **kwargs):
    """The event's page shows how many places are left; nothing else does, so the rest of the site stays cached."""
    page_cache.purge_page(instance.event)


def connect():
    post_save.connect(registration_changed, sender=Registration, dispatch_uid="events.registration_saved")
    post_delete.connect(registration_changed, sender=Registration, dispatch_uid="events.registration_deleted")
    page_published.connect(event_published, sender=EventPage, dispatch_uid="events.event_published")
