"""Where the migrations and the curated seed data are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        "ivig-evidence is installed without its data files (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall the package"
    )


def migrations_dir() -> Path:
    # A wheel carries them as package data; a checkout or an editable install
    # reads them from the top of the repository.
    return _first_existing(_PACKAGE_DIR / "_migrations", _CHECKOUT_ROOT / "migrations")


def seed_file() -> Path:
    return _first_existing(
        _PACKAGE_DIR / "_data" / "seed.sql", _CHECKOUT_ROOT / "data" / "seed.sql"
    )
