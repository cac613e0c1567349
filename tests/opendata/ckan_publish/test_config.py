"""Targets from settings, including the example of docs/ckan-publishing.md."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from opendata.ckan_publish.config import parse_organizations, targets

DOC = Path(django_settings.BASE_DIR) / "docs" / "ckan-publishing.md"


@pytest.fixture(autouse=True)
def _off(settings):
    settings.CKAN_URL = settings.CKAN_API_TOKEN = settings.CKAN_TARGETS = ""
    settings.CKAN_ORGANIZATIONS = ""
    settings.CKAN_WITHDRAW = "delete"


def test_off_without_a_url():
    assert targets() == []


def test_one_target_from_the_variables(settings):
    settings.CKAN_URL = "https://data.example.gov.vn/"
    settings.CKAN_API_TOKEN = "token"
    settings.CKAN_ORGANIZATIONS = "BTTTT=bo-tttt, UBND-HN=ha-noi"
    settings.CKAN_WITHDRAW = "private"
    (target,) = targets()
    assert target.url == "https://data.example.gov.vn"
    assert target.organizations == {"BTTTT": "bo-tttt", "UBND-HN": "ha-noi"}
    assert target.withdraw == "private" and target.accepts("ANY")


def test_the_documented_targets_parse(settings):
    example = re.search(r"```json\n(.*?)```", DOC.read_text(), re.S).group(1)
    settings.CKAN_TARGETS = example
    national, hanoi = targets()
    assert national.name == "quoc-gia" and national.accepts("BTTTT")
    assert national.organizations == {"BTTTT": "bo-thong-tin-va-truyen-thong"}
    assert hanoi.withdraw == "private"
    assert hanoi.accepts("UBND-HN") and not hanoi.accepts("BTTTT")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CKAN_ORGANIZATIONS", "BTTTT", "AGENCY_CODE=ckan-org"),
        ("CKAN_ORGANIZATIONS", "{bad json", "not valid JSON"),
        ("CKAN_TARGETS", "[{}]", "url"),
        ("CKAN_TARGETS", '{"url": "x"}', "JSON list"),
        ("CKAN_TARGETS", '[{"url": "http://a"}, {"url": "http://b", "name": "target-1"}]', "same"),
        ("CKAN_WITHDRAW", "purge", "withdraw mode"),
    ],
)
def test_bad_configuration_is_a_clear_error(settings, name, value, message):
    settings.CKAN_URL = "http://ckan.example.gov.vn"
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        targets()


def test_organizations_as_json():
    assert parse_organizations('{"A": "a-org"}') == {"A": "a-org"}
