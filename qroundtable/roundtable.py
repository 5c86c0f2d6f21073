"""The façade: one open roundtable file and the only way the UI and CLI reach it.

    with Roundtable.open("demo.qrt") as rt:
        rt.positions.set("JP", 4, "support")
        for row in rt.consensus():
            print(row.principle, row.status)

Every mutation returns an `OpChanges` naming what it changed, is one undo step,
and is written to the change record in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .actions import Actions
from .amendments import Amendments
from .consensus import Given, Silence, consensus_status, parse_rule
from .delegations import Delegations
from .errors import InvalidInput, NothingToUndo
from .meetings import Meetings
from .model import CopyKind, OpChanges, PrincipleConsensus, RoundtableInfo
from .notes import PrivateNotes
from .positions import Positions
from .principles import Principles
from .records import Records
from .revisions import Revisions
from .speakers import Speakers
from .statements import Statements
from .stances import Stance, Status
from .storage import Store, now_iso, prepare_new_file, queries, remove_file
from .sync import Sync
from .votes import Votes
from .validation import clean_text, delegation_code, stored_time
from .working_copy import Mutation, WorkingCopy


class Roundtable:
    def __init__(self, store: Store):
        self.store = store
        self.copy = WorkingCopy(store)
        self.delegations = Delegations(self.copy)
        self.meetings = Meetings(self.copy)
        self.principles = Principles(self.copy)
        self.amendments = Amendments(self.copy)
        self.positions = Positions(self.copy)
        self.notes = PrivateNotes(self.copy)
        self.actions = Actions(self.copy)
        self.sync = Sync(self.copy)
        self.records = Records(self.copy)  # Find and the roundtable's history
        self.speakers = Speakers(self.copy)  # the meeting itself: speakers lists and their clock,
        self.votes = Votes(self.copy)  # roll-call votes,
        # and the adoption record, which asks whether a principle is agreed here
        self.statements = Statements(self.copy, self._agreed)
        self.revisions = Revisions(self.copy)  # Rev.1, Rev.2, … of the negotiation text as issued

    def _agreed(self, number: int) -> bool:
        return any(c.status == Status.AGREED for c in self.consensus(principles=[number]))

    # -- opening and creating ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Roundtable:
        """The roundtable file at `path`.

        `read_only=True` gives a reader: it never writes (every mutation raises ReadOnly), sees
        each commit of other connections at once and never holds them up; the app keeps one on
        its UI thread beside the writable Roundtable of its worker thread (open that one first:
        a reader refuses a file that still needs upgrading). A file that cannot be written here
        opens read-only too: see `read_only` and `read_only_reason`.
        """
        store = Store.open(path, read_only=read_only)
        try:
            return cls(store)
        except BaseException:
            store.close()
            raise

    @classmethod
    def create(cls, path: str | Path, *, title: str, secretariat: str, secretariat_name: str | None = None,
               rule: str = "consensus") -> Roundtable:
        """A new, empty roundtable file; this copy is the secretariat's master."""
        title = clean_text(title, "title", max_len=300)
        code = delegation_code(secretariat)
        name = clean_text(secretariat_name or code, "secretariat name", max_len=200)
        rule_text = str(parse_rule(rule))
        path = prepare_new_file(path)
        store = Store.open(path, create=True)
        try:
            with store.operation("Create roundtable", code, kind="setup"):
                store.insert("roundtable", {"title": title, "consensus_rule": rule_text, "secretariat": code,
                                            "copy_kind": CopyKind.SECRETARIAT.value, "copy_owner": code,
                                            "created_at": now_iso()})
                store.insert("delegations", {"code": code, "name": name, "created_at": now_iso()})
        except BaseException:
            store.close()
            remove_file(path)
            raise
        return cls(store)

    @classmethod
    def join(cls, release: str | Path, path: str | Path, code: str, *,
             expect_fingerprint: str | None = None) -> Roundtable:
        """A new file at `path`: delegation `code`'s copy of the roundtable in the signed `release`.

        Check the release first with `Sync.inspect_release` (its key's fingerprint, read aloud
        by the secretariat); `expect_fingerprint` makes that comparison part of the call.
        """
        from .sync import release as releases

        store = releases.join(release, path, code, expect_fingerprint=expect_fingerprint)
        try:
            return cls(store)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Roundtable:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        """True when this roundtable cannot be changed here (asked for, or the file cannot be written)."""
        return self.store.read_only

    @property
    def read_only_reason(self) -> str:
        """'' when writable; else a sentence for a banner, e.g. 'demo.qrt is read-only: it is on a read-only disk'."""
        return self.store.read_only_reason

    def permissions_as_writer(self, read_only_reason: str) -> None:
        """Let `info` (and so every `permissions` answer) say what this file's writer may do.

        For the desktop app's reader: it never writes itself (its edits go to the app's one
        writer), so its controls must follow the writer's state, not its own reading connection's.
        """
        self.copy.answer_for_writer(read_only_reason)

    @property
    def info(self) -> RoundtableInfo:
        """Title, rule, and whose copy this is (`permissions.may_edit(rt.info, code)`: may it write code's rows)."""
        return self.copy.info

    @property
    def actor(self) -> str:
        """Who makes this copy's changes: the delegation code of its owner."""
        return self.copy.actor

    @property
    def roundtable_id(self) -> str:
        """The roundtable's own id, the same in every copy (a document made from it says which one)."""
        return queries.roundtable_id(self.store)

    # -- roundtable settings ------------------------------------------------------------

    def set_title(self, title: str) -> OpChanges:
        return self._set_setting("title", clean_text(title, "title", max_len=300), "Rename roundtable")

    def set_rule(self, rule: str) -> OpChanges:
        return self._set_setting("consensus_rule", str(parse_rule(rule)), "Change consensus rule")

    def _set_setting(self, field: str, value: str, label: str) -> OpChanges:
        self.copy.require_secretariat(label.lower())
        with self.copy.mutation(label) as m:
            self.store.update("roundtable", queries.roundtable(self.store)["id"], {field: value})
        self.copy.refresh()
        return m.changes

    # -- grouping, undo, redo ------------------------------------------------------------

    @contextmanager
    def batch(self, label: str, *, setup: bool = False) -> Iterator[Mutation]:
        """Many calls as one transaction and one undo step; `setup` ones can't be undone at all.

        The yielded object's `changes` holds everything the batch changed once it ends.
        """
        with self.copy.mutation(label, kind="setup" if setup else "do") as result:
            yield result

    def undo(self) -> OpChanges:
        return self._revert(self.store.undo_candidate(), "undo")

    def redo(self) -> OpChanges:
        return self._revert(self.store.redo_candidate(), "redo")

    def _revert(self, target: dict | None, kind: str) -> OpChanges:
        if target is None:
            raise NothingToUndo(f"nothing to {kind}")
        op = self.store.revert(target, kind, self.actor)
        self.copy.refresh()  # the step may have been a rename of the roundtable or of this copy's owner
        return OpChanges(op.id, f"{kind.capitalize()} {target['label']}", tuple(op.changes))

    def undo_label(self) -> str | None:
        target = self.store.undo_candidate()
        return target["label"] if target else None

    def redo_label(self) -> str | None:
        target = self.store.redo_candidate()
        return target["label"] if target else None

    def unsent_count(self) -> int:
        """What the next snapshot would carry: net changes (an undone edit is none), private notes never."""
        return self.sync.pending_count()

    def refresh(self) -> None:
        """Read the roundtable's settings again: another connection (the app's writer) changed them."""
        self.copy.refresh()

    # -- consensus ----------------------------------------------------------------------

    def expected_delegations(self, meeting: str | None = None) -> list[str]:
        """Whose stance counts: the attendees of `meeting`, or every delegation."""
        if meeting:
            m = self.meetings.get(meeting)
            if not m.attending:
                raise InvalidInput(f"meeting {m.title!r} has no attendance recorded")
            return list(m.attending)
        return self.delegations.codes()

    def consensus(self, meeting: str | None = None, *, principles=None,
                  now: datetime | None = None) -> list[PrincipleConsensus]:
        """Consensus status of each principle (or just `principles`, by number)."""
        return self.consensus_by_meeting([meeting], principles=principles, now=now)[meeting]

    def consensus_by_meeting(self, meetings, *, principles=None,
                             now: datetime | None = None) -> dict[str | None, list[PrincipleConsensus]]:
        """`consensus(m)` for each of `meetings` (None: every delegation), the stances read once for all.

        The chart of agreed principles per meeting asks this for twenty meetings at a time:
        reading 39,000 positions once rather than twenty times is most of its cost.
        """
        rule = parse_rule(self.info.consensus_rule)
        expected_by = {m: frozenset(self.expected_delegations(m)) for m in meetings}
        now = now or datetime.now(timezone.utc)
        rows = queries.principles(self.store)
        if principles is not None:
            wanted = {int(n) for n in principles}
            rows = [r for r in rows if r["number"] in wanted]
        by_principle: dict[str, dict[str, Given]] = {r["id"]: {} for r in rows}
        # Only a few hundred distinct (stance, version) pairs exist: share one Given for each.
        givens: dict[tuple[str, str], Given] = {}
        ids = [r["id"] for r in rows] if principles is not None else None
        for principle_id, code, stance, version_id in queries.stance_table(self.store, ids):
            table = by_principle.get(principle_id)
            if table is not None:
                given = givens.get((stance, version_id))
                if given is None:
                    given = givens[(stance, version_id)] = Given(Stance(stance), version_id)
                table[code] = given
        silences, deadlines = {}, {}
        for s in queries.silences(self.store):
            deadlines[s["principle_id"]] = s["deadline"]
            silences[s["principle_id"]] = Silence(
                version_id=s["version_id"], deadline=stored_time(s["deadline"]),
                broken=queries.objection_before(self.store, s["version_id"], s["deadline"]))
        adopted = queries.versions_adopted_by_vote(self.store)  # principle id → versions a closed vote adopted
        answer = {}
        for meeting, expected in expected_by.items():
            results = []
            for r in rows:
                result = consensus_status(by_principle[r["id"]], expected, r["version_id"], rule,
                                          silences.get(r["id"]), now,
                                          r["version_id"] if r["version_id"] in adopted.get(r["id"], ()) else None)
                results.append(PrincipleConsensus(
                    principle=r["number"], title=r["title"], status=result.status, counts=result.counts,
                    missing=result.missing, objecting=result.objecting, by_silence=result.by_silence,
                    silence_deadline=deadlines.get(r["id"]), by_vote=result.by_vote))
            answer[meeting] = results
        return answer

    def progress(self, until: str | None = None):
        """Negotiation progress per meeting and revision, and each delegation's stance shifts (`progress.py`);
        `until` (an ISO date): as it stood at the end of that day."""
        from .progress import negotiation_progress

        return negotiation_progress(self.store, self.info.consensus_rule, until)

    # -- Word in ----------------------------------------------------------------------------

    def import_draft(self, path: str | Path, *, dry_run: bool = False):
        """The numbered paragraphs of a Word draft as principles (see `drafts.py`): new ones added, changed ones
        given a new version, the rest reported; one undo step. `dry_run`: what it would do, writing nothing."""
        from .drafts import plan, read_draft

        self.copy.require_secretariat("import a draft", writes=not dry_run)
        name = Path(path).name
        result = plan(read_draft(path), self.principles.list(), name)
        result.dry_run = dry_run
        if dry_run or not (result.new or result.changed or result.retitled):
            return result
        taken = {p.number for p in self.principles.list()}
        note = clean_text(f"from the draft {name}", "note", max_len=2000)
        with self.batch(f"Import draft {name}") as batch:
            for number, d in result.changed:
                self.principles.edit(number, d.text, note=note)
            for number, _, title in result.retitled:
                self.principles.retitle(number, title)
            for d in result.new:
                number = d.number if d.number not in taken else max(taken, default=0) + 1
                self.principles.add(d.title, d.text, number=number, note=note)
                taken.add(number)
                result.added.append(number)
        result.changes = batch.changes
        return result

    def import_markup(self, path: str | Path, code: str, *, dry_run: bool = False):
        """A delegation's marked-up copy of a revision (`markup.py`): an amendment by `code` for each principle
        whose text it changed, against the version that revision holds, its comments as the rationale (flagged
        when edited without tracking); comments on an unchanged text go to its position comment. One undo step."""
        from .markup import MarkupImport, rationale, read_markup

        d = self.delegations.get(code)
        if not dry_run:
            self.copy.require_own(d.code, "import a marked-up copy")
        revision, marked = read_markup(path, self)
        result = MarkupImport(Path(path).name, revision.name, d.code, dry_run=dry_run)
        for m in marked:
            if m.changed:
                result.amendments.append(m)
            elif m.comments:
                result.commented.append(m)
            else:
                result.unchanged.append(m.number)
        positions = {p.principle: p for p in self.positions.list(delegation=d.code)}
        result.unattached = [m.number for m in result.commented
                             if m.number not in positions or positions[m.number].stale]
        if dry_run or not (result.amendments or len(result.commented) > len(result.unattached)):
            return result
        with self.batch(f"{d.code}'s marked-up {revision.name}") as batch:
            for m in result.amendments:
                self.amendments.propose(m.number, d.code, m.proposed, rationale(m), base_version_id=m.base_version_id,
                                        untracked=m.untracked)
            for m in result.commented:
                if m.number not in result.unattached:
                    said = "\n".join(x for x in (positions[m.number].comment, *m.comments) if x)
                    self.positions.set(d.code, m.number, positions[m.number].stance, comment=said)
        result.changes = batch.changes
        return result

    def export_text(self, out: str | Path, *, rev=None, redline_from=None, overwrite: bool = False):
        """The negotiation text as Word (`readout/text.py`): Rev.`rev`, or, without `rev`, a new revision issued
        now (the secretariat's: it records the version of every principle); with `redline_from` (a revision or a
        date), the changes since then as tracked changes. Returns (the revision, the path written)."""
        from .readout.text import write_text

        base = self.revisions.as_of(redline_from) if redline_from is not None else None
        if rev is not None:
            revision = self.revisions.get(rev)
            return revision, write_text(self, Path(out), revision, base=base, overwrite=overwrite)
        # Issued and written together: a document that could not be written issues no revision.
        with self.copy.mutation("Issue a revision of the text", kind="final"):
            self.revisions.issue()
            revision = self.revisions.latest()
            return revision, write_text(self, Path(out), revision, base=base, overwrite=overwrite)

    def export_compilation(self, out: str | Path, *, columns: bool = False, overwrite: bool = False) -> Path:
        """Every proposal on the base text, per principle, with who made it (`readout/compilation.py`)."""
        from .readout.compilation import write_compilation

        return write_compilation(self, Path(out), columns=columns, overwrite=overwrite)

    # -- exports --------------------------------------------------------------------------

    def export_matrix(self, path: str | Path, fmt: str, meeting: str | None = None, overwrite: bool = False,
                      *, progress=None) -> Path:
        """The positions matrix as `csv` or `xlsx` (see `spreadsheet.py`); an existing file only if `overwrite`."""
        from .spreadsheet import export_matrix  # pandas and openpyxl load only when exporting

        return export_matrix(self, path, fmt, meeting, overwrite=overwrite, progress=progress)

    def write_readout(self, out: str | Path, options=None, progress=None) -> Path:
        """The Word readout (see `readout/`), written to `out`, which must not exist yet."""
        from .readout import ReadoutOptions, write_readout  # python-docx and Pillow load only when needed

        return write_readout(self, Path(out), options or ReadoutOptions(), progress)

    # -- copies ---------------------------------------------------------------------------

    def save_copy(self, dest: str | Path) -> Path:
        """A whole copy of this file at `dest` (a new file), as committed, through SQLite's backup API
        (never a file copy of an open database). The same copy, private notes included: a backup,
        or this copy moved elsewhere; not a copy to hand to a delegation (`save_delegation_copy`)."""
        dest = prepare_new_file(dest)
        self.store.backup_to(dest)
        return dest

    def save_delegation_copy(self, dest: str | Path, code: str) -> Path:
        """Write a copy of this master for delegation `code`, as the secretariat hands one out.

        The copy holds everything but this copy's private notes; changes made so far
        count as already sent, so the delegation's snapshot carries only its own work.
        """
        from .sync.release import hand_out

        self.copy.require_secretariat("hand out a delegation's copy")
        d = self.delegations.get(code)
        dest = prepare_new_file(dest)
        try:
            # Rebuilt, not copied page for page: nothing the master once deleted rides along in free pages.
            self.store.compact_copy_to(dest)
            copy = Store.open(dest)
            try:
                copy.make_delegation_copy(d.code)
                hand_out(copy, d.code)
            finally:
                copy.close()
        except BaseException:
            # Half a copy would be the whole master, private notes included: never leave one behind.
            remove_file(dest)
            raise
        return dest
