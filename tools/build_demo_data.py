#!/usr/bin/env python3
"""Assemble data/demo/tickets.json from the hand-written scenarios in tools/demo_scenarios/.

Each scenario names a customer, the customer's own subject and message, and a
"story" (what happened to the ticket so far).  This script turns the story
into a timed script of agent/customer steps that respects the ticket
lifecycle, fills the agent-side texts (the ticket-specific ones come from the
scenario, the rest from small per-language phrase lists), and writes the JSON.

    python tools/build_demo_data.py          # writes data/demo/tickets.json
    python tools/check_demo_data.py          # validates it
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from demo_scenarios import common as C  # noqa: E402
from demo_scenarios import de, en, nl, pt  # noqa: E402

OUT = ROOT / "data" / "demo" / "tickets.json"


def r1(x: float) -> float:
    return round(x, 1)


class Builder:
    def __init__(self, sc: dict, idx: int):
        self.sc = sc
        self.idx = idx
        self.rng = random.Random(f"demo-{idx}-{sc['s']}")
        self.lang = sc["lang"]
        self.cust = C.CUSTOMER_BY_NO[sc["c"]]
        self.first = self.cust["name"].split()[0]
        self.t1 = sc.get("t1") or C.TIER1_BY_LANG[self.lang][idx % len(C.TIER1_BY_LANG[self.lang])]
        self.t2 = sc.get("t2") or C.TIER2[idx % len(C.TIER2)]
        self.eng = sc.get("eng") or C.ENG[idx % len(C.ENG)]
        self.steps: list[dict] = []
        self.checklist = dict(sc.get("cl") or {})

    # ---- phrases
    def pick(self, table: dict, key: str | None = None) -> str:
        options = table[self.lang] if key is None else table[key][self.lang]
        return self.rng.choice(options)

    def fmt(self, text: str, agent: str) -> str:
        return text.format(first=self.first, agent=C.AGENT_DISPLAY[agent].split()[0])

    def add(self, do: str, agent: str | None = None, **kw) -> None:
        step = {"do": do}
        if agent:
            step["agent"] = agent
        step.update(kw)
        self.steps.append(step)

    def reply(self, agent: str, text: str | None = None) -> None:
        self.add("reply", agent, body=self.fmt(text or self.pick(C.ACK), agent))

    def ask(self, agent: str, text: str | None = None) -> None:
        self.add("request_info", agent, body=self.fmt(text or self.pick(C.ASK), agent))

    def answer(self, text: str | None = None) -> None:
        self.add("customer_reply", body=text or self.pick(C.ANSWER))

    def full_checklist(self) -> dict:
        cust = self.cust
        return {
            "customer_number": cust["customer_number"],
            "domain": cust["domain"],
            "contact": cust["email"],
            "error_message": self.sc.get("err") or "see description",
            "reproduction_steps": self.sc.get("repro") or "see description",
            "environment": self.sc.get("env") or "Windows 11, Chrome 130",
            "end_customer_contact": self.sc.get("ecc", "yes"),
        }

    def fill_checklist(self, agent: str) -> None:
        full = self.full_checklist()
        missing = {k: v for k, v in full.items() if not str(self.checklist.get(k) or "").strip()}
        if missing:
            self.add("set_checklist", agent, fields=missing)
            self.checklist.update(missing)

    def escalate(self, agent: str, to: str) -> None:
        sc = self.sc
        if to == "tier2":
            crit = sc.get("crit2") or ("potential_bug" if sc.get("bug", True) else "deeper_knowledge")
            self.add("escalate", agent, to="tier2", criterion=crit,
                     findings=sc.get("f") or "Customer-reported issue, see ticket body.",
                     steps_taken=sc.get("steps") or self.rng.choice(C.STEPS_T1),
                     workaround=sc.get("wa1", ""), logs=sc.get("logs", ""))
        else:
            self.add("escalate", agent, to="engineering", criterion=sc.get("crit3") or "code_change",
                     findings=sc.get("f3") or ("Confirmed at Tier 2. " + (sc.get("f") or "")),
                     steps_taken=sc.get("steps3") or self.rng.choice(C.STEPS_T2),
                     workaround=sc.get("wa", ""), logs=sc.get("logs3") or sc.get("logs", ""))

    # ---- story parts
    def escalation_chain(self, depth: int, back: bool) -> None:
        """tier1 → tier2 (→ engineering), optionally back to tier1."""
        sc = self.sc
        self.add("assign", self.t1)
        self.reply(self.t1, sc.get("r"))
        if sc.get("q"):
            self.ask(self.t1, sc["q"])
            self.answer(sc.get("a"))
        self.fill_checklist(self.t1)
        self.add("note", self.t1, body=sc.get("n") or self.rng.choice(C.NOTE_BEFORE_ESC))
        self.escalate(self.t1, "tier2")
        if depth == 2 and not back and sc.get("unassigned"):
            return
        self.add("assign", self.t2)
        self.add("note", self.t2, body=sc.get("n2") or self.rng.choice(C.NOTE_T2))
        if depth >= 3:
            self.escalate(self.t2, "engineering")
            if not back and sc.get("unassigned"):
                return
            self.add("assign", self.eng)
            self.add("note", self.eng, body=sc.get("n3") or self.rng.choice(C.NOTE_ENG))
        if back:
            who = self.eng if depth >= 3 else self.t2
            self.add("deescalate", who, summary=sc.get("ds") or sc.get("res") or "Resolved at a higher tier.")
            self.add("assign", self.t1)

    def finish(self, close: bool) -> None:
        sc = self.sc
        out = sc.get("out", "fixed")
        self.add("reply", self.t1, body=self.fmt(sc.get("fx") or self.pick(C.OUTCOME_MSG, out), self.t1))
        self.add("solve", self.t1, outcome=out, resolution=sc.get("res") or C.DEFAULT_RES[out])
        if sc.get("reopen"):
            self.answer(sc["reopen"])
            self.add("reply", self.t1, body=self.fmt(sc.get("fx2") or self.pick(C.ACK), self.t1))
            self.add("solve", self.t1, outcome=sc.get("out2", out),
                     resolution=sc.get("res2") or sc.get("res") or C.DEFAULT_RES[out])
        if sc.get("sc"):
            self.add("survey", score=sc["sc"])
        if close:
            self.add("close", self.t1)

    def build(self) -> dict:
        sc = self.sc
        st = sc["st"]
        if st in ("solved", "closed"):
            esc = sc.get("esc", 0)
            if esc:
                self.escalation_chain(esc, back=True)
            else:
                self.add("assign", self.t1)
                if not sc.get("noack"):
                    self.reply(self.t1, sc.get("r"))
                if sc.get("q"):
                    self.ask(self.t1, sc["q"])
                    self.answer(sc.get("a"))
                if sc.get("n"):
                    self.add("note", self.t1, body=sc["n"])
            if sc.get("tp"):
                self.add("hold", self.t1, kind="third_party", reason=sc["tp"])
                self.add("resume", self.t1, note=sc.get("tpr", "Third party answered."))
            if sc.get("appr"):
                self.add("propose_solution", self.t1, solution=sc["appr"], hotfix=False)
                self.add("approve", self.t1, note=sc.get("apn") or self.rng.choice(C.APPROVAL_NOTES))
            if sc.get("hot"):
                self.add("propose_solution", self.t1, solution=sc["hot"], hotfix=True)
            self.finish(close=(st == "closed"))
        elif st == "new":
            pass
        elif st == "open":
            self.add("assign", self.t1)
            if not sc.get("noack"):
                self.reply(self.t1, sc.get("r"))
            if sc.get("q"):
                self.ask(self.t1, sc["q"])
                self.answer(sc.get("a"))
            if sc.get("n"):
                self.add("note", self.t1, body=sc["n"])
        elif st in ("tier2", "eng"):
            self.escalation_chain(2 if st == "tier2" else 3, back=False)
        elif st == "pending":
            self.add("assign", self.t1)
            if sc.get("r"):
                self.reply(self.t1, sc["r"])
            if sc.get("a"):  # asked once, answered, asked again
                self.ask(self.t1, sc.get("q0"))
                self.answer(sc["a"])
            self.ask(self.t1, sc.get("q"))
        elif st == "hold":
            self.add("assign", self.t1)
            self.reply(self.t1, sc.get("r"))
            if sc.get("n"):
                self.add("note", self.t1, body=sc["n"])
            if sc.get("appr"):
                self.add("propose_solution", self.t1, solution=sc["appr"], hotfix=False)
            else:
                self.add("hold", self.t1, kind="third_party", reason=sc["tp"])
        else:
            raise SystemExit(f"unknown story {st!r} in {sc['s']!r}")
        return self.timed()

    # ---- timing
    def timed(self) -> dict:
        sc, rng, st = self.sc, self.rng, self.sc["st"]
        n = len(self.steps)
        created = sc.get("h")
        last = sc.get("last")  # hours ago of the last step
        if st == "new":
            created = created or r1(rng.uniform(0.5, 30))
        elif st == "pending":
            last = last or r1(rng.uniform(20, 48))
            created = created or r1(last + rng.uniform(3, 40))
        elif st == "solved":
            last = last or r1(rng.uniform(2, 70))
            created = created or r1(last + rng.uniform(8, 130))
        elif st == "closed":
            last = last or r1(rng.uniform(2, 160))
            created = created or r1(last + rng.uniform(80, 230))
        elif st == "hold":
            last = last or r1(rng.uniform(3, 60))
            created = created or r1(last + rng.uniform(4, 90))
        elif st in ("tier2", "eng"):
            last = last or r1(rng.uniform(0.5, 20))
            created = created or r1(last + rng.uniform(20, 150))
        else:
            last = last or r1(rng.uniform(0.3, 8))
            created = created or r1(last + rng.uniform(1, 60))
        created = min(created, 400.0)
        item = {
            "ref": sc["ref"],
            "customer": self.cust["customer_number"],
            "channel": sc.get("ch", "email"),
            "language": self.lang,
            "created_hours_ago": float(created),
        }
        item["subject"] = sc["s"]
        item["body"] = sc["b"]
        item["tags"] = sc.get("tags", [])
        item["checklist"] = dict(sc.get("cl") or {})
        if n:
            # first step a little after creation, the last at `last`; spread the rest
            start = created - min(max(0.2, (created - last) * 0.08), 3.0)
            span = start - last
            times = [start - span * (i / (n - 1)) if n > 1 else last for i in range(n)]
            # a customer's answer takes a while; keep strictly decreasing at 0.1 h resolution
            out = []
            prev = created
            for t in times:
                t = r1(min(t, prev - 0.1))
                out.append(t)
                prev = t
            if out[-1] <= 0:
                raise SystemExit(f"{sc['ref']}: not enough room for {n} steps between {created} and {last}")
            for step, t in zip(self.steps, out, strict=True):
                step["hours_ago"] = t
            item["script"] = [{"hours_ago": s.pop("hours_ago"), **s} for s in self.steps]
        else:
            item["script"] = []
        return item


def main() -> None:
    scenarios = en.TICKETS + de.TICKETS + pt.TICKETS + nl.TICKETS
    # interleave languages a little so the queue does not look sorted by language
    rng = random.Random(7)
    rng.shuffle(scenarios)
    tickets = []
    seen = set()
    for i, sc in enumerate(scenarios, start=1):
        sc["ref"] = f"demo-{i:03d}"
        key = sc["s"]
        if key in seen:
            raise SystemExit(f"duplicate subject: {key}")
        seen.add(key)
        tickets.append(Builder(sc, i).build())
    doc = {"agents": C.AGENTS, "customers": C.CUSTOMERS, "tickets": tickets}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(tickets)} tickets, {len(C.CUSTOMERS)} customers, "
          f"{len(C.AGENTS)} agents")


if __name__ == "__main__":
    main()
