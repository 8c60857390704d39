"""Administrators publish a new workflow version from YAML; a broken edit is refused with
precise messages and nothing is stored."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client

from nama.accounts.tests.factories import sign_in_verified, system_admin
from nama.workflow.models import WorkflowDefinition
from nama.workflow.tests.helpers import published, small_definition

pytestmark = pytest.mark.django_db
ADD = "/admin/workflow/workflowdefinition/add/"


@pytest.fixture
def admin_client(client: Client) -> Client:
    sign_in_verified(client, system_admin())
    return client


def test_a_valid_edit_becomes_the_next_version(admin_client: Client) -> None:
    first = published()
    page = admin_client.get(f"{ADD}?from={first.pk}")
    assert "small_permit" in page.content.decode()
    edited = small_definition(title="مجوز آزمایشی، ویرایش دوم")
    response = admin_client.post(
        ADD, {"definition_yaml": yaml.safe_dump(edited, allow_unicode=True)}
    )
    assert response.status_code == 302
    assert list(WorkflowDefinition.objects.values_list("version", flat=True)) == [2, 1]
    assert WorkflowDefinition.objects.get(version=2).title == "مجوز آزمایشی، ویرایش دوم"
    assert WorkflowDefinition.objects.get(version=2).source == "admin"


def test_a_broken_edit_is_refused_with_the_problems_and_nothing_is_stored(
    admin_client: Client,
) -> None:
    published()
    broken = small_definition()
    broken["transitions"][0]["guards"] = ["moon_is_full"]
    response = admin_client.post(
        ADD, {"definition_yaml": yaml.safe_dump(broken, allow_unicode=True)}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "تعریف پذیرفته نشد" in text
    assert "unknown guard &#x27;moon_is_full&#x27;" in text
    assert WorkflowDefinition.objects.count() == 1


def test_invalid_yaml_is_refused(admin_client: Client) -> None:
    response = admin_client.post(ADD, {"definition_yaml": "code: [unclosed"})
    assert "متن YAML درست نیست" in response.content.decode()
    assert not WorkflowDefinition.objects.exists()


def test_published_versions_cannot_be_changed_or_deleted(admin_client: Client) -> None:
    version = published()
    url = f"/admin/workflow/workflowdefinition/{version.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="definition_yaml"' not in page.content.decode()
    admin_client.post(url, {"definition_yaml": "code: x"})
    assert (
        admin_client.post(f"/admin/workflow/workflowdefinition/{version.pk}/delete/").status_code
        == 403
    )
    version.refresh_from_db()
    assert version.version == 1


def test_staff_without_the_second_factor_cannot_reach_the_admin(client: Client) -> None:
    client.force_login(system_admin())
    assert client.get(ADD).status_code == 302
