"""Storage: crash-safe files under the rep's home folder."""
