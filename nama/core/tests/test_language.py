"""Persian first: the interface language never follows the browser's Accept-Language."""

from __future__ import annotations

from django.test import Client


def test_pages_are_persian_whatever_the_browser_prefers(client: Client) -> None:
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fa"


def test_english_only_when_chosen(client: Client) -> None:
    client.cookies["django_language"] = "en"
    assert client.get("/healthz")["Content-Language"] == "en"
    client.cookies["django_language"] = "xx"
    assert client.get("/healthz")["Content-Language"] == "fa"
