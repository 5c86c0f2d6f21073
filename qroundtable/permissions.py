"""Who may write what in a copy of the roundtable: the one rule behind every refusal and every greyed-out control.

The secretariat's master may write anything; a delegation's copy writes only its own
delegation's rows (its positions, amendments, action items and members) and nothing
that is the secretariat's to decide (principle text, meetings, delegations, settings).
The façade raises with `require_own` / `require_secretariat`; the app asks `may_edit` /
`is_secretariat` to enable or disable a control: both read the same rule.
"""

from __future__ import annotations

from .errors import NotPermitted
from .model import RoundtableInfo


def may_edit(info: RoundtableInfo, code: str | None) -> bool:
    """May this copy write delegation `code`'s rows? (No delegation named: no.)"""
    return code is not None and (info.is_secretariat or code == info.copy_owner)


def require_own(info: RoundtableInfo, code: str, what: str) -> None:
    """Raise `NotPermitted` unless this copy may write delegation `code`'s rows (`what`: 'record a position')."""
    if not may_edit(info, code):
        raise NotPermitted(f"this copy belongs to {owner(info)}: it cannot {what} for {code}")


def require_secretariat(info: RoundtableInfo, what: str) -> None:
    """Raise `NotPermitted` unless this is the secretariat's copy (`what`: 'add a principle')."""
    if not info.is_secretariat:
        raise NotPermitted(f"only the secretariat's copy can {what}; this copy belongs to {owner(info)}")


def owner(info: RoundtableInfo) -> str:
    """Whose copy this is, as messages name it: the delegation's name, or its code (`RoundtableInfo.owner`)."""
    return info.owner
