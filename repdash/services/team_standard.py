"""The team's daily standard as this rep sees it: the copy cached in the store, or the team file.

The rule of what applies to whom is `core.standard`.
"""

from __future__ import annotations

from repdash.core.standard import applicable_standard


def reps_standard(store, *, cached_only: bool = False) -> dict | None:
    """The reps' part of the standard, whoever asks: the quest measures reps, also on a manager's screen."""
    try:
        standard = store.config.standard
        if not cached_only:
            standard = _from_file(store, standard)
        return applicable_standard(standard, manager=False)
    except Exception:
        return None


def current_standard(store, *, cached_only: bool = False) -> dict | None:
    """The standard from the team file when readable, else the copy cached at the last sync.

    A team file on object storage is never read here: `status` and `math` are local commands
    and must not wait on the network (up to a few seconds for an unreachable endpoint), so
    they use the copy the last sync cached. Only the part that applies to this rep: a rep is not
    measured on the manager's kinds (1:1s, coaching). Never raises. cached_only=True never touches the share: the
    TUI's UI thread uses it, since its sync workers keep the cached copy fresh.
    """
    try:
        config = store.config
        manager = config.manager
        standard = config.standard
        if not cached_only:
            standard = _from_file(store, standard)
        return applicable_standard(standard, manager)
    except Exception:
        return None


def _from_file(store, cached):
    from repdash.sync.teamio import flat_standard, open_backend, read_doc

    backend = open_backend(store)
    if backend is None or backend.scheme != "file" or getattr(backend, "is_layout", False):
        return cached
    try:
        doc = read_doc(backend)
    except Exception:
        return cached
    return flat_standard(doc) if doc.standard else cached
