"""A fake Stripe API on loopback, for tests and the browser test: the edge of our world.

It implements only what billing calls (customers, Checkout sessions, billing portal sessions,
subscriptions retrieve/update, invoices list), honours and records idempotency keys, and signs
webhook events with Stripe's real scheme (`t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`),
which the real SDK verifies. For the browser it serves a checkout page whose "Pay" button
creates the subscription, delivers the signed events to the webhook URL and redirects to the
session's success_url.

    python -m tests.fakes.stripe_server --port 12111 \
        --webhook-url http://127.0.0.1:8000/api/v1/billing/webhooks/stripe/ --webhook-secret whsec_x

`POST /_control/subscriptions/<id or "latest">/payment_failed` (or `payment_succeeded`) makes
the renewal fail (or succeed) and delivers the signed event: how a browser test reaches past_due.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import html
import itertools
import json
import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

PERIOD = 30 * 24 * 3600


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def form_decode(body: str) -> dict[str, Any]:
    """`a[b][0][c]=1` form encoding (what the SDK sends) -> nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    stripe_version: str | None
    replayed: bool = False


@dataclass
class FakeStripe:
    webhook_url: str = ""
    webhook_secret: str = "whsec_fake"
    requests: list[Recorded] = field(default_factory=list)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    deliveries: list[tuple[str, int]] = field(default_factory=list)
    _idempotent: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _lock: Any = field(default_factory=threading.RLock)
    _server: ThreadingHTTPServer | None = None
    base_url: str = ""

    # -- lifecycle --------------------------------------------------------------------------
    def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        fake = self

        class Handler(_Handler):
            stripe = fake

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            for store in (self.customers, self.sessions, self.subscriptions, self.invoices):
                store.clear()
            self.requests.clear()
            self.deliveries.clear()
            self._idempotent.clear()

    def _id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):06d}"

    # -- what tests ask ---------------------------------------------------------------------
    def calls(self, method: str, path_prefix: str) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if r.method == method and r.path.startswith(path_prefix) and not r.replayed
        ]

    # -- the API ----------------------------------------------------------------------------
    def handle_api(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, Any]:
        with self._lock:
            route = [
                ("POST", r"^/v1/customers$", self._customer_create),
                ("POST", r"^/v1/checkout/sessions$", self._session_create),
                ("GET", r"^/v1/checkout/sessions/(?P<id>[\w]+)$", self._session_get),
                ("POST", r"^/v1/billing_portal/sessions$", self._portal_create),
                ("GET", r"^/v1/subscriptions/(?P<id>[\w]+)$", self._subscription_get),
                ("POST", r"^/v1/subscriptions/(?P<id>[\w]+)$", self._subscription_update),
                ("GET", r"^/v1/invoices$", self._invoice_list),
            ]
            for verb, pattern, handler in route:
                match = re.match(pattern, path)
                if verb == method and match:
                    return handler(params, **match.groupdict())
            return _error(404, f"Unrecognized request URL ({method}: {path}).")

    def _customer_create(self, params: dict[str, Any]) -> tuple[int, Any]:
        customer = {
            "id": self._id("cus"),
            "object": "customer",
            "name": params.get("name"),
            "email": params.get("email"),
            "metadata": params.get("metadata", {}),
        }
        self.customers[customer["id"]] = customer
        return 200, customer

    def _session_create(self, params: dict[str, Any]) -> tuple[int, Any]:
        if params.get("customer") not in self.customers:
            return _error(400, f"No such customer: '{params.get('customer')}'")
        items = params.get("line_items") or []
        if not items or not items[0].get("price"):
            return _error(400, "line_items[0][price] is required")
        session_id = self._id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "status": "open",
            "customer": params["customer"],
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "subscription": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.base_url}/checkout/{session_id}",
            "_line_items": items,
            "_subscription_data": params.get("subscription_data", {}),
        }
        self.sessions[session_id] = session
        return 200, _public(session)

    def _session_get(self, params: dict[str, Any], id: str) -> tuple[int, Any]:
        if id not in self.sessions:
            return _error(404, f"No such checkout.session: '{id}'")
        return 200, _public(self.sessions[id])

    def _portal_create(self, params: dict[str, Any]) -> tuple[int, Any]:
        if params.get("customer") not in self.customers:
            return _error(400, f"No such customer: '{params.get('customer')}'")
        portal_id = self._id("bps")
        return 200, {
            "id": portal_id,
            "object": "billing_portal.session",
            "customer": params["customer"],
            "return_url": params.get("return_url"),
            "url": f"{self.base_url}/portal/{portal_id}?return={params.get('return_url', '')}",
        }

    def _subscription_get(self, params: dict[str, Any], id: str) -> tuple[int, Any]:
        if id not in self.subscriptions:
            return _error(404, f"No such subscription: '{id}'")
        return 200, self.subscriptions[id]

    def _subscription_update(self, params: dict[str, Any], id: str) -> tuple[int, Any]:
        subscription = self.subscriptions.get(id)
        if subscription is None:
            return _error(404, f"No such subscription: '{id}'")
        for change in params.get("items") or []:
            for item in subscription["items"]["data"]:
                if item["id"] == change.get("id") and "quantity" in change:
                    item["quantity"] = int(change["quantity"])
        if "cancel_at_period_end" in params:
            subscription["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"
        return 200, subscription

    def _invoice_list(self, params: dict[str, Any]) -> tuple[int, Any]:
        found = [
            invoice
            for invoice in self.invoices.values()
            if invoice["customer"] == params.get("customer")
        ]
        found.sort(key=lambda invoice: (invoice["created"], invoice["id"]), reverse=True)
        limit = int(params.get("limit") or 10)
        return 200, {
            "object": "list",
            "url": "/v1/invoices",
            "has_more": len(found) > limit,
            "data": found[:limit],
        }

    # -- what happens at Stripe (test controls) ---------------------------------------------
    def checkout_complete(self, session_id: str) -> list[dict[str, Any]]:
        """The customer paid: a subscription and a paid invoice exist. The events, in the
        order Stripe might send them."""
        with self._lock:
            session = self.sessions[session_id]
            line = session["_line_items"][0]
            now = int(time.time())
            sub_id = self._id("sub")
            subscription = {
                "id": sub_id,
                "object": "subscription",
                "customer": session["customer"],
                "status": "active",
                "cancel_at_period_end": False,
                "created": now,
                "trial_end": None,
                "ended_at": None,
                "metadata": (session["_subscription_data"] or {}).get("metadata", {}),
                "items": {
                    "object": "list",
                    "data": [
                        {
                            "id": self._id("si"),
                            "object": "subscription_item",
                            "price": {"id": line["price"], "object": "price"},
                            "quantity": int(line.get("quantity") or 1),
                            "current_period_start": now,
                            "current_period_end": now + PERIOD,
                        }
                    ],
                },
            }
            self.subscriptions[sub_id] = subscription
            session["status"] = "complete"
            session["subscription"] = sub_id
            invoice = self._invoice_new(subscription, paid=True)
            return [
                self.event("customer.subscription.created", subscription),
                self.event("checkout.session.completed", _public(session)),
                self.event("invoice.paid", invoice),
            ]

    def _invoice_new(self, subscription: dict[str, Any], *, paid: bool) -> dict[str, Any]:
        item = subscription["items"]["data"][0]
        amount = 49_900 * int(item["quantity"])
        invoice_id = self._id("in")
        invoice = {
            "id": invoice_id,
            "object": "invoice",
            "number": f"FAKE-{len(self.invoices) + 1:04d}",
            "customer": subscription["customer"],
            "status": "paid" if paid else "open",
            "currency": "inr",
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "created": int(time.time()) + len(self.invoices),
            "hosted_invoice_url": f"{self.base_url}/invoice/{invoice_id}",
            "invoice_pdf": f"{self.base_url}/invoice/{invoice_id}.pdf",
            "parent": {
                "type": "subscription_details",
                "subscription_details": {"subscription": subscription["id"]},
            },
        }
        self.invoices[invoice_id] = invoice
        return invoice

    def subscription_status_set(self, sub_id: str, status: str) -> dict[str, Any]:
        with self._lock:
            subscription = self.subscriptions[sub_id]
            subscription["status"] = status
            if status == "canceled":
                subscription["ended_at"] = int(time.time())
                return self.event("customer.subscription.deleted", subscription)
            return self.event("customer.subscription.updated", subscription)

    def payment_fail(self, sub_id: str) -> dict[str, Any]:
        with self._lock:
            subscription = self.subscriptions[sub_id]
            subscription["status"] = "past_due"
            return self.event("invoice.payment_failed", self._invoice_new(subscription, paid=False))

    def payment_succeed(self, sub_id: str) -> dict[str, Any]:
        with self._lock:
            subscription = self.subscriptions[sub_id]
            subscription["status"] = "active"
            return self.event("invoice.paid", self._invoice_new(subscription, paid=True))

    def event(self, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self._id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": json.loads(json.dumps(obj))},
        }

    def signed(
        self, event: dict[str, Any], *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        payload = json.dumps(event).encode()
        return payload, sign(payload, secret or self.webhook_secret, timestamp)

    def deliver(self, event: dict[str, Any]) -> int:
        """POST a signed event to the webhook URL, as Stripe does."""
        payload, signature = self.signed(event)
        request = urllib.request.Request(  # noqa: S310 (loopback, http only)
            self.webhook_url,
            data=payload,
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        self.deliveries.append((event["id"], status))
        return status


def _public(session: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in session.items() if not k.startswith("_")}


def _error(status: int, message: str) -> tuple[int, Any]:
    return status, {"error": {"type": "invalid_request_error", "message": message}}


CHECKOUT_PAGE = """<!doctype html><html><head><title>Fake Stripe Checkout</title>
<style>body{{font-family:sans-serif;max-width:420px;margin:60px auto}}
button{{font-size:18px;padding:10px 24px;background:#635bff;color:#fff;border:0;border-radius:6px}}
</style></head><body><h1>Fake Stripe Checkout</h1>
<p>Price <strong id="price">{price}</strong> &times; <strong id="quantity">{quantity}</strong>
seat(s)</p><form method="post" action="/checkout/{id}/pay"><button type="submit">Pay</button>
</form><p><a href="{cancel}">Cancel</a></p></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    stripe: FakeStripe
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", **{"Request-Id": "req_f"})

    def _api(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = form_decode(body if method == "POST" else url.query)
        if not (self.headers.get("Authorization") or "").startswith("Bearer sk_"):
            self._json(401, {"error": {"type": "invalid_request_error", "message": "No key"}})
            return
        key = self.headers.get("Idempotency-Key")
        fake = self.stripe
        record = Recorded(method, url.path, params, key, self.headers.get("Stripe-Version"))
        with fake._lock:
            fake.requests.append(record)
            if method == "POST" and key and key in fake._idempotent:
                record.replayed = True
                status, data = fake._idempotent[key]
                self._json(status, data)
                return
            status, data = fake.handle_api(method, url.path, params)
            if method == "POST" and key:
                fake._idempotent[key] = (status, json.loads(json.dumps(data)))
        self._json(status, data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/v1/"):
            self._api("GET")
            return
        match = re.match(r"^/checkout/(\w+)$", url.path)
        if match and match[1] in self.stripe.sessions:
            session = self.stripe.sessions[match[1]]
            line = session["_line_items"][0]
            page = CHECKOUT_PAGE.format(
                id=session["id"],
                price=html.escape(str(line["price"])),
                quantity=html.escape(str(line.get("quantity") or 1)),
                cancel=html.escape(session["cancel_url"] or "/"),
            )
            self._send(200, page.encode(), "text/html; charset=utf-8")
            return
        if url.path.startswith("/portal/"):
            back = dict(parse_qsl(url.query)).get("return", "/")
            page = f'<h1>Fake billing portal</h1><a href="{html.escape(back)}">Return</a>'
            self._send(200, page.encode(), "text/html; charset=utf-8")
            return
        self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/v1/"):
            self._api("POST")
            return
        # Test control (browser tests): what happens at Stripe, delivered to the webhook.
        control = re.match(
            r"^/_control/subscriptions/(\w+)/(payment_failed|payment_succeeded)$", url.path
        )
        subs = self.stripe.subscriptions
        sub_id = (list(subs)[-1] if subs else "") if control and control[1] == "latest" else ""
        sub_id = sub_id or (control[1] if control else "")
        if control and sub_id in subs:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            happen = (
                self.stripe.payment_fail
                if control[2] == "payment_failed"
                else self.stripe.payment_succeed
            )
            event = happen(sub_id)
            status = self.stripe.deliver(event) if self.stripe.webhook_url else 0
            self._json(200, {"event": event["id"], "webhook_status": status})
            return
        match = re.match(r"^/checkout/(\w+)/pay$", url.path)
        if match and match[1] in self.stripe.sessions:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            session = self.stripe.sessions[match[1]]
            if session["status"] == "open":
                for event in self.stripe.checkout_complete(session["id"]):
                    if self.stripe.webhook_url:
                        self.stripe.deliver(event)
            self._send(303, b"", "text/plain", Location=session["success_url"])
            return
        self._send(404, b"not found", "text/plain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default="")
    parser.add_argument("--webhook-secret", default="whsec_fake")
    args = parser.parse_args()
    fake = FakeStripe(webhook_url=args.webhook_url, webhook_secret=args.webhook_secret)
    print(f"fake stripe at {fake.start(args.port, args.host)}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
