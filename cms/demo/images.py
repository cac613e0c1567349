"""Illustrations for the demo, drawn with Pillow: no downloads, no fonts.

Each image has a stable title, which is how the demo data refers to it and how a re-run
finds it again instead of creating a copy.
"""

import io
from collections.abc import Callable

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

SIZE = (1200, 630)
RED, YELLOW, BLUE, NAVY, GREEN, WHITE = (
    (218, 37, 29),
    (255, 205, 0),
    (0, 94, 184),
    (16, 42, 84),
    (0, 135, 90),
    (255, 255, 255),
)


def _gradient(top: tuple, bottom: tuple) -> Image.Image:
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    height = SIZE[1]
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (SIZE[0], y)], fill=colour)
    return image


def _portal() -> Image.Image:
    image = _gradient(BLUE, NAVY)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([200, 110, 1000, 520], radius=24, fill=WHITE)
    draw.rectangle([200, 110, 1000, 170], fill=RED)
    for row in range(3):
        for col in range(4):
            x, y = 240 + col * 190, 200 + row * 105
            draw.rounded_rectangle([x, y, x + 160, y + 80], radius=12, fill=(225, 235, 248))
    return image


def _axis() -> Image.Image:
    image = _gradient(NAVY, BLUE)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 315), (1100, 315)], fill=YELLOW, width=10)
    for index in range(9):
        x = 160 + index * 110
        y = 140 if index % 2 else 490
        draw.line([(x, y), (x, 315)], fill=WHITE, width=4)
        draw.ellipse([x - 28, y - 28, x + 28, y + 28], fill=WHITE, outline=YELLOW, width=5)
    return image


def _cabinet() -> Image.Image:
    image = _gradient((70, 70, 80), (30, 30, 40))
    draw = ImageDraw.Draw(image)
    draw.ellipse([250, 170, 950, 470], fill=(120, 80, 50))
    for index in range(8):
        x = 300 + (index % 4) * 160
        y = 200 if index < 4 else 380
        draw.rounded_rectangle([x, y, x + 90, y + 60], radius=8, fill=(20, 20, 25))
        draw.rectangle([x + 8, y + 8, x + 82, y + 52], fill=(90, 160, 230))
    return image


def _data() -> Image.Image:
    image = _gradient(GREEN, NAVY)
    draw = ImageDraw.Draw(image)
    for row in range(8):
        for col in range(16):
            shade = 140 + ((row * 7 + col * 11) % 5) * 25
            x, y = 80 + col * 66, 60 + row * 66
            draw.rectangle([x, y, x + 54, y + 54], fill=(shade, shade, 255))
    return image


def _bars(values: list[int], colours: list[tuple], inverted: bool = False) -> Image.Image:
    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 560), (1100, 560)], fill=NAVY, width=4)
    draw.line([(100, 60), (100, 560)], fill=NAVY, width=4)
    width = 800 // len(values)
    top = max(values)
    for index, value in enumerate(values):
        # For a rank, a smaller number is better: draw it taller.
        share = (top - value + top * 0.3) / (top * 1.3) if inverted else value / top
        height = round(460 * share)
        x = 160 + index * (width + 40)
        draw.rectangle([x, 560 - height, x + width, 558], fill=colours[index % len(colours)])
    return image


def _egdi() -> Image.Image:
    return _bars([86, 86, 71], [BLUE, BLUE, RED], inverted=True)


def _levels() -> Image.Image:
    return _bars([1, 2, 3, 4], [(160, 190, 230), (100, 150, 210), BLUE, RED])


def _digital() -> Image.Image:
    image = _gradient(RED, (120, 10, 20))
    draw = ImageDraw.Draw(image)
    for index in range(12):
        x = 80 + index * 90
        draw.line([(x, 630), (x + 300, 0)], fill=(240, 120, 100), width=3)
    draw.regular_polygon((600, 315, 150), n_sides=5, rotation=90, fill=YELLOW)
    return image


def _one_stop() -> Image.Image:
    image = _gradient((245, 240, 230), (220, 210, 190))
    draw = ImageDraw.Draw(image)
    for index in range(5):
        x = 100 + index * 210
        draw.rectangle([x, 260, x + 180, 520], fill=BLUE if index != 2 else RED)
        draw.rectangle([x + 30, 180, x + 150, 250], fill=NAVY)
    return image


def _partners() -> Image.Image:
    image = _gradient(WHITE, (230, 236, 245))
    draw = ImageDraw.Draw(image)
    draw.ellipse([300, 140, 650, 490], outline=RED, width=24)
    draw.ellipse([550, 140, 900, 490], outline=BLUE, width=24)
    return image


IMAGES: dict[str, Callable[[], Image.Image]] = {
    "Minh hoạ: Cổng Dịch vụ công quốc gia": _portal,
    "Minh hoạ: Trục liên thông văn bản quốc gia": _axis,
    "Minh hoạ: Phòng họp không giấy tờ": _cabinet,
    "Minh hoạ: Dữ liệu dân cư": _data,
    "Biểu đồ: Thứ hạng EGDI của Việt Nam": _egdi,
    "Minh hoạ: Chính phủ số": _digital,
    "Minh hoạ: Bộ phận Một cửa": _one_stop,
    "Minh hoạ: Hợp tác quốc tế": _partners,
    "Biểu đồ: Bốn mức độ dịch vụ công trực tuyến": _levels,
}


def ensure_images() -> int:
    """Create the demo images that are missing; return how many were created."""
    model = get_image_model()
    collection = Collection.get_first_root_node()
    created = 0
    for position, (title, draw) in enumerate(IMAGES.items(), start=1):
        if model.objects.filter(title=title).exists():
            continue
        buffer = io.BytesIO()
        draw().save(buffer, format="PNG", optimize=True)
        image = model(title=title, collection=collection)
        image.file = ImageFile(buffer, name=f"minhbach-demo-{position:02d}.png")
        image.save()
        created += 1
    return created
