"""Virus scan: the clamd client against a local fake clamd, and what uploading does with it."""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from pytest_django.fixtures import Settings

from nama.accounts.models import User
from nama.documents import scanning
from nama.documents.constants import DocumentEventKind, VirusScan
from nama.documents.models import DocumentEvent, Quarantine, StoredFile, Upload
from nama.documents.scanning import (
    ClamdAddress,
    ClamdClient,
    ScannerUnavailableError,
    Verdict,
    parse_reply,
)
from nama.documents.tests import samples
from nama.documents.tests.conftest import stored_blobs, upload
from nama.documents.tests.fake_clamd import EICAR_SIGNATURE, FakeClamd


def client_for(fake: FakeClamd, timeout: float = 1.0) -> ClamdClient:
    return ClamdClient(ClamdAddress.parse(fake.address), timeout=timeout)


def infected_pdf() -> bytes:
    """A valid PDF that carries the EICAR test string (in a comment): scanners flag it."""
    head, _, rest = samples.pdf().partition(b"\n")
    return head + b"\n%" + samples.EICAR + b"\n" + rest


# --- the client ----------------------------------------------------------------------------


def test_a_clean_stream_is_ok(clamd: FakeClamd) -> None:
    data = samples.pdf() * 50  # several chunks
    assert client_for(clamd).instream(data) == Verdict(infected=False)
    assert clamd.commands == [b"zINSTREAM\0"]
    assert clamd.received == [data]


def test_a_found_signature_is_reported(clamd: FakeClamd) -> None:
    verdict = client_for(clamd).instream(b"prefix " + samples.EICAR)
    assert verdict == Verdict(infected=True, signature=EICAR_SIGNATURE)


def test_an_error_reply_means_no_verdict(clamd: FakeClamd) -> None:
    clamd.mode = "error"
    with pytest.raises(ScannerUnavailableError, match="ERROR"):
        client_for(clamd).instream(b"data")


def test_a_stream_over_clamds_limit_means_no_verdict(clamd: FakeClamd) -> None:
    clamd.max_stream_bytes = 100_000
    with pytest.raises(ScannerUnavailableError, match="size limit exceeded"):
        client_for(clamd).instream(b"x" * 300_000)


def test_a_scanner_that_does_not_answer_in_time_means_no_verdict(clamd: FakeClamd) -> None:
    clamd.mode = "hang"
    started = time.monotonic()
    with pytest.raises(ScannerUnavailableError, match="timed out"):
        client_for(clamd, timeout=0.3).instream(b"data")
    assert time.monotonic() - started < 2


def test_a_scanner_that_closes_without_a_word_means_no_verdict(clamd: FakeClamd) -> None:
    clamd.mode = "close"
    with pytest.raises(ScannerUnavailableError):
        client_for(clamd).instream(b"data")


def test_a_scanner_that_is_down_means_no_verdict() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ScannerUnavailableError):
        ClamdClient(ClamdAddress.parse(f"tcp:127.0.0.1:{port}"), timeout=1).instream(b"x")


@pytest.fixture
def unix_clamd() -> Iterator[FakeClamd]:
    with tempfile.TemporaryDirectory(prefix="clamd") as folder:  # short: socket paths are short
        fake = FakeClamd(unix_path=Path(folder) / "clamd.ctl").start()
        yield fake
        fake.stop()


def test_the_client_speaks_over_a_unix_socket(unix_clamd: FakeClamd) -> None:
    assert unix_clamd.address.startswith("unix:/")
    assert client_for(unix_clamd).instream(samples.EICAR).infected


@pytest.mark.parametrize(
    ("raw", "verdict"),
    [
        (b"stream: OK", Verdict(infected=False)),
        (b"stream: Eicar-Test-Signature FOUND", Verdict(True, "Eicar-Test-Signature")),
        (b"1: stream: OK", Verdict(infected=False)),
    ],
)
def test_replies_are_parsed(raw: bytes, verdict: Verdict) -> None:
    assert parse_reply(raw) == verdict


@pytest.mark.parametrize("raw", [b"", b"stream: FOUND", b"garbage", b"stream: OKAY"])
def test_unexpected_replies_mean_no_verdict(raw: bytes) -> None:
    with pytest.raises(ScannerUnavailableError):
        parse_reply(raw)


@pytest.mark.parametrize(
    ("text", "family", "target"),
    [
        ("unix:/run/clamav/clamd.ctl", socket.AF_UNIX, "/run/clamav/clamd.ctl"),
        ("tcp:clamav.internal:3310", socket.AF_INET, ("clamav.internal", 3310)),
        ("tcp:[::1]:3310", socket.AF_INET6, ("::1", 3310)),
    ],
)
def test_addresses_are_parsed(text: str, family: socket.AddressFamily, target: object) -> None:
    assert ClamdAddress.parse(text) == ClamdAddress(family, target)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["clamav:3310", "unix:relative", "tcp:host", "tcp:host:99999"])
def test_malformed_addresses_are_configuration_errors(text: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="NAMA_CLAMD_ADDRESS"):
        ClamdAddress.parse(text)


def test_no_address_means_no_scanning(settings: Settings) -> None:
    settings.NAMA_CLAMD_ADDRESS = ""
    assert scanning.configured_client() is None


# --- uploading with a scanner ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_clean_upload_is_marked_scanned(owner: User, clamd: FakeClamd) -> None:
    result = upload(owner, samples.pdf(), "deed.pdf")
    assert result.virus_scan == VirusScan.CLEAN
    assert clamd.received == [samples.pdf()]


@pytest.mark.django_db
def test_an_image_is_scanned_as_sent_not_as_re_encoded(owner: User, clamd: FakeClamd) -> None:
    sent = samples.jpeg(gps=True)
    upload(owner, sent, "photo.jpg")
    assert clamd.received == [sent]


@pytest.mark.django_db
def test_an_infected_upload_is_quarantined_and_refused(
    owner: User, clamd: FakeClamd, documents_storage: Path
) -> None:
    data = infected_pdf()
    with pytest.raises(ValidationError) as caught:
        upload(owner, data, "deed.pdf")

    assert caught.value.code == "infected"
    assert "ویروس" in caught.value.messages[0]
    assert not Upload.objects.exists()
    assert not StoredFile.objects.exists()
    assert stored_blobs(documents_storage) == []
    held = Quarantine.objects.get()
    assert (held.signature, held.uploaded_by, held.document_type) == (
        EICAR_SIGNATURE,
        owner,
        "deed",
    )
    assert (held.original_name, held.size) == ("deed.pdf", len(data))
    assert held.storage_name.startswith("quarantine/")
    assert (documents_storage / held.storage_name).read_bytes() == data
    event = DocumentEvent.objects.get()
    assert (event.kind, event.actor) == (DocumentEventKind.QUARANTINED, owner)
    assert event.data["signature"] == EICAR_SIGNATURE


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["error", "hang", "close"])
def test_without_a_verdict_the_upload_is_refused(
    owner: User, clamd: FakeClamd, documents_storage: Path, settings: Settings, mode: str
) -> None:
    clamd.mode = mode  # type: ignore[assignment]
    settings.NAMA_CLAMD_TIMEOUT_SECONDS = 0.3
    with pytest.raises(ValidationError) as caught:
        upload(owner, samples.pdf(), "deed.pdf")
    assert caught.value.code == "scan_unavailable"
    assert "دوباره تلاش" in caught.value.messages[0]
    assert not Upload.objects.exists()
    assert not Quarantine.objects.exists()
    assert not DocumentEvent.objects.exists()
    assert stored_blobs(documents_storage) == []


@pytest.mark.django_db
def test_with_the_scanner_down_the_upload_is_refused(owner: User, settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.NAMA_CLAMD_ADDRESS = f"tcp:127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(ValidationError) as caught:
        upload(owner, samples.pdf(), "deed.pdf")
    assert caught.value.code == "scan_unavailable"
    assert not Upload.objects.exists()
