"""The public keys this copy trusts, one delegation each: whose signature a snapshot or release must carry."""

from __future__ import annotations

from .database import Store

_TRUSTED = ("SELECT k.id, d.code AS delegation, d.name, k.public_key, k.fingerprint, k.added_at "
            "FROM trusted_keys k JOIN delegations d ON d.id = k.delegation_id")


def trusted_keys(store: Store) -> list[dict]:
    return store.rows(_TRUSTED + " ORDER BY d.code, k.added_at")


def trusted_key(store: Store, code: str) -> dict | None:
    """The key trusted for delegation `code` (the newest, should there be several)."""
    return store.row(_TRUSTED + " WHERE d.code = ? ORDER BY k.added_at DESC LIMIT 1", (code,))


_REVOKED = ("SELECT k.id, d.code AS delegation, d.name, k.public_key, k.fingerprint, k.trusted_at, k.revoked_at, "
            "k.replaced_by FROM revoked_keys k JOIN delegations d ON d.id = k.delegation_id")


def revoked_keys(store: Store, code: str | None = None) -> list[dict]:
    """Keys no longer trusted (revoked, or replaced by a newer one), newest first; only `code`'s when given."""
    if code:
        return store.rows(_REVOKED + " WHERE d.code = ? ORDER BY k.revoked_at DESC", (code,))
    return store.rows(_REVOKED + " ORDER BY d.code, k.revoked_at DESC")
