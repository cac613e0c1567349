import pytest
from django.utils import translation

from cms.admin_forms import VIETNAMESE_LETTERS
from cms.blocks import StatisticBlock
from core.text import vietnamese_slugify


@pytest.mark.parametrize(
    ("raw", "vi", "en"),
    [("42.5", "42,5", "42.5"), ("1250000", "1.250.000", "1,250,000"), ("0.0100", "0,01", "0.01")],
)
def test_statistic_shows_the_number_as_typed_in_each_language(raw, vi, en):
    value = StatisticBlock().to_python({"label": "hồ sơ", "value": raw})
    with translation.override("vi"):
        assert value.display_value() == vi
    with translation.override("en"):
        assert value.display_value() == en


def test_admin_slug_formatters_agree_with_the_server_slugify():
    # The browser folds letters with these classes; the server with core.text. Both must
    # give the same slug, or an editor's URL would change on save.
    for base, letters in VIETNAMESE_LETTERS.items():
        for letter in letters + letters.upper():
            assert vietnamese_slugify(letter) == base, letter
