"""Read queries over the roundtable file, one small function per question the core asks."""

from __future__ import annotations

from .database import Store

# -- roundtable and delegations ---------------------------------------------------


def roundtable(store: Store) -> dict | None:
    return store.row("SELECT * FROM roundtable LIMIT 1")


def roundtable_id(store: Store) -> str:
    return store.value("SELECT id FROM roundtable LIMIT 1")


def delegations(store: Store) -> list[dict]:
    return store.rows("SELECT id, code, name FROM delegations ORDER BY code")


def delegation_by_code(store: Store, code: str) -> dict | None:
    return store.row("SELECT id, code, name FROM delegations WHERE code = ?", (code,))


def delegation_ids(store: Store) -> dict[str, str]:
    """code → id of every delegation."""
    return dict(store.conn.execute("SELECT code, id FROM delegations").fetchall())


def delegation_codes(store: Store) -> dict[str, str]:
    """id → code of every delegation."""
    return {v: k for k, v in delegation_ids(store).items()}


def members(store: Store, delegation_id: str | None = None) -> list[dict]:
    sql = ("SELECT m.id, d.code AS delegation, m.name, m.agency, m.role FROM members m "
           "JOIN delegations d ON d.id = m.delegation_id")
    if delegation_id:
        return store.rows(sql + " WHERE m.delegation_id = ? ORDER BY m.name", (delegation_id,))
    return store.rows(sql + " ORDER BY d.code, m.name")


def delegation_in_use(store: Store, delegation_id: str) -> bool:
    return bool(store.value(
        "SELECT EXISTS(SELECT 1 FROM positions WHERE delegation_id = :d) "
        "OR EXISTS(SELECT 1 FROM amendments WHERE delegation_id = :d) "
        "OR EXISTS(SELECT 1 FROM action_items WHERE owner_id = :d) "
        "OR EXISTS(SELECT 1 FROM meeting_delegations WHERE delegation_id = :d) "
        "OR EXISTS(SELECT 1 FROM speakers WHERE delegation_id = :d) "
        "OR EXISTS(SELECT 1 FROM ballots WHERE delegation_id = :d OR proxy_id = :d) "
        "OR EXISTS(SELECT 1 FROM cosponsors WHERE delegation_id = :d) "
        "OR EXISTS(SELECT 1 FROM statements WHERE delegation_id = :d)", {"d": delegation_id}))


# -- meetings ------------------------------------------------------------------------


def meetings(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM meetings ORDER BY date, created_at")


def meeting(store: Store, meeting_id: str) -> dict | None:
    return store.get("meetings", meeting_id)


def latest_meeting(store: Store) -> dict | None:
    return store.row("SELECT * FROM meetings ORDER BY date DESC, created_at DESC LIMIT 1")


def meeting_links(store: Store, meeting_id: str | None = None) -> list[dict]:
    sql = ("SELECT md.id, md.meeting_id, md.role, d.code FROM meeting_delegations md "
           "JOIN delegations d ON d.id = md.delegation_id")
    if meeting_id:
        return store.rows(sql + " WHERE md.meeting_id = ? ORDER BY d.code", (meeting_id,))
    return store.rows(sql + " ORDER BY d.code")


# -- principles and versions -----------------------------------------------------------

_CURRENT = ("SELECT p.id, p.number, p.title, p.stage, v.id AS version_id, v.seq, v.text, v.brackets, "
            "v.author, v.note, v.created_at AS version_at FROM principles p "
            "JOIN principle_versions v ON v.principle_id = p.id "
            "AND v.seq = (SELECT max(seq) FROM principle_versions WHERE principle_id = p.id)")


def principles(store: Store) -> list[dict]:
    return store.rows(_CURRENT + " ORDER BY p.number")


def principle(store: Store, number: int) -> dict | None:
    return store.row(_CURRENT + " WHERE p.number = ?", (number,))


def principle_by_id(store: Store, principle_id: str) -> dict | None:
    return store.row(_CURRENT + " WHERE p.id = ?", (principle_id,))


def next_principle_number(store: Store) -> int:
    return (store.value("SELECT max(number) FROM principles") or 0) + 1


def principle_numbers(store: Store) -> dict[str, int]:
    """principle id → number."""
    return dict(store.conn.execute("SELECT id, number FROM principles").fetchall())


def versions(store: Store, principle_id: str) -> list[dict]:
    return store.rows("SELECT * FROM principle_versions WHERE principle_id = ? ORDER BY seq", (principle_id,))


def version(store: Store, version_id: str) -> dict | None:
    return store.get("principle_versions", version_id)


def current_version_ids(store: Store) -> dict[str, str]:
    """principle id → id of its newest version, for stale checks in bulk."""
    return dict(store.conn.execute(
        "SELECT principle_id, id FROM principle_versions v WHERE seq = "
        "(SELECT max(seq) FROM principle_versions WHERE principle_id = v.principle_id)").fetchall())


# -- amendments ----------------------------------------------------------------------------

_AMENDMENTS = ("SELECT a.*, p.number AS principle, d.code AS delegation, v.seq AS base_seq FROM amendments a "
               "JOIN principles p ON p.id = a.principle_id JOIN delegations d ON d.id = a.delegation_id "
               "JOIN principle_versions v ON v.id = a.base_version_id")


def amendments(store: Store, principle_id: str | None = None) -> list[dict]:
    if principle_id:
        return store.rows(_AMENDMENTS + " WHERE a.principle_id = ? ORDER BY a.created_at", (principle_id,))
    return store.rows(_AMENDMENTS + " ORDER BY p.number, a.created_at")


def amendment(store: Store, amendment_id: str) -> dict | None:
    return store.row(_AMENDMENTS + " WHERE a.id = ?", (amendment_id,))


def amendments_by_ref(store: Store, ref: str) -> list[dict]:
    """Amendments whose id starts or ends with `ref` (people type the short end of an id)."""
    return store.rows(_AMENDMENTS + f" WHERE {ID_REF.format('a.id')} ORDER BY a.created_at", ref_patterns(ref))


# -- positions -------------------------------------------------------------------------------

_POSITIONS = ("SELECT d.code AS delegation, p.number AS principle, pos.stance, pos.comment, pos.version_id, "
              "v.seq AS version_seq, pos.recorded_by, pos.recorded_at, pos.principle_id, pos.id FROM positions pos "
              "JOIN delegations d ON d.id = pos.delegation_id JOIN principles p ON p.id = pos.principle_id "
              "JOIN principle_versions v ON v.id = pos.version_id")


def positions(store: Store, principle_id: str | None = None, delegation_id: str | None = None) -> list[dict]:
    where, params = [], []
    if principle_id:
        where.append("pos.principle_id = ?")
        params.append(principle_id)
    if delegation_id:
        where.append("pos.delegation_id = ?")
        params.append(delegation_id)
    sql = _POSITIONS + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY p.number, d.code"
    return store.rows(sql, params)


def position_row(store: Store, delegation_id: str, principle_id: str) -> dict | None:
    return store.row("SELECT * FROM positions WHERE delegation_id = ? AND principle_id = ?",
                     (delegation_id, principle_id))


def stance_table(store: Store, principle_ids: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(principle id, delegation code, stance, version id) for every position, or those of some principles."""
    sql = ("SELECT pos.principle_id, d.code, pos.stance, pos.version_id FROM positions pos "
           "JOIN delegations d ON d.id = pos.delegation_id")
    if principle_ids is None:
        return store.conn.execute(sql).fetchall()
    rows = []
    for principle_id in principle_ids:  # one indexed look-up each beats a scan for a few principles
        rows += store.conn.execute(sql + " WHERE pos.principle_id = ?", (principle_id,)).fetchall()
    return rows


def position_history(store: Store, delegation_id: str, principle_id: str) -> list[dict]:
    return store.rows(
        "SELECT h.stance, h.comment, h.version_id, v.seq AS version_seq, h.recorded_by, h.recorded_at "
        "FROM position_history h LEFT JOIN principle_versions v ON v.id = h.version_id "
        "WHERE h.delegation_id = ? AND h.principle_id = ? ORDER BY h.recorded_at, h.id",
        (delegation_id, principle_id))


def objection_before(store: Store, version_id: str, deadline: str) -> bool:
    """Did any delegation record `object` on this version before the deadline? (breaks a silence)

    `recorded_at` carries milliseconds ("...:00.500Z") and a deadline may not ("...:00Z"); as text
    '.' sorts before 'Z', so the deadline is brought to the same form before comparing.
    """
    return bool(store.value(
        "SELECT EXISTS(SELECT 1 FROM position_history WHERE version_id = ? AND stance = 'object' "
        "AND recorded_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?))", (version_id, deadline)))


# -- private notes, silence, action items --------------------------------------------------------


def private_note(store: Store, principle_id: str, delegation_id: str) -> dict | None:
    return store.row("SELECT * FROM private_notes WHERE principle_id = ? AND delegation_id = ?",
                     (principle_id, delegation_id))


def silences(store: Store, state: str | None = "open") -> list[dict]:
    sql = ("SELECT s.*, p.number AS principle, v.seq AS version_seq FROM silence_procedures s "
           "JOIN principles p ON p.id = s.principle_id JOIN principle_versions v ON v.id = s.version_id")
    if state:
        return store.rows(sql + " WHERE s.state = ? ORDER BY s.deadline", (state,))
    return store.rows(sql + " ORDER BY s.deadline")


_ACTIONS = ("SELECT a.*, d.code AS owner, p.number AS principle FROM action_items a "
            "JOIN delegations d ON d.id = a.owner_id LEFT JOIN principles p ON p.id = a.principle_id")


def actions(store: Store) -> list[dict]:
    return store.rows(_ACTIONS + " ORDER BY coalesce(a.due, '9999'), a.created_at")


def action(store: Store, action_id: str) -> dict | None:
    return store.row(_ACTIONS + " WHERE a.id = ?", (action_id,))


def actions_by_ref(store: Store, ref: str) -> list[dict]:
    return store.rows(_ACTIONS + f" WHERE {ID_REF.format('a.id')}", ref_patterns(ref))


def meetings_by_ref(store: Store, ref: str) -> list[dict]:
    return store.rows(f"SELECT * FROM meetings WHERE {ID_REF.format('id')}", ref_patterns(ref))


# -- short id references ---------------------------------------------------------------

# An id matched by its start or its end; `%` and `_` typed by a person are literal, not wildcards.
ID_REF = "{0} LIKE ? ESCAPE '\\' OR {0} LIKE ? ESCAPE '\\'"


def ref_patterns(ref: str) -> tuple[str, str]:
    literal = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return literal + "%", "%" + literal


# -- finding and the roundtable's history ------------------------------------------------------


def delegations_plain(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every delegation, by code: what Find looks through."""
    return store.conn.execute("SELECT code, name FROM delegations ORDER BY code").fetchall()


def commented_positions(store: Store) -> list[tuple[str, int, str, str]]:
    """(delegation code, principle number, stance, comment) of every position with a comment."""
    return store.conn.execute(
        "SELECT d.code, p.number, pos.stance, pos.comment FROM positions pos "
        "JOIN delegations d ON d.id = pos.delegation_id JOIN principles p ON p.id = pos.principle_id "
        "WHERE pos.comment IS NOT NULL AND pos.comment <> '' ORDER BY p.number, d.code").fetchall()


# Who changed what, when: each record the roundtable keeps with its author and time, as
# (at, who, kind, delegation, principle, a, b, c). `who` is the copy that wrote it (a delegation
# code); `delegation` the delegation the entry is about.
_HISTORY = """
SELECT h.recorded_at AS at, h.recorded_by AS who, 'position' AS kind, d.code AS delegation, p.number AS principle,
       h.stance AS a, h.comment AS b, v.seq AS c
  FROM position_history h JOIN delegations d ON d.id = h.delegation_id JOIN principles p ON p.id = h.principle_id
  LEFT JOIN principle_versions v ON v.id = h.version_id
UNION ALL
SELECT v.created_at, v.author, 'text', NULL, p.number, v.note, NULL, v.seq
  FROM principle_versions v JOIN principles p ON p.id = v.principle_id
UNION ALL
SELECT a.created_at, d.code, 'amendment', d.code, p.number, a.rationale, NULL, NULL
  FROM amendments a JOIN delegations d ON d.id = a.delegation_id JOIN principles p ON p.id = a.principle_id
UNION ALL
SELECT a.decided_at, NULL, 'decision', d.code, p.number, a.state, NULL, NULL
  FROM amendments a JOIN delegations d ON d.id = a.delegation_id JOIN principles p ON p.id = a.principle_id
  WHERE a.decided_at IS NOT NULL AND a.decided_at <> ''
UNION ALL
SELECT i.created_at, NULL, 'action', d.code, p.number, i.title, i.status, NULL
  FROM action_items i JOIN delegations d ON d.id = i.owner_id LEFT JOIN principles p ON p.id = i.principle_id
UNION ALL
SELECT o.at, o.actor, 'edit', NULL, NULL, o.label, o.kind, o.reverted
  FROM operations o WHERE o.kind <> 'setup' AND NOT EXISTS (
    SELECT 1 FROM changes c WHERE c.op_id = o.id
       AND ((c.table_name IN ('position_history', 'principle_versions', 'action_items') AND c.field = '*')
            OR c.table_name = 'amendments'))
"""
# Operations that wrote one of the records above are left out: the record says more.


def history(store: Store, delegation: str | None, limit: int, offset: int) -> list[tuple]:
    """The entries of `_HISTORY`, newest first; only those by or about `delegation` (a code) if given."""
    sql = f"SELECT at, who, kind, delegation, principle, a, b, c FROM ({_HISTORY}) WHERE at IS NOT NULL"
    params: list = []
    if delegation:
        sql += " AND (who = ? OR delegation = ?)"
        params += [delegation, delegation]
    sql += " ORDER BY at DESC, kind LIMIT ? OFFSET ?"
    return store.conn.execute(sql, [*params, limit, offset]).fetchall()


def owned_rows(store: Store, table: str, owner_column: str, owner_id: str) -> list[dict]:
    """Every row of `table` whose `owner_column` names `owner_id` (a delegation's own positions, items…)."""
    tables = {"positions": "delegation_id", "amendments": "delegation_id", "action_items": "owner_id",
              "members": "delegation_id"}
    if tables.get(table) != owner_column:  # names from the code, never from a file: still, only these
        raise ValueError(f"not a table of owned rows: {table}.{owner_column}")
    return store.rows(f"SELECT * FROM {table} WHERE {owner_column} = ?", (owner_id,))


# -- the meeting: speakers lists, votes, co-sponsors, statements -------------------------------

_SPEAKERS = ("SELECT s.*, d.code AS delegation, d.name AS name, p.number AS principle FROM speakers s "
             "JOIN delegations d ON d.id = s.delegation_id LEFT JOIN principles p ON p.id = s.principle_id")


def speakers(store: Store, meeting_id: str, principle_id: str | None) -> list[dict]:
    """One meeting's speakers list on one agenda item (None: the general debate), in place order."""
    if principle_id is None:
        return store.rows(_SPEAKERS + " WHERE s.meeting_id = ? AND s.principle_id IS NULL ORDER BY s.place, s.id",
                          (meeting_id,))
    return store.rows(_SPEAKERS + " WHERE s.meeting_id = ? AND s.principle_id = ? ORDER BY s.place, s.id",
                      (meeting_id, principle_id))


def meeting_speakers(store: Store, meeting_id: str) -> list[str]:
    """Ids of every turn on every speakers list of a meeting."""
    return [r[0] for r in store.conn.execute("SELECT id FROM speakers WHERE meeting_id = ?", (meeting_id,))]


def active_items(store: Store, meeting_id: str) -> list[str | None]:
    """Principle ids (None: the general debate) whose speakers list at a meeting has someone speaking or waiting,
    the most recently asked first."""
    return [r[0] for r in store.conn.execute(
        "SELECT principle_id FROM speakers WHERE meeting_id = ? AND state IN ('speaking', 'waiting') "
        "GROUP BY principle_id ORDER BY max(requested_at) DESC", (meeting_id,))]


def speaker(store: Store, speaker_id: str) -> dict | None:
    return store.row(_SPEAKERS + " WHERE s.id = ?", (speaker_id,))


def speakers_by_ref(store: Store, ref: str) -> list[dict]:
    return store.rows(_SPEAKERS + f" WHERE {ID_REF.format('s.id')}", ref_patterns(ref))


def speaking_turns(store: Store, meeting_id: str | None = None) -> list[tuple[str, str, int | None]]:
    """(code, name, spoken ms) of every turn taken (spoke, yielded or speaking), at one meeting or all."""
    sql = ("SELECT d.code, d.name, s.spoken_ms FROM speakers s JOIN delegations d ON d.id = s.delegation_id "
           "WHERE s.state IN ('speaking', 'spoke', 'yielded')")
    if meeting_id:
        return store.conn.execute(sql + " AND s.meeting_id = ? ORDER BY d.code", (meeting_id,)).fetchall()
    return store.conn.execute(sql + " ORDER BY d.code").fetchall()


_VOTES = ("SELECT vt.*, p.number AS principle, v.seq AS version_seq FROM votes vt "
          "JOIN principles p ON p.id = vt.principle_id JOIN principle_versions v ON v.id = vt.version_id")


def votes(store: Store, principle_id: str | None = None) -> list[dict]:
    if principle_id:
        return store.rows(_VOTES + " WHERE vt.principle_id = ? ORDER BY vt.opened_at, vt.id", (principle_id,))
    return store.rows(_VOTES + " ORDER BY p.number, vt.opened_at, vt.id")


def vote(store: Store, vote_id: str) -> dict | None:
    return store.row(_VOTES + " WHERE vt.id = ?", (vote_id,))


def votes_by_ref(store: Store, ref: str) -> list[dict]:
    return store.rows(_VOTES + f" WHERE {ID_REF.format('vt.id')} ORDER BY vt.opened_at", ref_patterns(ref))


def ballots(store: Store, vote_id: str) -> list[dict]:
    return store.rows(
        "SELECT b.*, d.code AS delegation, d.name AS name, x.code AS proxy FROM ballots b "
        "JOIN delegations d ON d.id = b.delegation_id LEFT JOIN delegations x ON x.id = b.proxy_id "
        "WHERE b.vote_id = ? ORDER BY d.code", (vote_id,))


def ballot_id(store: Store, vote_id: str, delegation_id: str) -> str | None:
    return store.value("SELECT id FROM ballots WHERE vote_id = ? AND delegation_id = ?", (vote_id, delegation_id))


def versions_adopted_by_vote(store: Store) -> dict[str, set[str]]:
    """principle id → the versions a closed roll-call vote adopted."""
    adopted: dict[str, set[str]] = {}
    for principle_id, version_id in store.conn.execute(
            "SELECT principle_id, version_id FROM votes WHERE state = 'closed' AND result = 'adopted'"):
        adopted.setdefault(principle_id, set()).add(version_id)
    return adopted


def cosponsors(store: Store, amendment_id: str | None = None) -> list[tuple[str, str]]:
    """(amendment id, delegation code) of every co-sponsorship in force, in the order they were made."""
    sql = ("SELECT c.amendment_id, d.code FROM cosponsors c JOIN delegations d ON d.id = c.delegation_id "
           "WHERE c.state = 'cosponsoring'")
    if amendment_id:
        return store.conn.execute(sql + " AND c.amendment_id = ? ORDER BY c.created_at, d.code",
                                  (amendment_id,)).fetchall()
    return store.conn.execute(sql + " ORDER BY c.created_at, d.code").fetchall()


_STATEMENTS = ("SELECT st.*, p.number AS principle, d.code AS delegation, d.name AS name, v.seq AS version_seq "
               "FROM statements st JOIN principles p ON p.id = st.principle_id "
               "JOIN delegations d ON d.id = st.delegation_id JOIN principle_versions v ON v.id = st.version_id")


def statements(store: Store, principle_id: str | None = None) -> list[dict]:
    if principle_id:
        return store.rows(_STATEMENTS + " WHERE st.principle_id = ? ORDER BY st.made_on, st.created_at",
                          (principle_id,))
    return store.rows(_STATEMENTS + " ORDER BY p.number, st.made_on, st.created_at")


def statements_by_ref(store: Store, ref: str) -> list[dict]:
    return store.rows(_STATEMENTS + f" WHERE {ID_REF.format('st.id')}", ref_patterns(ref))


def silence_objections(store: Store) -> list[dict]:
    """Every `object` recorded on a silenced version before that silence's deadline: who broke which silence,
    when, with what comment; the latest amendment the objector proposed on that version during the silence."""
    return store.rows(
        "SELECT s.id AS silence_id, d.code AS delegation, d.name AS name, h.recorded_at AS at, "
        "coalesce(h.comment, '') AS objection, "
        "(SELECT a.id FROM amendments a WHERE a.delegation_id = h.delegation_id AND a.base_version_id = s.version_id "
        " AND a.created_at >= s.opened_at AND a.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', s.deadline) "
        " ORDER BY a.created_at DESC LIMIT 1) AS amendment_id "
        "FROM silence_procedures s JOIN position_history h ON h.version_id = s.version_id AND h.stance = 'object' "
        "AND h.recorded_at < strftime('%Y-%m-%dT%H:%M:%fZ', s.deadline) "
        "JOIN delegations d ON d.id = h.delegation_id ORDER BY h.recorded_at")


# -- revisions of the negotiation text ---------------------------------------------------------------


def revisions(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM revisions ORDER BY seq")


def revision_versions(store: Store) -> list[tuple[str, str, str]]:
    """(revision id, principle id, version id) of every principle every revision holds."""
    return store.conn.execute("SELECT revision_id, principle_id, version_id FROM revision_versions").fetchall()


def principle_ids_numbers(store: Store) -> list[dict]:
    return store.rows("SELECT id, number FROM principles ORDER BY number")
