"""Who may write what in a copy of the roundtable: the one rule behind every refusal and every greyed-out control.

The secretariat's master may write anything; a delegation's copy writes only its own
delegation's rows (its positions, amendments, action items and members) and nothing
that is the secretariat's to decide (principle text, meetings, delegations, settings).
The façade raises with `require_own` / `require_secretariat`; the app asks `may_edit` /
`may_decide` to enable or disable a control: both read the same rule. A copy that cannot be
written at all (a read-only file, folder or disk: `RoundtableInfo.read_only`) may do neither.
"""

from __future__ import annotations

from .errors import NotPermitted, ReadOnly
from .model import RoundtableInfo


def may_edit(info: RoundtableInfo, code: str | None) -> bool:
    """May this copy write delegation `code`'s rows? (No delegation named: no.)"""
    return code is not None and not info.read_only and (info.is_secretariat or code == info.copy_owner)


def may_decide(info: RoundtableInfo) -> bool:
    """May this copy make the secretariat's decisions: texts, amendments, meetings, delegations, settings?"""
    return info.is_secretariat and not info.read_only


def require_own(info: RoundtableInfo, code: str, what: str) -> None:
    """Raise `NotPermitted` unless this copy may write delegation `code`'s rows (`what`: 'record a position')."""
    if info.read_only:
        raise ReadOnly(info.read_only)
    if not may_edit(info, code):
        raise NotPermitted(f"this copy belongs to {owner(info)}: it cannot {what} for {code}")


def require_secretariat(info: RoundtableInfo, what: str, *, writes: bool = True) -> None:
    """Raise `NotPermitted` unless this is the secretariat's copy (`what`: 'add a principle').

    `writes=False` for what only reads, such as previewing an import: a read-only master may.
    """
    if writes and info.read_only:
        raise ReadOnly(info.read_only)
    if not info.is_secretariat:
        raise NotPermitted(f"only the secretariat's copy can {what}; this copy belongs to {owner(info)}")


def refusal(info: RoundtableInfo, code: str | None = None) -> str:
    """Why a control is off, for its tooltip or a hint: the file, or whose copy this is."""
    if info.read_only:
        return info.read_only
    if code is not None and not may_edit(info, code):
        return f"this copy belongs to {owner(info)}: only {info.copy_owner}'s rows can be edited here"
    return f"only the secretariat's copy can do this; this copy belongs to {owner(info)}"


def owner(info: RoundtableInfo) -> str:
    """Whose copy this is, as messages name it: the delegation's name, or its code (`RoundtableInfo.owner`)."""
    return info.owner
