#!/usr/bin/env python3
"""Validate data/demo/tickets.json and data/kb/ against the demo-data rules; print a summary.

    python tools/check_demo_data.py            # static checks (stdlib only)
    python tools/check_demo_data.py --app      # also replay everything through agent_tui's real
                                               # demo loader into a throw-away SQLite database

Exit status 0 when everything passes, 1 otherwise. The lifecycle rules mirror
agent_tui/domain/lifecycle.py and escalation.py; see data/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

TIERS = ("tier1", "tier2", "engineering")
LANGS = ("en", "de", "pt", "nl")
CHANNELS = ("email", "form", "phone")
PLANS = ("basic", "standard", "premium")
CHECKLIST = ("customer_number", "domain", "contact", "error_message", "reproduction_steps", "environment",
             "end_customer_contact")
OUTCOMES = ("fixed", "workaround", "answered_with_article", "added_to_roadmap", "cannot_reproduce",
            "third_party", "duplicate")
CRITERIA = {"tier2": ("deeper_knowledge", "potential_bug"), "engineering": ("code_change", "performance", "security")}
NEXT_TIER = {"tier1": "tier2", "tier2": "engineering"}
# target mix of final states (brief): (min, max)
STATUS_RANGE = {"new": (30, 45), "open": (42, 62), "pending": (25, 38), "on_hold": (12, 20),
                "solved": (34, 50), "closed": (25, 40)}
# the shipped default policy ("standard" in data/policies.toml) fires these when the demo loads
AUTOSOLVE_H = 72.0
AUTOCLOSE_H = 96.0


class Problems(list):
    def add(self, ref: str, msg: str) -> None:
        self.append(f"{ref}: {msg}")


# ---------------------------------------------------------------- severity hint (mirrors domain/triage.py)

def fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))


def load_rules() -> list[dict]:
    doc = tomllib.loads((DATA / "triage_rules.toml").read_text(encoding="utf-8"))
    rules = sorted(doc.get("rule", []), key=lambda r: r.get("priority", 100))
    for r in rules:
        r["_pats"] = [re.compile(r"(?<!\w)" + re.escape(fold(k)).replace(r"\ ", r"\s+") + r"(?!\w)")
                      for k in r.get("keywords", []) if k.strip()]
    return rules


def severity_hint(rules: list[dict], subject: str, body: str, plan: str, channel: str) -> str:
    text = fold(subject) + "\n" + fold(body)
    for r in rules:
        if r.get("plans") and plan not in r["plans"]:
            continue
        if r.get("channels") and channel not in r["channels"]:
            continue
        if r["_pats"] and not any(p.search(text) for p in r["_pats"]):
            continue
        return r["severity"]
    return "general_question"


# ---------------------------------------------------------------- ticket replay

def replay(t: dict, agents: dict, p: Problems) -> dict:
    ref = t.get("ref", "?")
    st = {"status": "new", "tier": "tier1", "assignee": None, "hold": None, "checklist": dict(t.get("checklist") or {}),
          "first_up_actor": None, "previous": None, "pending_since": None, "solved_at": None, "surveyed": False,
          "escalations": 0, "outcome": None}
    created = t["created_hours_ago"]
    prev = created
    for i, step in enumerate(t.get("script") or []):
        where = f"step {i + 1} ({step.get('do')})"
        h = step.get("hours_ago")
        if not isinstance(h, (int, float)):
            p.add(ref, f"{where}: hours_ago missing")
            continue
        if h >= created:
            p.add(ref, f"{where}: hours_ago {h} not after creation ({created})")
        if h > prev:
            p.add(ref, f"{where}: hours_ago {h} goes back in time (previous {prev})")
        if h <= 0:
            p.add(ref, f"{where}: hours_ago must be > 0")
        prev = h
        do = step.get("do")
        s = st["status"]
        agent = step.get("agent")
        if agent is not None and agent not in agents:
            p.add(ref, f"{where}: unknown agent {agent!r}")
            continue
        if s == "closed":
            p.add(ref, f"{where}: nothing may follow close")
            break

        def need(cond: bool, msg: str) -> bool:
            if not cond:
                p.add(ref, f"{where}: {msg} (status {s}, tier {st['tier']}, assignee {st['assignee']})")
            return cond

        if do == "assign":
            if need(s in ("new", "open", "pending", "on_hold"), "cannot assign") and \
               need(agents.get(agent) == st["tier"], f"agent {agent} works {agents.get(agent)}"):
                st["assignee"] = agent
                if s == "new":
                    st["status"] = "open"
        elif do == "reply":
            need(bool(str(step.get("body", "")).strip()), "empty body")
            if s == "new" and agents.get(agent) == st["tier"]:  # replying takes a new ticket
                st["assignee"], st["status"] = agent, "open"
            else:
                need(s in ("open", "pending", "on_hold"), "cannot reply")
        elif do == "note":
            need(bool(str(step.get("body", "")).strip()), "empty body")
            need(s != "closed", "cannot note")
        elif do == "set_checklist":
            fields = step.get("fields") or {}
            for k, v in fields.items():
                need(k in CHECKLIST, f"unknown checklist field {k}")
                if k == "end_customer_contact":
                    need(v in ("yes", "no"), "end_customer_contact must be yes/no")
            st["checklist"].update(fields)
        elif do == "request_info":
            if need(s in ("open", "pending"), "cannot request info") and need(st["assignee"], "needs an assignee"):
                st["status"], st["pending_since"] = "pending", h
        elif do == "customer_reply":
            need(bool(str(step.get("body", "")).strip()), "empty body")
            if need(s in ("new", "open", "pending", "on_hold", "solved"), "customer cannot reply"):
                if s in ("pending", "on_hold", "solved"):
                    if st["assignee"] is None and st["previous"]:
                        st["assignee"] = st["previous"]
                    st["status"], st["hold"], st["pending_since"], st["solved_at"] = "open", None, None, None
        elif do == "hold":
            if need(s == "open", "cannot hold") and need(st["assignee"], "needs an assignee") and \
               need(step.get("kind", "third_party") in ("third_party", "other"),
                    "hold kind must be third_party (approval holds come from propose_solution)") and \
               need(bool(str(step.get("reason", "")).strip()), "reason required"):
                st["status"], st["hold"] = "on_hold", step.get("kind", "third_party")
        elif do == "propose_solution":
            need(bool(str(step.get("solution", "")).strip()), "solution required")
            if need(s == "open", "cannot propose") and need(st["assignee"], "needs an assignee"):
                if not step.get("hotfix"):
                    st["status"], st["hold"] = "on_hold", "approval"
        elif do == "approve":
            if need(s == "on_hold" and st["hold"] == "approval", "not waiting for approval"):
                st["status"], st["hold"] = "open", None
        elif do == "resume":
            if need(s == "on_hold" and st["hold"] != "approval", "cannot resume (approval holds need approve)"):
                st["status"], st["hold"] = "open", None
        elif do == "escalate":
            to = step.get("to")
            ok = need(s == "open", "can only escalate an open ticket") and need(st["assignee"], "needs an assignee")
            ok = ok and need(to == NEXT_TIER.get(st["tier"]), f"next tier from {st['tier']} is {NEXT_TIER.get(st['tier'])}")
            ok = ok and need(step.get("criterion") in CRITERIA.get(to, ()), f"criterion {step.get('criterion')!r} not for {to}")
            gaps = [k for k in CHECKLIST if not str(st["checklist"].get(k) or "").strip()]
            ok = ok and need(not gaps, f"checklist incomplete: {gaps}")
            ok = ok and need(bool(str(step.get("findings", "")).strip()) and bool(str(step.get("steps_taken", "")).strip()),
                             "findings and steps_taken required")
            if ok:
                if st["tier"] == "tier1":
                    st["first_up_actor"] = agent
                st["previous"], st["assignee"], st["tier"] = st["assignee"], None, to
                st["escalations"] += 1
        elif do == "deescalate":
            if need(s == "open", "can only de-escalate an open ticket") and need(st["tier"] != "tier1", "already tier1") \
               and need(bool(str(step.get("summary", "")).strip()), "summary required"):
                st["tier"] = "tier1"
                back = st["first_up_actor"]
                st["assignee"] = back if back and agents.get(back) == "tier1" else None
        elif do == "solve":
            if need(s in ("open", "pending", "on_hold"), "cannot solve") and need(st["assignee"], "needs an assignee") \
               and need(step.get("outcome") in OUTCOMES, f"outcome {step.get('outcome')!r}"):
                st["status"], st["solved_at"], st["hold"], st["outcome"] = "solved", h, None, step["outcome"]
                st["pending_since"] = None
        elif do == "survey":
            sc = step.get("score")
            if need(s in ("solved", "closed"), "survey only after solve") and \
               need(isinstance(sc, int) and 1 <= sc <= 7, "score 1..7") and need(not st["surveyed"], "one survey only"):
                st["surveyed"] = True
        elif do == "close":
            if need(s == "solved", "can only close a solved ticket"):
                st["status"] = "closed"
        else:
            p.add(ref, f"{where}: unknown step")
    return st


def after_sweep(st: dict) -> str:
    """What the shipped default policy's timers turn the final state into when the demo loads
    (the sweep runs once at load time: overdue pending tickets are auto-solved *now*)."""
    if st["status"] == "pending" and st["pending_since"] is not None and st["pending_since"] >= AUTOSOLVE_H:
        return "solved"
    if st["status"] == "solved" and st["solved_at"] is not None and st["solved_at"] >= AUTOCLOSE_H:
        return "closed"
    return st["status"]


# ---------------------------------------------------------------- KB

def check_kb(p: Problems) -> Counter:
    langs: Counter = Counter()
    kb = DATA / "kb"
    files = sorted(kb.glob("*")) if kb.is_dir() else []
    md = [f for f in files if f.suffix == ".md"]
    rst = [f for f in files if f.suffix == ".rst"]
    if len(md) < 64:
        p.add("kb", f"only {len(md)} .md articles (need >= 64)")
    if len(rst) < 2:
        p.add("kb", f"only {len(rst)} .rst articles (need 2)")
    for f in md + rst:
        text = f.read_text(encoding="utf-8")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-(en|de|pt|nl)\.(md|rst)", f.name):
            p.add(f.name, "file name must be a kebab-case slug with a language suffix")
        if f.suffix == ".md":
            m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
            if not m:
                p.add(f.name, "no YAML front matter")
                continue
            meta, body = m.group(1), m.group(2)
            fields = dict(re.findall(r"^(\w+):\s*(.*)$", meta, re.M))
        else:
            fields = dict(re.findall(r"^:(\w+):\s*(.*)$", text, re.M))
            body = re.sub(r"^:\w+:.*$", "", text, flags=re.M)
        for key in ("title", "language", "tags", "author") if f.suffix == ".md" else ("title", "language", "tags"):
            if not fields.get(key, "").strip():
                p.add(f.name, f"missing {key}")
        lang = fields.get("language", "").strip()
        if lang not in LANGS:
            p.add(f.name, f"language {lang!r}")
        elif not f.stem.endswith("-" + lang):
            p.add(f.name, f"suffix does not match language {lang}")
        langs[lang] += 1
        words = len(re.findall(r"\w+", body))
        if not 150 <= words <= 520:
            p.add(f.name, f"body has {words} words (want 150-500)")
    return langs


# ---------------------------------------------------------------- main

def table(title: str, counter: Counter, order=None) -> None:
    keys = order or sorted(counter)
    print(f"\n{title}")
    for k in keys:
        print(f"  {k:<24}{counter.get(k, 0):>5}")
    print(f"  {'total':<24}{sum(counter.values()):>5}")


def run_app_loader() -> str:
    """Replay the demo through agent_tui's real loader into a temporary SQLite file."""
    import tempfile
    from datetime import UTC, datetime

    try:
        from sqlmodel import func, select

        from agent_tui.domain.clock import FixedClock
        from agent_tui.services.context import Context
        from agent_tui.services.demo import load_demo
        from agent_tui.store.db import open_database, sqlite_url
        from agent_tui.store.migrate import upgrade
        from agent_tui.store.models import Ticket
    except ImportError as exc:
        return f"skipped (agent_tui not importable here: {exc}); run with the project's virtualenv"
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(sqlite_url(Path(tmp) / "demo.db"))
        upgrade(db)
        counts = load_demo(Context(db, FixedClock(datetime.now(UTC)), "alice"), DATA)
        out = [f"ok: {counts}"]
        with db.read() as s:
            for col in (Ticket.status, Ticket.severity, Ticket.tier, Ticket.language):
                out.append(f"  {col.key}: {dict(s.exec(select(col, func.count()).group_by(col)).all())}")
        db.engine.dispose() if hasattr(db, "engine") else None
        return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", action="store_true", help="also load the demo with agent_tui's real loader")
    args = ap.parse_args()

    p = Problems()
    doc = json.loads((DATA / "demo" / "tickets.json").read_text(encoding="utf-8"))
    raw = (DATA / "demo" / "tickets.json").read_text(encoding="utf-8")
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw):
        p.add("json", "contains control characters")

    agents = {}
    for a in doc["agents"]:
        if a.get("tier") not in TIERS:
            p.add("agents", f"{a.get('name')}: bad tier")
        if a["name"] in agents:
            p.add("agents", f"duplicate {a['name']}")
        agents[a["name"]] = a["tier"]
    tier_agents = Counter(agents.values())
    if not 8 <= len(agents) <= 10:
        p.add("agents", f"{len(agents)} agents (want 8-10)")

    customers = {}
    for c in doc["customers"]:
        no = c.get("customer_number")
        if no in customers:
            p.add("customers", f"duplicate {no}")
        if c.get("plan") not in PLANS:
            p.add("customers", f"{no}: plan {c.get('plan')!r}")
        if not str(c.get("email", "")).endswith(".example") or not str(c.get("domain", "")).endswith(".example"):
            p.add("customers", f"{no}: email/domain must be under .example")
        if c.get("email", "").split("@")[-1] != c.get("domain"):
            p.add("customers", f"{no}: email domain differs from domain")
        customers[no] = c
    companies = {c["company"] for c in customers.values()}
    if not 30 <= len(customers) <= 40:
        p.add("customers", f"{len(customers)} customers (want 30-40)")

    rules = load_rules()
    refs, texts = set(), set()
    status, status_sweep, langs, tiers, sev, outcomes, channels = (Counter() for _ in range(7))
    lang_sev: Counter = Counter()
    open_tier, pending_age, hold_kind = Counter(), Counter(), Counter()
    surveys = escalated = 0
    for t in doc["tickets"]:
        ref = t.get("ref", "?")
        if ref in refs:
            p.add(ref, "duplicate ref")
        refs.add(ref)
        if t.get("customer") not in customers:
            p.add(ref, f"unknown customer {t.get('customer')}")
            continue
        if t.get("channel") not in CHANNELS:
            p.add(ref, f"channel {t.get('channel')!r}")
        if t.get("language") not in LANGS:
            p.add(ref, f"language {t.get('language')!r}")
        h = t.get("created_hours_ago")
        if not isinstance(h, float) or not 0.5 <= h <= 400:
            p.add(ref, f"created_hours_ago {h!r} (float 0.5..400)")
        if not str(t.get("subject", "")).strip() or not str(t.get("body", "")).strip():
            p.add(ref, "subject and body required")
        key = (t["subject"].strip().lower(), t["body"].strip().lower())
        if key in texts:
            p.add(ref, "subject+body not distinct")
        texts.add(key)
        tags = t.get("tags", [])
        if len(tags) > 4 or any(tag != tag.lower() for tag in tags):
            p.add(ref, "0-4 lowercase tags")
        for k, v in (t.get("checklist") or {}).items():
            if k not in CHECKLIST:
                p.add(ref, f"unknown checklist key {k}")
            if k == "end_customer_contact" and v not in ("yes", "no"):
                p.add(ref, "end_customer_contact must be yes/no")
        end = replay(t, agents, p)
        status[end["status"]] += 1
        status_sweep[after_sweep(end)] += 1
        langs[t["language"]] += 1
        tiers[end["tier"]] += 1
        channels[t["channel"]] += 1
        cust = customers[t["customer"]]
        s = severity_hint(rules, t["subject"], t["body"], cust["plan"], t["channel"])
        sev[s] += 1
        lang_sev[(t["language"], s)] += 1
        if end["outcome"] and end["status"] in ("solved", "closed"):
            outcomes[end["outcome"]] += 1
        surveys += end["surveyed"]
        escalated += end["escalations"] > 0
        if end["status"] == "open":
            open_tier[end["tier"]] += 1
        if end["status"] == "pending":
            age = end["pending_since"]
            pending_age["< 48 h" if age < 48 else "48-72 h (auto-solve soon)" if age < 72
                        else "5-13 days (7/14-day presets)" if 120 <= age <= 13 * 24 else "other"] += 1
        if end["status"] == "on_hold":
            hold_kind[end["hold"]] += 1
        if end["status"] == "new" and t.get("script"):
            p.add(ref, "new tickets have no script")

    # ---- mix requirements
    if len(doc["tickets"]) < 210:
        p.add("tickets", f"only {len(doc['tickets'])} tickets (need >= 210)")
    for lang in LANGS:
        if langs[lang] < 10:
            p.add("tickets", f"only {langs[lang]} tickets in {lang}")
    for tier in TIERS:
        if tiers[tier] < 5:
            p.add("tickets", f"only {tiers[tier]} tickets at {tier}")
    for o in OUTCOMES:
        if outcomes[o] < 3:
            p.add("tickets", f"only {outcomes[o]} tickets with outcome {o}")
    for name, (lo, hi) in STATUS_RANGE.items():
        if not lo <= status[name] <= hi:
            p.add("tickets", f"{status[name]} tickets end {name} (want {lo}-{hi})")
    if open_tier["tier2"] < 10 or open_tier["engineering"] < 5:
        p.add("tickets", f"open at tier2/engineering: {open_tier['tier2']}/{open_tier['engineering']} (want ~15/~8)")
    n = len(doc["tickets"])
    share = {k: v / n for k, v in sev.items()}
    if not (0.14 <= share.get("critical", 0) <= 0.27 and 0.35 <= share.get("moderate", 0) <= 0.55
            and 0.25 <= share.get("general_question", 0) <= 0.45):
        p.add("tickets", f"severity mix off: {({k: round(v, 2) for k, v in share.items()})}")
    body_all = "\n".join(t["subject"] + "\n" + t["body"] for t in doc["tickets"])
    for needle, what in (("[URGENT]", "square-bracket subject"), ("[bold red]", "markup typed by a customer"),
                         ("DROP TABLE", "pasted SQL error"), ("see subject", "empty-ish body")):
        if needle not in body_all:
            p.add("tickets", f"missing nasty input: {what}")
    if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", body_all) or not re.search(r"[\U0001F300-\U0001FAFF]", body_all):
        p.add("tickets", "missing CJK/emoji body")
    if max(len(t["body"]) for t in doc["tickets"]) < 2800:
        p.add("tickets", "missing a ~3,000-character body")

    kb_langs = check_kb(p)

    # ---- summary
    print(f"tickets {n}, customers {len(customers)} from {len(companies)} companies, agents {len(agents)} "
          f"({dict(tier_agents)}), escalated at some point {escalated}, surveys {surveys}")
    table("final status (as scripted)", status, list(STATUS_RANGE))
    table("status after the load-time sweep (default policy: auto-solve 3 d, auto-close 4 d)", status_sweep,
          list(STATUS_RANGE))
    table("open tickets by tier", open_tier, list(TIERS))
    table("final tier (all tickets)", tiers, list(TIERS))
    table("language", langs, list(LANGS))
    table("severity hint (data/triage_rules.toml)", sev, ["critical", "moderate", "general_question"])
    print("\nseverity by language")
    for lang in LANGS:
        row = "  ".join(f"{s[:4]}={lang_sev[(lang, s)]:>3}" for s in ("critical", "moderate", "general_question"))
        print(f"  {lang}  {row}")
    table("pending since", pending_age)
    table("on hold kind", hold_kind)
    table("outcome (solved + closed)", outcomes, list(OUTCOMES))
    table("channel", channels, list(CHANNELS))
    table("KB articles by language", kb_langs, list(LANGS))

    if args.app:
        print("\nreal loader:", run_app_loader())

    if p:
        print(f"\n{len(p)} PROBLEM(S):")
        for line in p:
            print("  -", line)
        return 1
    print("\nALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
