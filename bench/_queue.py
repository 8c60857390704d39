"""A generated back office for the queue benchmark: requests spread over the 15 districts.

Everything shares one service (D15), its version and workflow definition; a few dozen
applicants file them; each district has two staff members per working role. About 40% of
the requests are open, spread over the workflow's states (so a district desk clerk's queue
holds some 6,000 of a million); the rest are finished. Channels are ~70% online, ~22% counter,
~8% partner; about a third of open requests are past their state's deadline, 2% have none;
a third of those waiting for staff are held by someone.

Rows are written without the ORM — ``executemany`` on SQLite, ``COPY`` on PostgreSQL —
with every column the models declare (defaults from the model fields), ids chosen here.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# Open requests by workflow state (construction_permit); the weights add up to 1.
OPEN_STATES: dict[str, float] = {
    "document_check": 0.22,
    "technical_review": 0.18,
    "visit": 0.10,
    "fee_assessment": 0.06,
    "drafting": 0.06,
    "signature": 0.04,
    "article100": 0.03,
    "fee_dispute": 0.02,
    "visit_booking": 0.09,
    "returned": 0.08,
    "fee_consent": 0.07,
    "payment": 0.05,
}
FINISHED_STATES = {"issued": 0.7, "rejected": 0.15, "withdrawn": 0.15}
CHANNELS = {"online": 0.70, "counter": 0.22, "partner": 0.08}
OPEN_SHARE = 0.40
NO_DEADLINE_SHARE = 0.02
HELD_SHARE = 0.33
STAFF_PER_ROLE = 2
APPLICANTS = 40
BATCH = 50_000
FORM = {"floors": 3, "use": "residential", "total_floor_area": 450, "units": 3}


@dataclass
class World:
    """The shared rows every generated request points at."""

    now: datetime
    service_id: int
    version_id: int
    definition_id: int
    case_type_id: int
    districts: list[tuple[int, int]]  # (id, number)
    applicants: list[int]
    staff: dict[tuple[int, str], list[int]]  # (district id, role) → user ids
    states: dict[str, Any]  # state code → StateDef
    clerks: list[int] = field(default_factory=list)  # one desk clerk per district


def _weighted(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=count)


def build_world(now: datetime, seed: int) -> World:
    """Districts (from the migrations), D15 (from the synced catalogue), people (made here)."""
    from django.contrib.contenttypes.models import ContentType

    from nama.accounts.constants import AccountKind, StaffRole
    from nama.accounts.models import RoleAssignment, User
    from nama.cases.models import Case
    from nama.catalog.models import Service
    from nama.core.identifiers import national_id_check_digit
    from nama.districts.models import District
    from nama.workflow.engine import definition_of

    rng = random.Random(seed)
    service = Service.objects.select_related("current_version__workflow").get(code="D15")
    version = service.current_version
    if version is None or version.workflow is None:
        raise SystemExit("D15 has no published version with a workflow: sync the catalogue")
    definition = definition_of(version.workflow)
    districts = [
        (pk, int(number or 0))
        for pk, number in District.objects.filter(number__isnull=False)
        .order_by("number")
        .values_list("pk", "number")
    ]
    applicants = []
    for index in range(APPLICANTS):
        first_nine = f"{rng.randrange(10**8, 10**9):09d}"
        national_id = first_nine + str(national_id_check_digit(first_nine))
        user = User.objects.create(
            username=national_id, national_id=national_id, kind=AccountKind.CITIZEN,
            first_name="شهروند", last_name=f"شماره {index + 1}",
        )  # fmt: skip
        applicants.append(user.pk)
    roles = {state.role for state in definition.states if state.role in StaffRole.values}
    staff: dict[tuple[int, str], list[int]] = {}
    for district_id, number in districts:
        for role in sorted(roles):
            for k in range(STAFF_PER_ROLE):
                user = User.objects.create(
                    username=f"bench-{role}-{number}-{k}", kind=AccountKind.STAFF,
                    first_name="کارمند", last_name=f"{role} {number}-{k}",
                )  # fmt: skip
                RoleAssignment.objects.create(user=user, role=role, district_id=district_id)
                staff.setdefault((district_id, role), []).append(user.pk)
    world = World(
        now=now,
        service_id=service.pk,
        version_id=version.pk,
        definition_id=version.workflow.pk,
        case_type_id=ContentType.objects.get_for_model(Case).pk,
        districts=districts,
        applicants=applicants,
        staff=staff,
        states={state.code: state for state in definition.states},
    )
    world.clerks = [staff[(district_id, "desk_clerk")][0] for district_id, _ in districts]
    return world


# --- Writing rows ---------------------------------------------------------------------------


class Table:
    """One model's table: the columns given per row first, then the rest at their defaults."""

    def __init__(self, model: Any, given: Sequence[str]) -> None:
        from django.db import connection

        by_name = {f.attname: f for f in model._meta.concrete_fields}
        self.table = model._meta.db_table
        rest = [f for name, f in by_name.items() if name not in given]
        self.columns = [by_name[name].column for name in given] + [f.column for f in rest]
        self.constants = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)

    def write(self, rows: Iterator[tuple[Any, ...]]) -> int:
        from django.db import connection

        written = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row + self.constants)
            if len(batch) == BATCH:
                written += self._flush(connection, batch)
                batch = []
        return written + self._flush(connection, batch)

    def _flush(self, connection: Any, batch: list[tuple[Any, ...]]) -> int:
        if not batch:
            return 0
        names = ", ".join(f'"{column}"' for column in self.columns)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                copy_sql = f'COPY "{self.table}" ({names}) FROM STDIN'
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in batch:
                        copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in self.columns)
            connection.ensure_connection()
            raw = connection.connection
            sql = f'INSERT INTO "{self.table}" ({names}) VALUES ({marks})'  # noqa: S608 - ours
            raw.executemany(sql, batch)
        return len(batch)


@contextlib.contextmanager
def loading(models: list[Any]) -> Iterator[None]:
    """Bulk-load mode for ``models``' tables: their secondary indexes dropped and built again
    afterwards (sorted builds beat a million random inserts), foreign keys not checked row by
    row on PostgreSQL (the generator's ids are consistent), a large page cache on SQLite."""
    from django.db import connection

    tables = [model._meta.db_table for model in models]
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET maintenance_work_mem = '512MB'")
        else:
            cursor.execute("PRAGMA cache_size = -1000000")
        indexes = [(name, sql) for table in tables for name, sql in _indexes(cursor, table)]
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
        if postgres:
            cursor.execute("SET session_replication_role = DEFAULT")


def _indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes that back no constraint."""
    if cursor.db.vendor == "postgresql":
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
    return [(str(name), str(sql)) for name, sql in cursor.fetchall()]


def timestamps(vendor: str, base: datetime) -> Callable[[float | None], Any]:
    """Seconds after ``base`` as the backend stores a datetime (None stays None)."""
    from django.utils import timezone

    if vendor == "postgresql":
        return lambda seconds: None if seconds is None else base + timedelta(seconds=seconds)
    naive = timezone.make_naive(base, UTC)
    return lambda seconds: None if seconds is None else str(naive + timedelta(seconds=seconds))


# --- The plan of each request -----------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One request: where it is, since when (seconds before now), who holds it."""

    pk: int
    district_id: int
    district_number: int
    state: str
    role: str
    open: bool
    channel: str
    submitted: float
    entered: float
    due: float | None
    holder: int | None
    parcel: int
    applicant: int
    registered_by: int | None


def plan(world: World, total: int, seed: int) -> Iterator[Planned]:
    """``total`` requests; open ones each get their own parcel (one open request per service
    and parcel), finished ones one of their district's parcels."""
    rng = random.Random(seed)
    day = 86_400.0
    parcels: dict[int, list[int]] = {pk: [] for pk, _ in world.districts}
    next_parcel = 1
    for start in range(1, total + 1, BATCH):
        count = min(BATCH, total - start + 1)
        opens = [rng.random() < OPEN_SHARE for _ in range(count)]
        open_states = iter(_weighted(rng, OPEN_STATES, count))
        finished_states = iter(_weighted(rng, FINISHED_STATES, count))
        channels = _weighted(rng, CHANNELS, count)
        for offset in range(count):
            district_id, number = world.districts[rng.randrange(len(world.districts))]
            is_open = opens[offset]
            state = next(open_states) if is_open else next(finished_states)
            spec = world.states[state]
            role = spec.role if is_open else ""
            submitted = rng.uniform(1, 90) * day if is_open else rng.uniform(30, 730) * day
            entered = rng.uniform(0, min(submitted, 1.5 * (spec.deadline_days or 5) * day))
            due = None
            if is_open and spec.deadline_days is not None and rng.random() > NO_DEADLINE_SHARE:
                due = entered - spec.deadline_days * 1.4 * day  # seconds before now (< 0: ahead)
            held = is_open and (district_id, role) in world.staff and rng.random() < HELD_SHARE
            holder = rng.choice(world.staff[(district_id, role)]) if held else None
            if is_open or not parcels[district_id]:
                parcel = next_parcel
                next_parcel += 1
                parcels[district_id].append(parcel)
            else:
                parcel = rng.choice(parcels[district_id])
            clerks = world.staff.get((district_id, "desk_clerk"), [None])
            yield Planned(
                pk=start + offset,
                district_id=district_id,
                district_number=number,
                state=state,
                role=role,
                open=is_open,
                channel=channels[offset],
                submitted=submitted,
                entered=entered,
                due=due,
                holder=holder,
                parcel=parcel,
                applicant=rng.choice(world.applicants),
                registered_by=clerks[0] if channels[offset] == "counter" else None,
            )


def tracking_codes(total: int, seed: int) -> list[str]:
    """``total`` distinct valid tracking codes (11 random digits and a Verhoeff digit)."""
    from nama.core.tracking import verhoeff_digit

    rng = random.Random(seed + 1)
    seen: set[str] = set()
    while len(seen) < total:
        payload = str(rng.randrange(10**10, 10**11))
        seen.add(payload + verhoeff_digit(payload))
    codes = sorted(seen)
    rng.shuffle(codes)
    return codes


# --- Generation -------------------------------------------------------------------------------

PRIORITY = {"online": 0, "partner": 1, "counter": 2}


def _status(item: Planned) -> str:
    if not item.open:
        return "completed" if item.state == "issued" else "cancelled"
    return "waiting" if item.role == "applicant" else "in_progress"


def generate(world: World, total: int, seed: int) -> list[Planned]:
    """Write parcels, workflow instances and requests; return the plan (for the workload)."""
    from django.db import connection, transaction

    from nama.cases.models import Case
    from nama.parcels.models import Parcel
    from nama.workflow.models import WorkflowInstance

    items = list(plan(world, total, seed))
    codes = tracking_codes(total, seed)
    at = timestamps(connection.vendor, world.now)
    form = json.dumps(FORM)
    # Each request's moments once, shared by its workflow instance: submitted, entered the
    # current state (also its last change, hold and end), the state's deadline.
    stamps = [(at(-item.submitted), at(-item.entered), at(_due(item))) for item in items]
    with transaction.atomic(), loading([Parcel, WorkflowInstance, Case]):
        _write_parcels(items)
        Table(
            WorkflowInstance,
            ["id", "definition_id", "district_id", "subject_type_id", "subject_id", "state",
             "acting_role", "state_entered_at", "state_due_at", "finished_at", "outcome", "step",
             "created_at"],
        ).write(
            (item.pk, world.definition_id, item.district_id, world.case_type_id, item.pk,
             item.state, item.role, entered, due, None if item.open else entered,
             world.states[item.state].outcome, 3, submitted)
            for item, (submitted, entered, due) in zip(items, stamps, strict=True)
        )  # fmt: skip
        Table(
            Case,
            ["id", "tracking_code", "service_id", "service_version_id", "applicant_id",
             "parcel_id", "district_id", "channel", "priority", "form_data", "status",
             "workflow_id", "created_at", "updated_at", "submitted_at", "finished_at",
             "queue_role", "state_due_at", "holder_id", "held_since", "registered_by_id"],
        ).write(
            (item.pk, codes[item.pk - 1], world.service_id, world.version_id, item.applicant,
             item.parcel, item.district_id, item.channel, PRIORITY[item.channel], form,
             _status(item), item.pk, submitted, entered, submitted,
             None if item.open else entered, item.role, due, item.holder,
             entered if item.holder else None, item.registered_by)
            for item, (submitted, entered, due) in zip(items, stamps, strict=True)
        )  # fmt: skip
    _reset_sequences([Parcel, WorkflowInstance, Case])
    return items


def _due(item: Planned) -> float | None:
    return None if item.due is None else -item.due


def _write_parcels(items: list[Planned]) -> None:
    from nama.parcels.models import Parcel

    first: dict[int, Planned] = {}
    for item in items:
        first.setdefault(item.parcel, item)
    Table(
        Parcel,
        ["id", "renewal_code", "code_district", "code_region", "code_block", "code_parcel",
         "district_id", "address"],
    ).write(
        (pk, _code(item.district_number, pk), item.district_number, 1 + pk // 10_000,
         1 + (pk // 100) % 100, 1 + pk % 100, item.district_id,
         f"اصفهان، منطقه {item.district_number}، پلاک {pk}")
        for pk, item in first.items()
    )  # fmt: skip


def _code(district: int, pk: int) -> str:
    return f"{district}-{1 + pk // 10_000}-{1 + (pk // 100) % 100}-{1 + pk % 100}-0-0-0"


def _reset_sequences(models: list[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze() -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map for index-only scans)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
