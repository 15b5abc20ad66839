"""Screenshots of travel_crm's main screens, taken in a real headless Chromium.

Usage (``make screenshots`` starts a temporary server and calls this):

    python tools/screenshots.py --url http://localhost:8069 --db travel_crm_demo

Signs in through Odoo's JSON-RPC (``/web/session/authenticate``), hands the
session cookie to Debian's ``chromium`` over the DevTools protocol (websocket),
opens each screen, waits until the web client shows it and saves a PNG into
``docs/screenshots/`` and ``travel_crm/static/description/``. A screen that
lands on the login page or never shows what it waits for stops the script with
an error: no screenshot is better than a wrong one.

Screens: the travellers list, the richest traveller's form, a booking that has
an invoice, a complaint, and a portal traveller's ``/my`` page.

``--lang zh_CN`` takes them in another installed language, into
``docs/screenshots/<lang>/``: each user reads that language for the time of the
shots, then gets their own back.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests
import websocket

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIRS = (
    os.path.join(REPO_ROOT, "docs", "screenshots"),
    os.path.join(REPO_ROOT, "travel_crm", "static", "description"),
)
WIDTH, HEIGHT = 1440, 900
TIMEOUT = 60


class ScreenshotError(Exception):
    pass


# ----------------------------------------------------------------------
# Odoo over JSON-RPC
# ----------------------------------------------------------------------


class OdooSession:
    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.http = requests.Session()
        result = self._rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        if not result.get("uid"):
            raise ScreenshotError(f"cannot sign in as {login} on {db}")
        self.session_id = self.http.cookies["session_id"]

    def _rpc(self, path, params):
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise ScreenshotError(json.dumps(body["error"])[:500])
        return body["result"]

    def call(self, model, method, args, kwargs=None):
        return self._rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def use_lang(self, lang):
        """Switches the signed-in user to ``lang``; returns their own language."""
        uid = self._rpc("/web/session/get_session_info", {})["uid"]
        own = self.call("res.users", "read", [[uid], ["lang"]])[0]["lang"]
        self.call("res.users", "write", [[uid], {"lang": lang}])
        return own

    def search(self, model, domain, order, limit=1):
        return self._rpc(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": "search",
                "args": [domain],
                "kwargs": {"order": order, "limit": limit},
            },
        )


# ----------------------------------------------------------------------
# Chromium over the DevTools protocol
# ----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="travel_crm_shots_")
        self.port = free_port()
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise ScreenshotError(
                "chromium is not installed (apt-get install chromium)"
            )
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.socket = websocket.create_connection(
            self._page_websocket_url(), timeout=TIMEOUT, suppress_origin=True
        )
        self._id = 0
        self.call("Page.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )

    def _page_websocket_url(self):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{self.port}/json", timeout=5
                ).json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise ScreenshotError("chromium did not open its DevTools port")

    def call(self, method, params=None):
        self._id += 1
        self.socket.send(
            json.dumps({"id": self._id, "method": method, "params": params or {}})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise ScreenshotError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}
        )
        return result.get("result", {}).get("value")

    def sign_in(self, base_url, session_id):
        self.call("Network.clearBrowserCookies")
        self.call(
            "Network.setCookie",
            {"name": "session_id", "value": session_id, "url": base_url, "path": "/"},
        )

    def shoot(self, url, ready_selector, path, click=None):
        self.call("Page.navigate", {"url": url})
        deadline = time.time() + TIMEOUT
        check = (
            "(() => { if (location.pathname.startsWith('/web/login')) return 'login';"
            f" const el = document.querySelector({json.dumps(ready_selector)});"
            " const busy = document.querySelector('.o_loading_indicator, .o_blockUI');"
            " const done = el && !busy && document.readyState === 'complete';"
            " return done ? 'ready' : 'wait';"
            " })()"
        )
        state = "wait"
        while time.time() < deadline:
            state = self.evaluate(check)
            if state != "wait":
                break
            time.sleep(0.5)
        if state == "login":
            raise ScreenshotError(f"{url} asked for a login: the session was refused")
        if state != "ready":
            raise ScreenshotError(f"{url} never showed {ready_selector}")
        if click:
            found = self.evaluate(
                f"(() => {{ const el = document.querySelector({json.dumps(click)});"
                " if (el) { el.click(); } return Boolean(el); })()"
            )
            if not found:
                raise ScreenshotError(f"{url} has no {click} to open")
        time.sleep(1.5)  # let fonts, avatars and charts settle
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


# ----------------------------------------------------------------------
# The screens
# ----------------------------------------------------------------------


def first(session, model, domains, order):
    """The first record matching the first domain that matches any."""
    for domain in domains:
        ids = session.search(model, domain, order)
        if ids:
            return ids[0]
    raise ScreenshotError(f"no {model} record to show: load demo data first")


def backend_screens(session):
    traveller = first(
        session,
        "res.partner",
        [
            [
                ("is_traveller", "=", True),
                ("travel_booking_ids", "!=", False),
                ("travel_document_ids", "!=", False),
            ],
            [("is_traveller", "=", True), ("travel_document_ids", "!=", False)],
            [("is_traveller", "=", True)],
        ],
        "id",
    )
    booking = first(
        session,
        "travel.booking",
        [[("invoice_ids", "!=", False)], []],
        "amount_total desc, id",
    )
    complaint = first(
        session,
        "travel.complaint",
        [[("state", "=", "in_progress")], []],
        "priority desc, id",
    )
    proposal = first(
        session,
        "travel.booking",
        [[("state", "=", "sent"), ("option_ids", "!=", False)], []],
        "id",
    )
    form = ".o_form_view .o_form_sheet"
    return [
        (
            "proposal",
            f"/odoo/action-travel_crm.travel_booking_action/{proposal}",
            form,
            ".o_notebook a.nav-link[name='proposal']",
        ),
        (
            "travellers",
            "/odoo/action-travel_crm.res_partner_action_traveller?view_type=list",
            ".o_list_view .o_data_row",
            None,
        ),
        (
            "traveller-form",
            f"/odoo/action-travel_crm.res_partner_action_traveller/{traveller}",
            form,
            ".o_notebook a.nav-link[name='traveller']",
        ),
        (
            "booking-invoice",
            f"/odoo/action-travel_crm.travel_booking_action/{booking}",
            form,
            None,
        ),
        (
            "complaint",
            f"/odoo/action-travel_crm.travel_complaint_action/{complaint}",
            form,
            None,
        ),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="travel_crm_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--portal-login", default="portal")
    parser.add_argument("--portal-password", default="portal")
    parser.add_argument("--lang", help="an installed language, e.g. zh_CN")
    args = parser.parse_args(argv)

    out_dirs = OUT_DIRS if not args.lang else (os.path.join(OUT_DIRS[0], args.lang),)
    for directory in out_dirs:
        os.makedirs(directory, exist_ok=True)
    staff = OdooSession(args.url, args.db, args.login, args.password)
    screens = [(staff, *screen) for screen in backend_screens(staff)]
    portal = OdooSession(args.url, args.db, args.portal_login, args.portal_password)
    screens.append(
        (portal, "portal", "/my", ".o_portal_my_home .o_portal_index_card", None)
    )
    own_langs = {}
    browser = Browser()
    try:
        if args.lang:
            own_langs = {
                session: session.use_lang(args.lang) for session in (staff, portal)
            }
        for session, name, path, ready, click in screens:
            browser.sign_in(args.url, session.session_id)
            target = os.path.join(out_dirs[0], f"{name}.png")
            browser.shoot(args.url.rstrip("/") + path, ready, target, click)
            for directory in out_dirs[1:]:
                shutil.copyfile(target, os.path.join(directory, f"{name}.png"))
            print(f"{target}  {path}")
    finally:
        browser.close()
        for session, lang in own_langs.items():
            session.use_lang(lang)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ScreenshotError as error:
        print(f"screenshots: {error}", file=sys.stderr)
        sys.exit(1)
