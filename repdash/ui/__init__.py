"""The Textual shell: composes the core, the store and sync. Holds no business rules."""
