"""The checklist's sections but the dosing weight: (a) each body's listing, (b) the label
per product read, (c) the criteria and lines of therapy to confirm, (d) the dose against
each maximum and regimen, (f) rate and safety flags, (g) the review dates, (h) the
response to record. Each line is a body's row in our words, or "not recorded"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.criteria import Criterion
from ivig_evidence.doses import numbers
from ivig_evidence.doses.regimen import Regimen, suggested_for
from ivig_evidence.positions import Position
from ivig_evidence.review.lines import (
    NOT_RECORDED,
    CriterionKind,
    Line,
    Ref,
    Rule,
    absent,
    criterion_ref,
    position_ref,
    rows_of,
    short_body,
    with_rule,
)
from ivig_evidence.review.order import Order, g_text, kg_text
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause

LISTING_KINDS = (
    vocab.PositionKind.FUNDING_CRITERIA.value,
    vocab.PositionKind.GUIDELINE.value,
)

LABEL_KINDS = (vocab.PositionKind.REGULATORY_LABEL.value, vocab.PositionKind.REGULATORY.value)


def _position_text(position: Position, slug: str) -> str:
    # The body's own category, else its stance in plain words (not the vocabulary's
    # gloss, whose "for example, not funded" would say more than the body did).
    words = position.body_category or position.stance.replace("_", " ")
    where = "" if position.indication == slug else f" (its entry for {position.indication})"
    return f"{position.category_rank}. {position.category}: {words}{where}"


def listings(
    order: Order,
    positions: Sequence[Position],
    bodies: Sequence[str],
    urls: dict[str, str | None],
) -> list[Line]:
    slug = order.indication.slug
    lines: list[Line] = []
    listing = [p for p in positions if p.kind in LISTING_KINDS]
    by_body: dict[str, list[Position]] = {}
    for position in sorted(listing, key=lambda p: (p.superseded, p.category_rank, p.id)):
        by_body.setdefault(position.body, []).append(position)
    for body, found in by_body.items():
        for number, position in enumerate(found, 1):
            text = _position_text(position, slug)
            if number == len(found) and all(p.superseded for p in found):
                text += "; no current entry recorded: only superseded editions were read"
            lines.append(
                Line(
                    "a",
                    "listing (superseded edition)" if position.superseded else "listing",
                    body,
                    text,
                    (position_ref(position, urls),),
                )
            )
    labels = {p.body for p in positions if p.kind in LABEL_KINDS}
    for body in bodies:
        if body not in by_body and body not in labels:
            lines.append(
                Line(
                    "a",
                    "listing",
                    body,
                    f"no entry recorded for {slug}",
                    (absent(body, f"entry for {slug}"),),
                    recorded=False,
                )
            )
    standing = [p for p in listing if not p.superseded]
    ranks = {p.category_rank for p in standing}
    if len(ranks) > 1:
        sides = "; ".join(
            dict.fromkeys(
                f"{short_body(p.body)}: {p.category_rank}. {p.category}"
                for p in sorted(standing, key=lambda p: (p.category_rank, p.body, p.id))
            )
        )
        lines.append(
            Line(
                "a",
                "bodies differ",
                None,
                f"the entries in force or of unstated status differ ({sides}): shown, not resolved",
                tuple(position_ref(p, urls) for p in standing),
                brief=True,
            )
        )
    return lines


def labels(order: Order, positions: Sequence[Position], urls: dict[str, str | None]) -> list[Line]:
    slug = order.indication.slug
    lines = []
    for position in (p for p in positions if p.kind in LABEL_KINDS):
        # A regulator's status in its own terms, never a verdict on the order.
        if position.stance == vocab.PositionStance.APPROVED:
            text = f"among the label's indications for {position.indication}"
        else:
            text = f"not among the indications the regulator authorised for {position.indication}"
        if position.body_category:
            text += f": {position.body_category}"
        if position.conditions:
            text += f"; the label's wording is for {position.conditions}"
            if "adult" in position.conditions.lower() and order.age is not None and order.age < 18:
                text += f" (the patient is {numbers.format_amount(order.age)}: to check)"
        lines.append(Line("b", "label", position.body, text, (position_ref(position, urls),)))
    lines.append(
        Line(
            "b",
            "other products",
            None,
            f"the labels of other IVIG products are not recorded for {slug}"
            if lines
            else f"no product's label is recorded for {slug}",
            (
                Ref(
                    "none",
                    None,
                    None,
                    None,
                    None,
                    note="only the labels listed here were read (ivig records what was read)",
                ),
            ),
            recorded=False,
        )
    )
    return lines


def _ordinal(number: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


def to_confirm(body: str, rows: Sequence[Criterion]) -> list[Line]:
    lines = []
    for row in rows_of(rows, body, CriterionKind.QUALIFYING_CRITERION):
        lines.append(
            Line(
                "c",
                "qualifying criterion",
                body,
                f"[ ] to confirm: {row.quote}",
                (criterion_ref(row),),
            )
        )
    steps = sorted(
        rows_of(rows, body, CriterionKind.LINE_OF_THERAPY),
        key=lambda r: (r.figure or Decimal(0), r.id),
    )
    ivig_line = next((r.figure for r in steps if "IVIG" in r.quote), None)
    for row in steps:
        number = int(row.figure) if row.figure is not None else 0
        if "IVIG" in row.quote:
            text = f"IVIG is the {_ordinal(number)} line here: {row.quote}"
        elif ivig_line is not None and row.figure is not None and row.figure < ivig_line:
            text = f"[ ] to confirm, tried first ({_ordinal(number)} line): {row.quote}"
        else:
            text = f"after IVIG ({_ordinal(number)} line): {row.quote}"
        lines.append(Line("c", "line of therapy", body, text, (criterion_ref(row),)))
    if not lines:
        lines.append(
            Line(
                "c",
                "qualifying criteria",
                body,
                NOT_RECORDED,
                (absent(body, "qualifying criteria or lines of therapy"),),
                recorded=False,
            )
        )
    return lines


def _against_maximum(order: Order, row: Criterion) -> Line:
    maximum = row.figure or Decimal(0)
    dose = order.dose.course_g_per_kg
    per = "a course" if row.rule == Rule.MAX_G_PER_KG_COURSE else "(the page does not say per what)"
    if dose > maximum:
        verdict = f"ABOVE the maximum of {numbers.format_amount(maximum)} g/kg {per} by {g_text(dose - maximum)} g/kg"
    elif dose == maximum:
        verdict = f"at the maximum of {numbers.format_amount(maximum)} g/kg {per}, not above it"
    else:
        verdict = f"below the maximum of {numbers.format_amount(maximum)} g/kg {per}"
    return Line(
        "d",
        "maximum dose",
        row.body,
        f"{numbers.format_amount(dose)} g/kg a course: {verdict}",
        (criterion_ref(row),),
        values={"maximum_g_per_kg": numbers.json_number(maximum), "above": dose > maximum},
    )


def _days(regimen: Regimen) -> str | None:
    if regimen.days_low is None:
        return None
    if regimen.days_high is None or regimen.days_high == regimen.days_low:
        return f"{regimen.days_low} day{'s' if regimen.days_low != 1 else ''}"
    return f"{regimen.days_low}-{regimen.days_high} days"


BASIS_WORDS = {
    "per_day": "a day's",
    "per_infusion": "an infusion's",
    "per_dose": "a dose's, how it is split not stated",
    "not_stated": "of an unstated basis",
}


def _regimen_line(
    order: Order, regimen: Regimen, body: str | None, urls: dict[str, str | None]
) -> Line:
    amount = regimen.amount_high if regimen.amount_high is not None else regimen.amount_low
    basis = BASIS_WORDS.get(regimen.basis, regimen.basis.replace("_", " "))
    parts = [f"as stated: \u201c{regimen.text}\u201d"]
    days = _days(regimen)
    if days:
        parts.append(f"over {days}")
    if regimen.interval not in ("not_stated", "once"):
        parts.append(regimen.interval.replace("_", " "))
    comparison = []
    if amount is not None and regimen.unit and regimen.basis == vocab.DoseBasis.PER_COURSE:
        stated = Decimal(str(amount)) / (1000 if regimen.unit == "mg/kg" else 1)
        dose = order.dose.course_g_per_kg
        if dose > stated:
            comparison.append(f"the order's {numbers.format_amount(dose)} g/kg is above its course")
        elif dose < stated:
            comparison.append(f"the order's {numbers.format_amount(dose)} g/kg is below its course")
        else:
            comparison.append(f"the order's {numbers.format_amount(dose)} g/kg is its course")
    elif amount is not None:
        comparison.append(f"its amount is {basis}: not compared with a course")
    if order.dose.days_low is not None and regimen.days_low is not None:
        low, high = regimen.days_low, regimen.days_high or regimen.days_low
        ordered_high = order.dose.days_high or order.dose.days_low
        inside = low <= order.dose.days_low and ordered_high <= high
        comparison.append(
            f"the order's {order.dose.days_text} {'are within' if inside else 'are outside'} its days"
        )
    # The statements that quote the dose itself (a regimen's rate limit has its own).
    stating = [s for s in regimen.sources if s.quote in regimen.text or regimen.text in s.quote]
    refs = tuple(
        Ref(
            "regimen",
            regimen.id,
            source.document,
            urls.get(source.document),
            source.quote,
            source.status,
            standing=vocab.standing(source.document_kind),
        )
        for source in stating or regimen.sources
    ) or (Ref("regimen", regimen.id, None, None, regimen.text, note="no statement recorded"),)
    text = ", ".join(parts) + ("; " + "; ".join(comparison) if comparison else "")
    return Line(
        "d",
        "regimen",
        body,
        text,
        refs,
        values={
            "regimen": regimen.id,
            "days_low": regimen.days_low,
            "days_high": regimen.days_high,
        },
    )


def document_urls(conn: Reader, documents: Sequence[str]) -> dict[str, str | None]:
    if not documents:
        return {}
    params: dict[str, Any] = {}
    rows = fetch_rows(
        conn,
        f"SELECT id, url FROM publications WHERE id IN {in_clause('d', documents, params)}",
        params,
    )
    return {r["id"]: r["url"] for r in rows}


def doses(
    conn: Reader,
    order: Order,
    rows: Sequence[Criterion],
    bodies: Sequence[str],
    lineage: Sequence[str],
    positions: Sequence[Position],
) -> list[Line]:
    lines: list[Line] = []
    for body in bodies:
        maxima = rows_of(rows, body, CriterionKind.MAXIMUM_DOSE)
        lines += [_against_maximum(order, row) for row in maxima if row.figure is not None]
        lines += [
            Line("d", "maximum dose", body, f"as stated: {row.quote}", (criterion_ref(row),))
            for row in maxima
            if row.figure is None
        ]
        if not maxima:
            lines.append(
                Line(
                    "d",
                    "maximum dose",
                    body,
                    NOT_RECORDED,
                    (absent(body, "maximum dose"),),
                    recorded=False,
                )
            )
    regimens = suggested_for(conn, lineage)
    whose: dict[str, str] = {}
    for position in positions:
        if position.document_id:
            whose.setdefault(position.document_id, position.body)
    for row in rows:
        whose.setdefault(row.document_id, row.body)
    documents = sorted({s.document for r in regimens for s in r.sources})
    urls = document_urls(conn, documents)
    for regimen in regimens:
        owner = next((whose[s.document] for s in regimen.sources if s.document in whose), None)
        lines.append(_regimen_line(order, regimen, owner, urls))
    spreads = {(r.days_low, r.days_high) for r in regimens if r.days_low is not None}
    if len(spreads) > 1:
        sides = "; ".join(f"{r.id}: {_days(r)}" for r in regimens if r.days_low is not None)
        lines.append(
            Line(
                "d",
                "regimens differ",
                None,
                f"the recorded regimens spread the course over different days ({sides}): "
                "shown, not resolved",
                tuple(ref for line in lines if line.about == "regimen" for ref in line.refs),
                brief=True,
            )
        )
    return lines


def rates(order: Order, body: str, rows: Sequence[Criterion]) -> list[Line]:
    lines = []
    kg = order.weight_kg
    for row in rows_of(rows, body, CriterionKind.INFUSION_RATE):
        value = row.figure
        if row.rule == Rule.MAX_RATE_MG_PER_KG_MIN and value is not None:
            per_minute = value * kg
            text = (
                f"at most {numbers.format_amount(value)} mg/kg/min: {g_text(per_minute)} mg/min "
                f"({g_text(per_minute * 60 / 1000)} g/h) at the actual weight of {kg_text(kg)} kg "
                "(the label does not say which weight)"
            )
        elif row.rule == Rule.MAX_RATE_ML_PER_KG_MIN and value is not None:
            text = (
                f"a safety flag: at most {numbers.format_amount(value)} mL/kg/min, "
                f"{g_text(value * kg)} mL/min at {kg_text(kg)} kg: {row.quote}"
            )
        else:
            text = f"as stated: {row.quote}"
        lines.append(Line("f", "infusion rate", body, text, (criterion_ref(row),)))
    if not lines:
        lines.append(
            Line(
                "f",
                "infusion rate",
                body,
                NOT_RECORDED,
                (absent(body, "infusion-rate limit"),),
                recorded=False,
            )
        )
    return lines


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day where it has no such day."""
    import calendar

    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def reviews(order: Order, body: str, rows: Sequence[Criterion]) -> list[Line]:
    found = rows_of(rows, body, CriterionKind.REVIEW_INTERVAL)
    lines: list[Line] = []
    schedules: dict[tuple[Decimal, Decimal | None], list[Criterion]] = {}
    for row in with_rule(found, Rule.FIRST_REVIEW_MONTHS):
        every = next(
            (
                r
                for r in with_rule(found, Rule.REVIEW_EVERY_MONTHS)
                if r.document_id == row.document_id
            ),
            None,
        )
        key = (row.figure or Decimal(0), every.figure if every else None)
        schedules.setdefault(key, []).extend([row, *([every] if every else [])])
    start = order.start
    for (first, every_months), used in schedules.items():
        months = int(first)
        values: dict[str, Any] = {"first_review_months": months}
        if start is not None:
            due = add_months(start, months)
            text = f"review due by {due.isoformat()} ({months} months after {start.isoformat()})"
            values["due"] = due.isoformat()
        else:
            text = f"review due {months} months after the start (--start DATE gives the date)"
        if every_months is not None:
            later = int(every_months)
            values["then_every_months"] = later
            text += f", then at least every {later} months"
            if start is not None:
                text += f" (next by {add_months(start, months + later).isoformat()})"
        lines.append(
            Line("g", "review", body, text, tuple(criterion_ref(r) for r in used), values=values)
        )
    for row in with_rule(found, Rule.CONTINUE_IF_EFFECTIVE_MONTHS):
        low = int(row.figure or 0)
        high = int(row.figure_high or low)
        values = {"judge_from_months": low, "judge_by_months": high}
        text = f"continued only if effective after the first {low}-{high} months"
        if start is not None:
            values["judge_from"] = add_months(start, low).isoformat()
            values["judge_by"] = add_months(start, high).isoformat()
            text += f": judge between {values['judge_from']} and {values['judge_by']}"
        lines.append(Line("g", "review", body, text, (criterion_ref(row),), values=values))
    lines += [
        Line("g", "at each review", body, row.quote, (criterion_ref(row),))
        for row in found
        if row.rule is None
    ]
    if not lines:
        lines.append(
            Line(
                "g",
                "review",
                body,
                NOT_RECORDED,
                (absent(body, "review interval"),),
                recorded=False,
            )
        )
    return lines


def responses(body: str, rows: Sequence[Criterion]) -> list[Line]:
    lines = [
        Line("h", "response measure", body, row.quote, (criterion_ref(row),))
        for row in rows_of(rows, body, CriterionKind.RESPONSE_MEASURE)
    ]
    if not lines:
        lines.append(
            Line(
                "h",
                "response measure",
                body,
                NOT_RECORDED,
                (absent(body, "response measure"),),
                recorded=False,
            )
        )
    return lines
