"""Negotiation progress: how the text and the room moved, milestone by milestone (pandas, no Qt).

A milestone is a meeting (the state at the end of its day), a revision issued (the state when it
was issued, its brackets those of the versions it holds), and "now". For each: the principles
drafted, the brackets still in their texts, the principles agreed under the roundtable's rule, and
how many delegations took each stance on the text then current — counting a meeting's attendees
where its attendance is recorded, else every delegation, as the consensus view does.

Everything is read back from the history, never from today's values: each position in force at a
milestone is the last one recorded by then (a withdrawal ends it), a position given on an older
version of the text counts as none (`consensus.py`), a silence opened on that version agrees the
principle once its deadline had passed unbroken, and a roll-call vote closed by then that adopted
it does too. Per delegation, the stance shifts: changes of stance on a principle (restating the
same stance on a new text is none), towards agreement or away from it (object → reservation →
abstain → support with amendments → support).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .consensus import parse_rule, status_of_tally
from .stances import NO_POSITION, NO_POSITION_LABEL, STANCE_LABELS, STANCE_ORDER, Stance, Status
from .storage import history_frames as frames
from .storage.database import now_iso
from .validation import stored_time
from .words import plural

# How far a stance is towards agreement: a move up is towards, down is away.
AGREEMENT_RANK = {Stance.OBJECT: 0, Stance.RESERVATION: 1, Stance.ABSTAIN: 2,
                  Stance.SUPPORT_WITH_AMENDMENTS: 3, Stance.SUPPORT: 4}
AGREEMENT_RANK_BY_VALUE = {s.value: rank for s, rank in AGREEMENT_RANK.items()}
STANCE_COLUMNS = [s.value for s in STANCE_ORDER] + [NO_POSITION]
MILESTONE_COLUMNS = ["kind", "label", "date", "at", "counted", "principles", "brackets", "agreed", *STANCE_COLUMNS]
MILESTONE_HEADINGS = {"label": "milestone", "kind": "kind", "date": "date", "counted": "delegations counted",
                      "principles": "principles", "brackets": "brackets", "agreed": "agreed",
                      **{s.value: STANCE_LABELS[s] for s in STANCE_ORDER}, NO_POSITION: NO_POSITION_LABEL}
SHIFT_COLUMNS = ["delegation", "name", "recorded", "shifts", "towards", "away", "withdrawn", "last_shift"]
SHIFT_HEADINGS = {"delegation": "delegation", "name": "name", "recorded": "positions recorded",
                  "shifts": "stance shifts", "towards": "towards agreement", "away": "away from agreement",
                  "withdrawn": "withdrawn", "last_shift": "last shift"}


@dataclass(frozen=True)
class NegotiationProgress:
    """`milestones`: one row per milestone, in time order (MILESTONE_COLUMNS); `shifts`: one row per
    delegation (SHIFT_COLUMNS), those who shifted most first."""

    milestones: pd.DataFrame
    shifts: pd.DataFrame

    @property
    def empty(self) -> bool:
        return not int(self.milestones["principles"].max() or 0) if len(self.milestones) else True

    def milestones_shown(self) -> pd.DataFrame:
        """The milestones as the readout and the workbook show them: headed in words, no internal times."""
        shown = self.milestones.drop(columns=["at"]).rename(columns=MILESTONE_HEADINGS)
        shown["kind"] = shown["kind"].map({"meeting": "meeting", "revision": "revision issued", "now": "today"})
        return shown[list(MILESTONE_HEADINGS.values())]

    def shifts_shown(self) -> pd.DataFrame:
        return self.shifts.rename(columns=SHIFT_HEADINGS)


def progress_in_words(milestones: list[dict], dated=lambda iso: iso) -> str:
    """The progress chart in words, for those who cannot see it: each milestone's brackets and agreed principles.

    `milestones` are rows of `NegotiationProgress.milestones` (as dicts); `dated` writes a date."""
    if not milestones:
        return "Negotiation progress: no meetings or revisions yet."
    return "; ".join(f"{m['label']} ({dated(m['date'])}): {plural(m['brackets'], 'bracket')} remaining, "
                     f"{m['agreed']} of {plural(m['principles'], 'principle')} agreed" for m in milestones) + "."


def _end_of_day(date: str) -> str:
    return f"{date}T23:59:59.999Z"


def _milestones(store, until: str | None) -> list[dict]:
    """Meetings held and revisions issued by `until` (an ISO date; None: today, and "Now" after them)."""
    now = now_iso()
    end = min(_end_of_day(until), now) if until else now
    meetings = frames.meetings(store)
    attendees = frames.attendance(store).groupby("meeting_id")["code"].apply(frozenset).to_dict()
    # A meeting still to come is no milestone; one held today counts what is recorded so far.
    found = [{"kind": "meeting", "label": r.title, "date": r.date, "at": min(_end_of_day(r.date), now),
              "expected": attendees.get(r.id), "revision": None} for r in meetings.itertuples() if r.date <= end[:10]]
    for r in frames.revisions(store).itertuples():
        if r.issued_at <= end:
            found.append({"kind": "revision", "label": f"Rev.{r.seq}", "date": r.issued_at[:10], "at": r.issued_at,
                          "expected": None, "revision": r.id})
    found.sort(key=lambda m: m["at"])
    if until is None:
        found.append({"kind": "now", "label": "Now", "date": now[:10], "at": now, "expected": None,
                      "revision": None})
    return found


def negotiation_progress(store, rule_text: str, until: str | None = None) -> NegotiationProgress:
    """The progress of the roundtable in `store` under the decision rule `rule_text`; `until` (an ISO date):
    only what had happened by the end of that day (a meeting's readout), without "Now"."""
    rule = parse_rule(rule_text)
    names = frames.delegations(store)
    versions = frames.versions(store)
    history = frames.positions(store)
    held = frames.revision_versions(store)
    silences = frames.open_silences(store)
    objections = history[history["stance"] == Stance.OBJECT.value]
    votes = frames.adopting_votes(store)
    brackets = versions.set_index("id")["brackets"].fillna(0).astype(int)

    rows = []
    milestones = _milestones(store, until)
    for m in milestones:
        at = m["at"]
        if m["revision"] is not None:
            current = held[held["revision_id"] == m["revision"]].set_index("principle_id")["version_id"]
        else:
            then = versions[versions["created_at"] <= at]
            current = then.drop_duplicates("principle_id", keep="last").set_index("principle_id")["id"]
        # Whom a milestone counts: its attendees, else the delegations there were then (one added since, or
        # having recorded a position by then, which it could only do once it existed).
        expected = m["expected"] or (frozenset(names.loc[names["created_at"] <= at, "delegation"])
                                     | frozenset(history.loc[history["recorded_at"] <= at, "code"]))
        in_force = history[(history["recorded_at"] <= at) & history["code"].isin(expected)]
        in_force = in_force.drop_duplicates(["principle_id", "code"], keep="last").dropna(subset=["stance"])
        # Only a position on the text then current counts; one on an older version is no position.
        in_force = in_force[in_force["version_id"].to_numpy() == current.reindex(in_force["principle_id"]).to_numpy()]
        tally = in_force["stance"].value_counts()
        counts = {s.value: int(tally.get(s.value, 0)) for s in STANCE_ORDER}
        counts[NO_POSITION] = len(current) * len(expected) - sum(counts.values())
        agreed = _agreed(current, in_force, expected, rule, at,
                         silences[silences["opened_at"] <= at], objections[objections["recorded_at"] <= at],
                         votes[votes["closed_at"] <= at])
        rows.append({"kind": m["kind"], "label": m["label"], "date": m["date"], "at": at,
                     "counted": len(expected), "principles": len(current),
                     "brackets": int(brackets.reindex(current.to_numpy()).fillna(0).sum()),
                     "agreed": agreed, **counts})
    if versions.empty:  # no principle drafted yet: no progress to show
        rows = []
    shifted = history if until is None else history[history["recorded_at"] <= _end_of_day(until)]
    return NegotiationProgress(pd.DataFrame(rows, columns=MILESTONE_COLUMNS), _shifts(names, shifted))


def _agreed(current: pd.Series, in_force: pd.DataFrame, expected, rule, at: str, silences: pd.DataFrame,
            objections: pd.DataFrame, votes: pd.DataFrame) -> int:
    """How many principles were agreed at `at`: the rule over the tally then (`consensus.status_of_tally`), or a
    silence whose deadline had passed unbroken, or a roll-call vote that had adopted the text then current."""
    # One row per principle, one column per stance: the current stances of the expected delegations.
    tally = in_force.groupby(["principle_id", "stance"]).size().unstack(fill_value=0)
    tally = tally.reindex(columns=[s.value for s in STANCE_ORDER], fill_value=0)
    overridden = set()
    for s in silences.itertuples():
        # A deadline may be stored without milliseconds ("…:00Z"); as text '.' sorts before 'Z', so it is
        # written as recorded times are before the two are compared.
        deadline = stored_time(s.deadline).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        if current.get(s.principle_id) == s.version_id and deadline <= at:
            on_it = objections[objections["version_id"] == s.version_id]
            if not (on_it["recorded_at"] < deadline).any():
                overridden.add(s.principle_id)
    overridden |= {v.principle_id for v in votes.itertuples() if current.get(v.principle_id) == v.version_id}
    agreed = len(overridden & set(current.index))
    for principle_id, support, amend, reservation, abstain, objecting in tally.itertuples():
        if principle_id in overridden or principle_id not in current.index:
            continue
        given = support + amend + reservation + abstain + objecting
        status = status_of_tally(rule, support, amend, reservation, abstain, objecting, len(expected) - given)
        agreed += status is Status.AGREED
    return agreed


def _shifts(names: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Per delegation: positions recorded, changes of stance (towards / away from agreement), withdrawals."""
    h = history.sort_values(["principle_id", "code", "recorded_at"], kind="stable")
    pair = [h["principle_id"], h["code"]]
    before = h.groupby(pair)["stance"].shift()  # the row before: None after a withdrawal
    # The last stance taken before this one, a withdrawal in between skipped: object, withdrawn, support is a shift.
    taken_before = h.groupby(pair)["stance"].ffill().groupby(pair).shift()
    rank = h["stance"].map(AGREEMENT_RANK_BY_VALUE)
    rank_before = taken_before.map(AGREEMENT_RANK_BY_VALUE)
    moved = rank.notna() & rank_before.notna() & (h["stance"] != taken_before)
    frame = pd.DataFrame({
        "delegation": h["code"], "recorded": h["stance"].notna(), "shifts": moved,
        "towards": moved & (rank > rank_before), "away": moved & (rank < rank_before),
        "withdrawn": h["stance"].isna() & before.notna(),
        "last_shift": h["recorded_at"].where(moved, "")})
    per = frame.groupby("delegation").agg(recorded=("recorded", "sum"), shifts=("shifts", "sum"),
                                          towards=("towards", "sum"), away=("away", "sum"),
                                          withdrawn=("withdrawn", "sum"), last_shift=("last_shift", "max"))
    out = names.merge(per.reset_index(), on="delegation", how="left")
    for column in ("recorded", "shifts", "towards", "away", "withdrawn"):
        out[column] = out[column].fillna(0).astype(int)
    out["last_shift"] = out["last_shift"].fillna("").str[:10]  # a date; "" when it never shifted
    out = out.sort_values(["shifts", "delegation"], ascending=[False, True], kind="stable")
    return out[SHIFT_COLUMNS].reset_index(drop=True)

