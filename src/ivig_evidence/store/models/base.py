"""The base every model derives from: named constraints (so batch migrations on SQLite
and ALTERs on PostgreSQL can find them), the id and year types, portable enums, and
the data release a database was built from.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Enum,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep batch migrations on SQLite and ALTERs on PostgreSQL
# able to find and change them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(80)
YEAR_RANGE = "BETWEEN 1800 AND 2100"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def vocab_enum(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a named CHECK, storing the lowercase values."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class DataRelease(Base):
    __tablename__ = "data_release"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(32))
    released_on: Mapped[str] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
