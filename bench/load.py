"""Many people at once: a mixed workload against gunicorn and PostgreSQL, driven by locust.

    .venv/bin/pip install -r requirements-bench.txt
    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--steps 10,25,50] [--reports 10000]

Loopback only, bounded in users and time. It (re)creates the database `sro_load` on
PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication; --database-url to change),
migrates it, loads the whole demo and REPORTS filed Form As, starts gunicorn with
2 x cores + 1 workers on 127.0.0.1:8150, and runs locust headless once per step of users
(a tenth of them arrive each second), printing throughput and p50/p95/p99 per request type.

The workload (the issue's mix, scaled to --users): 60 % SROs editing a complete draft, autosaving
every 10 s and signing it after three saves (each SRO starts at a random one of the four steps:
people are at different points of their drafts; --lockstep starts every SRO at the first save,
so all of them sign within the same ten seconds, every forty); 16 % Chiefs in the inbox opening, receiving and
returning reports; 12 % Superintendents and principals reading dashboards and compilations;
12 % data stewards on the roster. Each simulated person has their own session (made on the
server, as the test Client's force_login does: the sign-in's one-time code cannot be replayed
fifty times). Each simulated SRO has an account of their own (the demo's two, then `load-sro-N`
accounts made like them); the other roles share the demo's accounts, which only read or act on
reports. One task worker (`manage.py db_worker`) runs beside gunicorn on the same cores, as in
production: it lays out each received Form A's PDF and sends the notices' emails (to memory).
After each step the script prints how many PDFs the worker laid out and how many tasks still
wait, so work moved off the request is still counted.

This file is also the locustfile: locust imports it with LOAD_SESSIONS set and uses the User
classes below; nothing Django is imported then.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys

PORT = 8150
SLUG = "westport"
PASSWORD = "westport-demo-2023"
MIX = {"SRO": 30, "Chief": 8, "Reader": 6, "Steward": 6}  # of 50

if os.environ.get("LOAD_SESSIONS"):
    from locust import HttpUser, between, constant, task

    # Each step has its own sessions and drafts: a draft signed in one step is gone in the next.
    SESSIONS = json.loads(open(os.environ["LOAD_SESSIONS"]).read())[os.environ["LOAD_STEP"]]  # noqa: SIM115
    _taken: dict[str, int] = {}

    def _next(kind: str) -> dict:
        i = _taken.get(kind, 0)
        _taken[kind] = i + 1
        pool = SESSIONS[kind]
        return pool[i % len(pool)]

    class Person(HttpUser):
        abstract = True
        kind = ""

        def on_start(self) -> None:
            self.me = _next(self.kind)
            self.client.cookies.set("sessionid", self.me["session"])
            self.client.cookies.set("csrftoken", self.me["csrf"])

        def post(self, url: str, data: dict, name: str) -> None:
            headers = {"X-CSRFToken": self.me["csrf"], "Referer": self.host + url}
            with self.client.post(url, data=data, headers=headers, name=name, catch_response=True) as r:
                if r.status_code >= 400:
                    r.failure(f"{r.status_code}")

    class SRO(Person):
        """Edits a complete draft, autosaving every 10 s, and signs it after three saves."""

        kind = "SRO"
        weight = MIX["SRO"]
        wait_time = constant(10)

        def on_start(self) -> None:
            super().on_start()
            self.drafts = list(self.me["drafts"])
            # Where this SRO is in their first draft: saved 0 to 3 times (see the module's note).
            self.saves = 0 if os.environ.get("LOAD_LOCKSTEP") else random.randrange(4)
            self.client.get(f"/{SLUG}/", name="sro dashboard")
            self.open_next()

        def open_next(self) -> None:
            self.draft = self.drafts.pop(0) if self.drafts else None
            if self.draft:
                self.client.get(f"/{SLUG}/reports/{self.draft['pk']}/", name="sro Form A edit")

        @task
        def work(self) -> None:
            if not self.draft:
                self.client.get(f"/{SLUG}/reports/", name="sro Form A list")
                return
            pk = self.draft["pk"]
            if self.saves < 3:
                self.saves += 1
                self.post(f"/{SLUG}/reports/{pk}/save/", self.draft["data"], "sro autosave")
                return
            self.client.get(f"/{SLUG}/reports/{pk}/sign/", name="sro review and sign")
            self.post(f"/{SLUG}/reports/{pk}/sign/", {"signature": PASSWORD}, "sro sign (Argon2)")
            self.saves = 0
            self.client.get(f"/{SLUG}/reports/", name="sro Form A list")
            self.open_next()

    class Chief(Person):
        """Opens the inbox, then a waiting report, and receives or returns some."""

        kind = "Chief"
        weight = MIX["Chief"]
        wait_time = between(3, 8)

        @task
        def inbox(self) -> None:
            page = self.client.get(f"/{SLUG}/reports/inbox/", name="chief inbox").text
            waiting = re.findall(rf'href="/{SLUG}/reports/inbox/(\d+)/"', page)
            if not waiting:
                return
            pk = random.choice(waiting)
            self.client.get(f"/{SLUG}/reports/inbox/{pk}/", name="chief review")
            roll = random.random()
            if roll < 0.3:
                self.post(f"/{SLUG}/reports/inbox/{pk}/receive/", {"signature": PASSWORD}, "chief receive (Argon2)")
            elif roll < 0.4:
                reason = "Please give the time of the incident precisely; the entry reads as a range."
                self.post(f"/{SLUG}/reports/inbox/{pk}/return/", {"reason": reason}, "chief return")

    class Reader(Person):
        """A Superintendent or a principal reading dashboards and compilations."""

        kind = "Reader"
        weight = MIX["Reader"]
        wait_time = between(3, 8)

        @task(2)
        def dashboard(self) -> None:
            self.client.get(f"/{SLUG}/", name="reader dashboard")

        @task(2)
        def compilations(self) -> None:
            if not self.me.get("compilations"):
                self.client.get(f"/{SLUG}/calendar/", name="reader calendar")
                return
            page = self.client.get(f"/{SLUG}/compilations/", name="reader compilations").text
            found = re.findall(rf'href="/{SLUG}/compilations/(\d+)/"', page)
            if found:
                self.client.get(f"/{SLUG}/compilations/{random.choice(found)}/", name="reader compilation")

        @task(1)
        def notices(self) -> None:
            self.client.get(f"/{SLUG}/notices/", name="reader notices")

    class Steward(Person):
        """A data steward on the roster page."""

        kind = "Steward"
        weight = MIX["Steward"]
        wait_time = between(3, 8)

        @task(3)
        def roster(self) -> None:
            self.client.get(f"/{SLUG}/students/", name="steward roster")

        @task(1)
        def dashboard(self) -> None:
            self.client.get(f"/{SLUG}/", name="steward dashboard")


def prepare(database_url: str, reports: int, steps: list[int], folder: str) -> str:
    """Create the database, the data and one session per simulated person; return the sessions file."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(_server_env(database_url, folder))
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils.module_loading import import_string

    from accounts.models import Membership, User
    from agreements.demo import load
    from agreements.management.commands.load_demo import STEPS

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    westport = load()
    for step in STEPS:
        import_string(step)(westport, stdout=open(os.devnull, "w"))  # noqa: SIM115
    sys.path.insert(0, os.path.join(settings.BASE_DIR, "bench"))
    from _setup import add_reports

    add_reports(reports, returned_share=0.005)
    from reporting.tests.filing import draft, post_data

    def session_for(username: str) -> dict:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return {"session": client.cookies["sessionid"].value, "csrf": "x" * 32}

    sros = list(Membership.objects.filter(agreement__slug=SLUG, role="sro").select_related("user"))
    sros += more_sros(max(max(1, round(users * MIX["SRO"] / 50)) for users in steps) - len(sros), sros[0])
    every: dict[str, dict[str, list[dict]]] = {}
    for users in steps:
        n = {kind: max(1, round(users * share / 50)) for kind, share in MIX.items()}
        sessions: dict[str, list[dict]] = {"SRO": [], "Chief": [], "Reader": [], "Steward": []}
        for i in range(n["SRO"]):
            sro = sros[i % len(sros)]
            person = session_for(sro.user.username)
            person["drafts"] = []
            for _ in range(6):
                report = draft(sro, students=2)
                person["drafts"].append({"pk": report.pk, "data": post_data(report)})
            sessions["SRO"].append(person)
        for _ in range(n["Chief"]):
            sessions["Chief"].append(session_for("chief"))
        for i in range(n["Reader"]):
            username = ("superintendent", "principal")[i % 2]
            sessions["Reader"].append({**session_for(username), "compilations": username == "superintendent"})
        for _ in range(n["Steward"]):
            sessions["Steward"].append(session_for("steward"))
        every[str(users)] = sessions
    path = os.path.join(folder, "sessions.json")
    with open(path, "w") as f:
        json.dump(every, f)
    return path


def more_sros(count: int, like) -> list:
    """COUNT more SROs in the agreement, each with their own account, signed in and enrolled in
    MFA as the demo's SRO is, with the primary school of the demo's SROs in turn: one simulated
    SRO per account, so no account collects the drafts of several people."""
    from accounts.models import Membership, User
    from agreements.models import School

    schools = list(School.objects.filter(agreements__slug=SLUG).order_by("pk"))
    password = like.user.password  # the same Argon2 hash: the SROs sign with the demo's password
    made = []
    for i in range(count):
        user = User.objects.create(
            username=f"load-sro-{i}",
            first_name="Load",
            last_name=f"Officer {i}",
            password=password,
            totp_secret=like.user.totp_secret,
            totp_confirmed_at=like.user.totp_confirmed_at,
        )
        made.append(
            Membership.objects.create(
                user=user,
                agreement=like.agreement,
                role=like.role,
                title=like.title,
                badge_number=str(500 + i),
                primary_school=schools[i % len(schools)],
                starts_on=like.starts_on,
            )
        )
    return made


def _server_env(database_url: str, folder: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "sro.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": os.path.join(folder, "media"),
        "EMAIL_URL": "locmem:",
        "LOG_LEVEL": "WARNING",
    }


def run_step(users: int, seconds: int, sessions: str, folder: str, *, lockstep: bool = False) -> list[dict]:
    import csv
    import subprocess

    prefix = os.path.join(folder, f"step{users}")
    env = {**os.environ, "LOAD_SESSIONS": sessions, "LOAD_STEP": str(users), "LOAD_LOCKSTEP": "1" if lockstep else ""}
    locust = os.path.join(os.path.dirname(sys.executable), "locust")
    subprocess.run(
        [locust, "-f", os.path.abspath(__file__), "--headless", "--only-summary", "--users", str(users),
         "--spawn-rate", str(max(1, users // 10)), "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}",
         "--csv", prefix, "--stop-timeout", "10", "--loglevel", "WARNING"],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=open(prefix + ".log", "w"),  # noqa: SIM115
    )  # fmt: skip
    with open(prefix + "_stats.csv") as f:
        return list(csv.DictReader(f))


def main() -> None:
    import argparse
    import subprocess
    import tempfile
    import time
    import urllib.request

    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--steps", default="", help="user counts to run in turn, e.g. 10,25,50")
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/sro_load")
    parser.add_argument("--lockstep", action="store_true", help="every SRO starts at its first save (see above)")
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")] if args.steps else [args.users]
    folder = tempfile.mkdtemp(prefix="sro-load-")
    t = time.perf_counter()
    sessions = prepare(args.database_url, args.reports, steps, folder)
    print(f"prepared in {time.perf_counter() - t:.0f} s (database {args.database_url}, files in {folder})")
    workers = 2 * os.cpu_count() + 1
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "sro.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(workers), "--threads", str(args.threads),
         "--log-level", "warning"],
        cwd=root, env={**os.environ, **_server_env(args.database_url, folder)},
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "1", "--no-reload", "-v", "0"],
        cwd=root, env={**os.environ, **_server_env(args.database_url, folder)},
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(1)
        for users in steps:
            load_before = os.getloadavg()[0]
            rows = run_step(users, args.seconds, sessions, folder, lockstep=args.lockstep)
            load_after = os.getloadavg()
            print(f"\n{users} users for {args.seconds} s{' (SROs in lockstep)' if args.lockstep else ''}, gunicorn -w {workers} --threads {args.threads}, "
                  f"load average {load_before:.1f} before, {load_after[0]:.1f} after (5 min {load_after[1]:.1f})")  # fmt: skip
            print(f"{'request type':<32} {'requests':>8} {'fails':>6} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}")
            for row in rows:
                print(f"{row['Name']:<32} {row['Request Count']:>8} {row['Failure Count']:>6} "
                      f"{float(row['Requests/s']):6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}")  # fmt: skip
            print(queue_report(args.database_url))
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)


def queue_report(database_url: str) -> str:
    """What the task worker did and has left, read straight from its queue."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT task_path, status, count(*) FROM django_tasks_database_dbtaskresult"
            " GROUP BY task_path, status ORDER BY task_path, status"
        ).fetchall()
    counts = "; ".join(f"{path.rsplit('.', 1)[-1]} {status.lower()} {n}" for path, status, n in rows) or "none"
    return f"task worker, all steps so far: {counts}"


if __name__ == "__main__":
    main()
