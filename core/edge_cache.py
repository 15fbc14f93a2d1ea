"""Emptying the edge: the caching proxy in front of web (Varnish, deploy/varnish/) or a CDN, through Wagtail's
frontend cache backends (`WAGTAILFRONTENDCACHE`, set from the environment in cep_site/settings/base.py).

A URL ending in `*` stands for every address under it: `https://host/*` for the whole site, `…/events/x/*` for one
page at every query string and sub-route. Varnish bans by that prefix (deploy/varnish/default.vcl), Cloudflare
purges by host or prefix (`CloudflareBackend` below), CloudFront invalidates the same path. Purges are sent once
per transaction, after it commits: sent earlier, the edge could fetch the page again before the change is visible.
"""

import logging
import threading
from urllib.parse import urlsplit

import requests

from django.db import transaction

from wagtail.contrib.frontend_cache.backends.cloudflare import CloudflareBackend as WagtailCloudflareBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

logger = logging.getLogger(__name__)

_pending = threading.local()


def purge_site() -> None:
    """Have the edge drop every page of every site, once the current transaction commits."""
    if get_backends():
        from wagtail.models import Site

        _purge_at_commit(f"{site.root_url}/*" for site in Site.objects.all())


def purge_under(url: str) -> None:
    """Have the edge drop `url` and every address under it, once the current transaction commits."""
    if get_backends():
        _purge_at_commit([url.rstrip("/") + "/*"])


def _purge_at_commit(urls) -> None:
    # Every call adds its own callback; the first to run sends what all of them asked for, the others find nothing
    # left. After a rollback the URLs wait for the next commit: a purge too many costs one page fetched again.
    urls_pending().update(urls)
    transaction.on_commit(_send_pending)


def urls_pending() -> set[str]:
    if not hasattr(_pending, "urls"):
        _pending.urls = set()
    return _pending.urls


def _send_pending() -> None:
    urls = sorted(urls_pending())
    urls_pending().clear()
    if urls:
        purge_urls_from_cache(urls)


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare backend, which purges exact URLs, and purges "everything under" URLs by host (the whole
    site) or by prefix, as Cloudflare's API allows on every plan."""

    def purge_batch(self, urls) -> None:
        exact = [url for url in urls if not url.endswith("*")]
        if exact:
            super().purge_batch(exact)
        hosts, prefixes = [], []
        for url in urls:
            if url.endswith("*"):
                parts = urlsplit(url[:-1])
                if parts.path in ("", "/"):
                    hosts.append(parts.hostname)
                else:
                    prefixes.append(parts.netloc + parts.path)
        for kind, values in (("hosts", hosts), ("prefixes", prefixes)):
            for start in range(0, len(values), self.CHUNK_SIZE):
                self._purge({kind: values[start : start + self.CHUNK_SIZE]})

    def _purge(self, data: dict) -> None:
        if self.cloudflare_token:
            headers = {"Authorization": f"Bearer {self.cloudflare_token}"}
        else:
            headers = {"X-Auth-Email": self.cloudflare_email, "X-Auth-Key": self.cloudflare_api_key}
        try:
            response = requests.post(self.cloudflare_purge_endpoint_url, json=data, headers=headers, timeout=30)
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Could not purge %s from Cloudflare: %s", data, error)
            return
        if not answer.get("success"):
            logger.error("Could not purge %s from Cloudflare: %s", data, answer.get("errors"))
