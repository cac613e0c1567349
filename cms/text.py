"""Vietnamese-aware text helpers for content: slugs and sort keys."""

from anyascii import anyascii
from django.utils.text import slugify


def vietnamese_slugify(value: str, max_length: int = 255) -> str:
    """Transliterate Vietnamese (tone marks, đ/Đ) to ASCII before slugifying.

    Django's own slugify drops "Đ" altogether ("Đăng ký" -> "ang-ky"), so the letters are
    transliterated first: "Đăng ký khai sinh" -> "dang-ky-khai-sinh".
    """
    return slugify(anyascii(value or ""))[:max_length].strip("-")


def sort_key(value: str) -> str:
    """A key that sorts Vietnamese words by their base letters (a, ă, â... fold together)."""
    return anyascii(value or "").casefold()
