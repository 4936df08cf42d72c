"""The simulated people of the load test (bench/load.py runs this file with locust).

Visitors read anonymously; members, customers and agents log in with an account of their own.
Everybody reads pages as a person would
(with pauses between clicks) and posts real forms carrying the CSRF token of its session.
Every write carries a unique marker in its text; the markers of the writes the server
accepted (and of those that failed) are saved when the run ends, so bench/load.py can
count them in the database afterwards.

Reads settings from the JSON file named by PORTAL_LOAD_PLAN (written by bench/load.py).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["PORTAL_LOAD_PLAN"]).read())  # noqa: SIM115
RUN = PLAN["run"]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMIT_KEY = re.compile(r'name="submit_key"[^>]*value="([^"]*)"')
OPTION = re.compile(r'<option[^>]*value="([^"]+)"')
TICKET_REF = re.compile(r'href="/tickets/([A-Za-z0-9-]+)"')
AGENT_REF = re.compile(r'href="/agent/tickets/([A-Za-z0-9-]+)"')
POST_ID = re.compile(r'action="/forum/p/(\d+)/vote"')

_counter = itertools.count(1)
_lock = threading.Lock()
_accounts = {kind: list(emails) for kind, emails in PLAN["accounts"].items()}
# (kind, marker, outcome): outcome "ok" when the server confirmed the write, else "failed".
WRITES: list[tuple[str, str, str]] = []
VOTES: list[tuple[str, int, str]] = []


def marker() -> str:
    """A marker no other write of any run shares."""
    return f"LOAD{RUN}x{next(_counter)}"


def record(kind: str, mark: str, ok: bool) -> None:
    with _lock:
        WRITES.append((kind, mark, "ok" if ok else "failed"))


@events.quitting.add_listener
def save_writes(environment, **_kwargs) -> None:
    with open(PLAN["writes_file"], "w") as fh:
        json.dump({"writes": WRITES, "votes": VOTES}, fh)


# With several app servers, each click goes to any of them, as behind a round-robin proxy;
# the cookies (session, CSRF) travel along, since they do not depend on the port.
HOSTS = PLAN.get("hosts") or []
_pause = between(3, 10)


class Person(HttpUser):
    """A logged-in person; subclasses choose the account kind and what they do."""

    abstract = True
    kind = ""

    def wait_time(self) -> float:
        """People read before they click again: a few seconds on a page, longer on an article."""
        if len(HOSTS) > 1:
            self.client.base_url = random.choice(HOSTS)
        return _pause(self)

    def on_start(self) -> None:
        with _lock:
            self.email = _accounts[self.kind].pop()
        page = self.client.get("/auth/login", name="login form")
        self.client.post(
            "/auth/login",
            data={
                "csrf_token": self.token(page.text),
                "email": self.email,
                "password": PLAN["password"],
            },
            name="login",
        )

    @staticmethod
    def token(html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else ""

    def post_form(self, path: str, page_html: str, data: dict, name: str):
        """POST a form as a browser would, without following the redirect."""
        data = {"csrf_token": self.token(page_html), **data}
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in (302, 303):
                response.success()
            else:
                response.failure(f"{response.status_code} instead of a redirect")
            return response

    # Reading, shared by everybody.

    def read_article(self) -> None:
        self.client.get("/kb/", name="kb home")
        self.client.get(f"/kb/{random.choice(PLAN['articles'])}", name="article")

    def walk_tutorial(self) -> None:
        slug, steps = random.choice(PLAN["tutorials"])
        self.client.get(f"/tutorials/{slug}", name="tutorial")
        for number in range(1, min(steps, 3) + 1):
            self.client.get(f"/tutorials/{slug}/{number}", name="tutorial step")

    def type_in_suggest_box(self) -> None:
        word = random.choice(SEARCHES)
        # Typing is debounced: a request every few letters, not one per key.
        for end in range(3, len(word) + 1, 2):
            self.client.get(
                f"/search/suggest?q={word[:end]}", name="suggest", headers={"HX-Request": "true"}
            )

    def search(self) -> None:
        self.client.get("/search", params={"q": random.choice(SEARCHES)}, name="search")


# What people type: a few words, one of them misspelt.
SEARCHES = (
    "wifi",
    "reset password",
    "router lights",
    "refund",
    "paano magbayad",
    "slow internet",
    "pasword",
    "mesh",
    "invoice",
    "cancel order",
)


class Visitor(Person):
    """Reads articles, walks tutorials, searches and types in the suggest box: no log-in.

    Most people who read a help centre never sign in, so visitors are anonymous.
    """

    kind = "visitor"
    weight = 8

    def on_start(self) -> None:
        self.email = ""

    @task(2)
    def search_page(self) -> None:
        self.search()

    @task(4)
    def article(self) -> None:
        self.read_article()

    @task(2)
    def tutorial(self) -> None:
        self.walk_tutorial()

    @task(2)
    def suggest(self) -> None:
        self.type_in_suggest_box()

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")


class Member(Person):
    """Reads the forum, replies, votes and now and then asks a question."""

    kind = "member"
    weight = 5

    def open_thread(self):
        thread = random.choice(PLAN["threads"])
        return thread, self.client.get(f"/forum/t/{thread}", name="forum thread")

    @task(4)
    def read(self) -> None:
        self.client.get("/forum/", name="forum home")
        self.open_thread()

    @task(2)
    def reply(self) -> None:
        thread, _page = self.open_thread()
        form = self.client.get(f"/forum/t/{thread}/reply", name="forum reply form")
        key = SUBMIT_KEY.search(form.text)
        mark = marker()
        response = self.post_form(
            f"/forum/t/{thread}/reply",
            form.text,
            {
                "body": f"Thanks, this helped me too. {mark}",
                "submit_key": key.group(1) if key else "",
            },
            "forum reply",
        )
        record("forum reply", mark, response.status_code in (302, 303))

    @task(1)
    def ask(self) -> None:
        form = self.client.get("/forum/new", name="forum new form")
        categories = OPTION.findall(form.text)
        key = SUBMIT_KEY.search(form.text)
        mark = marker()
        response = self.post_form(
            "/forum/new",
            form.text,
            {
                "category": random.choice(categories) if categories else "",
                "title": f"How do I keep my router fast? {mark}",
                "body": f"It slows down every evening; what should I check first? {mark}",
                "submit_key": key.group(1) if key else "",
            },
            "forum new thread",
        )
        record("forum thread", mark, response.status_code in (302, 303))

    @task(2)
    def vote(self) -> None:
        _thread, page = self.open_thread()
        posts = POST_ID.findall(page.text)
        if not posts:
            return
        post = int(random.choice(posts))
        with self.client.post(
            f"/forum/p/{post}/vote",
            data={"csrf_token": self.token(page.text), "vote": "1"},
            name="forum vote",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            ok = response.status_code in (302, 303)
            # Voting on one's own post is refused; that is the rule, not an error.
            if ok or response.status_code == 403:
                response.success()
            else:
                response.failure(f"{response.status_code}")
        if ok:
            with _lock:
                VOTES.append((self.email, post, "ok"))


class Customer(Person):
    """Opens tickets, reads their history and answers in their conversations."""

    kind = "customer"
    weight = 4

    @task(2)
    def open_ticket(self) -> None:
        form = self.client.get("/contact", name="contact")
        topics = OPTION.findall(form.text)
        mark = marker()
        response = self.post_form(
            "/contact",
            form.text,
            {
                "subject": f"My connection drops {mark}",
                "topic": topics[0] if topics else "",
                "message": f"Since yesterday the internet stops every hour. {mark}",
                "came_from": "",
            },
            "ticket open",
        )
        record("ticket", mark, response.status_code in (302, 303))

    @task(3)
    def history(self) -> None:
        listing = self.client.get("/tickets/", name="tickets list")
        refs = TICKET_REF.findall(listing.text)
        if not refs:
            return
        ref = random.choice(refs)
        page = self.client.get(f"/tickets/{ref}", name="ticket")
        if random.random() < 0.5:
            mark = marker()
            response = self.post_form(
                f"/tickets/{ref}/reply",
                page.text,
                {"body": f"Here is more detail: it happens on every device. {mark}"},
                "ticket reply",
            )
            record("ticket reply", mark, response.status_code in (302, 303))


class Agent(Person):
    """Works the queue: opens tickets and replies to customers."""

    kind = "agent"
    weight = 1

    @task
    def work(self) -> None:
        queue = self.client.get("/agent/", name="agent queue")
        refs = AGENT_REF.findall(queue.text)
        if not refs:
            return
        ref = random.choice(refs)
        page = self.client.get(f"/agent/tickets/{ref}", name="agent ticket")
        mark = marker()
        response = self.post_form(
            f"/agent/tickets/{ref}/reply",
            page.text,
            {"body": f"Thank you, we are looking into it. {mark}", "visibility": "public"},
            "agent reply",
        )
        record("agent reply", mark, response.status_code in (302, 303))
