"""The team's daily standard as this rep sees it."""

from __future__ import annotations

from repdash.core.kinds import MANAGER_KINDS


def applicable_standard(standard: dict | None, manager: bool) -> dict[str, int] | None:
    """The part of the team standard that applies to this rep (reps: not the manager's kinds)."""
    if not standard:
        return None
    if manager:
        return dict(standard)
    out = {k: n for k, n in standard.items() if k not in MANAGER_KINDS}
    return out or None


def current_standard(store, *, cached_only: bool = False) -> dict | None:
    """The standard from the team file when readable, else the copy cached at the last sync.

    A team file on object storage is never read here: `status` and `math` are local commands
    and must not wait on the network (up to a few seconds for an unreachable endpoint), so
    they use the copy the last sync cached. Only the part that applies to this rep: a rep is not measured on the manager's kinds
    (1:1s, coaching). Never raises. cached_only=True never touches the share: the
    TUI's UI thread uses it, since its sync workers keep the cached copy fresh.
    """
    try:
        config = store.config
        manager = bool(config.get("manager"))
        standard = config.get("standard") or None
        if not cached_only:
            standard = _from_file(store, standard)
        return applicable_standard(standard, manager)
    except Exception:
        try:
            return store.config.get("standard") or None
        except Exception:
            return None


def _from_file(store, cached):
    from repdash.sync.service import flat_standard, open_backend, read_doc

    backend = open_backend(store)
    if backend is None or backend.scheme != "file":
        return cached
    try:
        doc = read_doc(backend)
    except Exception:
        return cached
    return flat_standard(doc) if doc.standard else cached
