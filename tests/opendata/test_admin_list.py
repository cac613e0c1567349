"""The datasets' list in the admin: each dataset's state, in Vietnamese."""

import re

import pytest
from django.urls import reverse

from tests.factories import DatasetFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_whether_each_dataset_is_published(editor_client):
    DatasetFactory(title="Bộ dữ liệu đã công bố")
    DatasetFactory(title="Bộ dữ liệu còn nháp", publish=False)

    html = editor_client.get(reverse("wagtailsnippets_opendata_dataset:list")).content.decode()

    headers = [
        re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    ]
    text = " ".join(re.sub(r"<[^>]+>", " ", h) for h in headers)
    assert "Trạng thái" in text and "Cập nhật lúc" in text, text
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    published = next(row for row in rows if "Bộ dữ liệu đã công bố" in row)
    draft = next(row for row in rows if "Bộ dữ liệu còn nháp" in row)
    assert "đã xuất bản" in published.lower()
    assert "bản nháp" in draft.lower()
