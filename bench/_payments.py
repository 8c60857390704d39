"""The callback storm's world: payers, issued bills, payments started through the sandbox
gateway and paid at the sandbox bank; the callbacks (genuine, duplicated, tampered) in the
order they arrive; sending them from concurrent clients; the checks afterwards."""

from __future__ import annotations

import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

CALLBACK_URL: Final = "http://127.0.0.1:8000/payments/callback/sandbox/"
PAYERS: Final = 200
DUPLICATED: Final = 0.20  # of payments: the genuine callback arrives twice
TAMPERED: Final = 0.05  # of payments: one more callback with the amount altered


@dataclass(frozen=True, slots=True)
class Sent:
    """One callback to send: ``kind`` genuine, duplicate or tampered."""

    payment_id: int
    kind: str
    fields: dict[str, str]


def _payers() -> list[Any]:
    from nama.accounts.constants import AccountKind
    from nama.accounts.models import User
    from nama.core.identifiers import national_id_check_digit

    users = []
    for index in range(PAYERS):
        first_nine = f"{100_000_000 + index * 7_919:09d}"
        national_id = first_nine + str(national_id_check_digit(first_nine))
        users.append(
            User(username=national_id, national_id=national_id, kind=AccountKind.CITIZEN,
                 first_name="پرداخت‌کننده", last_name=f"شماره {index + 1}")
        )  # fmt: skip
    return User.objects.bulk_create(users)


def issue(count: int, rng: random.Random, workers: int) -> list[Any]:
    """``count`` issued bills of 1–50 million rials, each from its own accepted assessment."""
    from nama.billing.constants import Purpose
    from nama.billing.models import Assessment, AssessmentLine, BeneficiaryAccount
    from nama.billing.services.bills import issue_bills
    from nama.billing.tariffs.files import sync_accounts

    sync_accounts()
    account = BeneficiaryAccount.objects.get(code="municipality")
    payers = _payers()
    amounts = [rng.randrange(1_000, 50_001) * 1_000 for _ in range(count)]
    assessments = Assessment.objects.bulk_create(
        Assessment(purpose=Purpose.PERMIT_FEES, payer=rng.choice(payers), tariff_year=1405,
                   total=amount)
        for amount in amounts
    )  # fmt: skip
    AssessmentLine.objects.bulk_create(
        AssessmentLine(assessment=assessment, position=1, rule="expert_visit",
                       label="هزینه کارشناسی (آزمایشی)", account=account, amount=amount,
                       computed_amount=amount)
        for assessment, amount in zip(assessments, amounts, strict=True)
    )  # fmt: skip
    return in_parallel(
        lambda assessment: issue_bills(assessment=assessment, actor=None)[0], assessments, workers
    )


def start_and_pay(bills: list[Any], workers: int) -> list[tuple[Any, dict[str, str]]]:
    """Each bill's payment started through the sandbox gateway and paid at the sandbox bank;
    with the fields the bank's page posts back."""
    from nama.payments.sandbox import bank, sep
    from nama.payments.services import start_payment

    def start_and_pay_one(bill: Any) -> tuple[Any, dict[str, str]]:
        payment, _ = start_payment(bill=bill, actor=bill.payer, callback_url=CALLBACK_URL)
        settled = bank.pay(token=payment.token, outcome=bank.Outcome.SUCCESS)
        return payment, sep.callback_fields(settled)

    return in_parallel(start_and_pay_one, bills, workers)


def in_parallel[T, R](function: Callable[[T], R], items: list[T], workers: int) -> list[R]:
    """``function`` of every item, in order, from ``workers`` threads (preparing the world is
    not what is measured; each thread has its own database connection)."""
    from django.db import connection

    def chunk(part: list[T]) -> list[R]:
        try:
            return [function(item) for item in part]
        finally:
            connection.close()

    size = max(1, -(-len(items) // workers))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(chunk, [items[i : i + size] for i in range(0, len(items), size)])
        return [result for part in parts for result in part]


def callbacks(paid: list[tuple[Any, dict[str, str]]], rng: random.Random) -> list[Sent]:
    """Every payment's genuine callback; for 20% of them a duplicate, for 5% a copy with the
    amount altered. A payment's callbacks stay side by side (in random order), so the
    clients taking the next one from a shared queue send them at the same moment."""
    groups = []
    for payment, fields in paid:
        group = [Sent(payment.pk, "genuine", fields)]
        if rng.random() < DUPLICATED:
            group.append(Sent(payment.pk, "duplicate", dict(fields)))
        if rng.random() < TAMPERED:
            altered = {**fields, "Amount": str(int(fields["Amount"]) + rng.choice((-1, 1)) * 1_000)}
            group.append(Sent(payment.pk, "tampered", altered))
        rng.shuffle(group)
        groups.append(group)
    rng.shuffle(groups)
    return [sent for group in groups for sent in group]


def storm(sent: list[Sent], clients: int) -> tuple[float, list[tuple[Sent, bool]]]:
    """Send ``sent`` from ``clients`` threads (each its own database connection) taking the
    next callback from a shared queue; the seconds it took and whether each was accepted."""
    from django.db import connection

    from nama.payments.services import handle_callback

    work: queue.SimpleQueue[Sent] = queue.SimpleQueue()
    for item in sent:
        work.put(item)
    outcomes: list[tuple[Sent, bool]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        done: list[tuple[Sent, bool]] = []
        connection.ensure_connection()
        start.wait()
        try:
            for item in _drain(work):
                found = handle_callback(
                    provider_code="sandbox", data=item.fields, remote_addr="127.0.0.1"
                )
                done.append((item, found is not None))
        except BaseException as error:  # noqa: BLE001 - reported as a violation
            failures.append(error)
        finally:
            connection.close()
            with lock:
                outcomes.extend(done)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if failures:
        raise SystemExit(f"a client failed: {failures[0]!r}")
    return seconds, outcomes


def _drain(work: queue.SimpleQueue[Sent]) -> Iterator[Sent]:
    while True:
        try:
            yield work.get_nowait()
        except queue.Empty:
            return


def violations(outcomes: list[tuple[Sent, bool]], payment_ids: list[int]) -> list[str]:
    """Everything that should not be: a bill not paid exactly once, a tampered callback
    accepted or changing anything, a genuine one refused, an unbalanced ledger."""
    from django.db.models import F

    from nama.billing.constants import BillStatus
    from nama.billing.models import Bill, Receipt, Refund
    from nama.billing.services.ledger import check_ledger
    from nama.payments.constants import EventKind, PaymentStatus
    from nama.payments.models import Payment, PaymentEvent
    from nama.payments.processing import texts

    kinds = Counter(sent.kind for sent, _ in outcomes)
    bills = Bill.objects.filter(payments__in=payment_ids)
    events = PaymentEvent.objects.filter(payment_id__in=payment_ids)
    refused = events.filter(kind=EventKind.REFUSED)
    changed = events.exclude(status_before=F("status_after"))
    changes = Counter(changed.values_list("payment_id", flat=True))
    checks = [
        ("payments not paid", Payment.objects.filter(pk__in=payment_ids)
         .exclude(status=PaymentStatus.PAID).count()),
        ("bills not paid", bills.exclude(status=BillStatus.PAID).count()),
        ("bills without exactly one receipt",
         len(payment_ids) - Receipt.objects.filter(payment_id__in=payment_ids).count()),
        ("refunds (no bill here may be paid twice)", Refund.objects.count()),
        ("tampered callbacks accepted",
         sum(ok for sent, ok in outcomes if sent.kind == "tampered")),
        ("genuine or duplicate callbacks refused",
         sum(not ok for sent, ok in outcomes if sent.kind != "tampered")),
        ("refusals recorded ≠ tampered callbacks", abs(refused.count() - kinds["tampered"])),
        ("refusals that changed a payment",
         refused.exclude(status_before=F("status_after")).count()),
        ("repeats recorded ≠ duplicate callbacks",
         abs(events.filter(note=texts.REPEATED).count() - kinds["duplicate"])),
        ("payments with other than 3 changes (token, claim, paid)",
         sum(1 for pk in payment_ids if changes[pk] != 3)),
    ]  # fmt: skip
    found = [f"{label}: {count}" for label, count in checks if count]
    return found + [f"ledger: {line}" for line in check_ledger()]
