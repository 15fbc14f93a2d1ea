vcl 4.1;
# The edge cache in front of web (docker-compose.yml's `proxy`, docs/caching.md). It keeps what web marks
# `public, s-maxage` for as long as that says, passes everyone with a session, and drops pages when web purges them
# (core/edge_cache.py). The backends, one for each replica of web, come from varnish-start.sh.

import std;
import directors;

include "backends.vcl";

sub vcl_recv {
    if (local.socket == "purge") {
        # Web's purges come to a port of their own, which compose does not publish: no visitor can send one.
        if (req.method != "PURGE") {
            return (synth(405));
        }
        # "/events/x/*" is that page at every query string and sub-route; "/*" is the whole site. The bans match
        # the address each copy was fetched for (x-url, set below), so Varnish can drop them in the background.
        if (req.url ~ "\*$") {
            ban("obj.http.x-url ~ ^" + regsub(req.url, "\*$", ""));
        } else {
            ban("obj.http.x-url == " + req.url);
        }
        return (synth(200, "Purged"));
    }
    if (req.method == "PURGE") {
        return (synth(405));
    }
    set req.backend_hint = web.backend();

    # Campaign tags change nothing on a page: one copy whatever they say, and parameters in one order.
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid)=[^&]*&?", "");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A member, an editor or anyone part way through a flow kept in the session gets pages of their own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Everyone else shares one copy: the cookies they send (analytics, an old CSRF cookie) change nothing on it.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # A page seen over HTTPS has links and a canonical address of its own.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    set beresp.http.x-url = bereq.url;
    # Once its s-maxage has run out, a copy is served once more while a fresh one is fetched, and for a while if
    # web cannot answer; a purge drops it at once all the same.
    set beresp.grace = 2m;
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
