"""The demo content's generated images, made with Pillow as the design brief's "Imagery recipe" (§5) describes.

- `pattern()`: the "Commons" composition, a crop of a pavement of cell-sized tiles (quarter discs, half discs, discs
  and squares) with one large anchor in the strong tone and one accent tile, in one of four moods.
- `europe_map()`: Europe in a Lambert azimuthal equal-area projection, CEP's member countries highlighted,
  optionally a host country and a city, from the Natural Earth borders `countries.shapes` decodes.
- `logo()`: a demo organisation's logo, a rounded square holding three shapes.

All three are deterministic (the same model and slug give the same bytes), hold no text of any kind, are drawn at
3× and downsampled, and report a focal point: the anchor, the city or the logo. `scale` makes them smaller than the
masters (tests use it). The functions after them make each image once as a Wagtail image, found again by its title,
and pick the mood by content: see docs/conventions.md, "Demo imagery".
"""

import functools
import hashlib
import io
import math
import random
from dataclasses import dataclass

from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw

from django.core.files.images import ImageFile
from django.utils.text import slugify

from wagtail.images import get_image_model

from countries.shapes import WORLD_ATLAS_KEYS, europe_polygons, frame_bounds, project

SUPERSAMPLING = 3

# Masters, by kind: what each generated image is made at (times `scale`).
SIZES = {"16:9": (2400, 1350), "3:2": (1800, 1200), "1:1": (800, 800)}
COLUMNS = {"16:9": 8, "3:2": 6, "1:1": 2}


@dataclass(frozen=True)
class Mood:
    name: str
    background: str
    field: tuple[str, str]
    strong: str
    accent: str


NIGHT = Mood("Night", "#14285A", ("#1A3478", "#0F1B3D"), "#2F56B0", "#F4B63F")
PAPER = Mood("Paper", "#F7F4EE", ("#E6E0D3", "#DCE5F7"), "#1F4196", "#F4B63F")
SKY = Mood("Sky", "#DCE5F7", ("#EFF3FB", "#9DB3E6"), "#1A3478", "#F4B63F")
MARIGOLD = Mood("Marigold", "#F4B63F", ("#D99414", "#F7F4EE"), "#14285A", "#1F4196")
MOODS = {mood.name: mood for mood in (NIGHT, PAPER, SKY, MARIGOLD)}


@dataclass(frozen=True)
class MapColours:
    sea: str
    land: str
    member: str
    highlight: str
    city: str = "#F4B63F"


MAP_PAPER = MapColours(sea="#F7F4EE", land="#E6E0D3", member="#9DB3E6", highlight="#1F4196")
MAP_NIGHT = MapColours(sea="#14285A", land="#1A3478", member="#2F56B0", highlight="#9DB3E6")

# The demo's cities, (longitude, latitude): where its in-person events take place.
CITIES = {
    "Amsterdam": (4.90, 52.37),
    "Athens": (23.73, 37.98),
    "Barcelona": (2.17, 41.39),
    "Berlin": (13.40, 52.52),
    "Brussels": (4.35, 50.85),
    "Dublin": (-6.26, 53.35),
    "Edinburgh": (-3.19, 55.95),
    "Lisbon": (-9.14, 38.72),
    "Oslo": (10.75, 59.91),
    "Prague": (14.42, 50.08),
    "Tallinn": (24.75, 59.44),
    "The Hague": (4.30, 52.08),
    "Utrecht": (5.12, 52.09),
    "Vienna": (16.37, 48.21),
    "Vilnius": (25.28, 54.69),
    "Warsaw": (21.01, 52.23),
}

MAP_FRAME = {"west": -11.0, "east": 34.0, "south": 35.0, "north": 71.0}
MAP_FRAME_HEIGHT = 0.96
MAP_FRAME_X = {"16:9": 0.62, "3:2": 0.50}
MEMBERSHIP_MAP_ALT = "Map of Europe with CEP member countries highlighted"


@dataclass(frozen=True)
class Generated:
    """A generated image and its focal point: (left, top, width, height) in the image's pixels."""

    image: PillowImage.Image
    focal: tuple[int, int, int, int]

    def png(self) -> bytes:
        """The image as an optimised PNG: patterns keep their palette (see `pattern`), logos and maps are RGB."""
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def seeded(model: str, slug: str) -> random.Random:
    digest = hashlib.sha256(f"{model}:{slug}".encode()).hexdigest()
    return random.Random(int(digest[:12], 16))  # noqa: S311 - a picture's layout, not a secret


def size_of(kind: str, scale: float = 1.0) -> tuple[int, int]:
    width, height = SIZES[kind]
    return max(1, round(width * scale)), max(1, round(height * scale))


def downsampled(canvas: PillowImage.Image, size: tuple[int, int]) -> PillowImage.Image:
    box = (0, 0, size[0] * SUPERSAMPLING, size[1] * SUPERSAMPLING)
    return canvas.resize(size, PillowImage.LANCZOS, box=box)


# ---------------------------------------------------------------------------
# Tiles, and the palette they are painted in
# ---------------------------------------------------------------------------
#
# A tile is drawn at 3× as a mask and downsampled with LANCZOS to its cell; its edge keeps LEVELS levels of
# coverage. Cells are painted once each, so a picture's pixels are the background, a tone, or one of LEVELS - 2
# steps between the background and a tone: a palette of 1 + tones × (LEVELS - 1) colours. The picture is composed
# as palette indices and saved as a palette PNG: exact colours, about a third of the bytes of RGB, quick to write.

LEVELS = 32
_TO_LEVEL = [round(value * (LEVELS - 1) / 255) for value in range(256)]

SHAPES = ("quarter disc", "half disc", "disc", "square")
SHAPE_WEIGHTS = (5, 3, 1, 2)
TURNS = (None, PillowImage.Transpose.ROTATE_90, PillowImage.Transpose.ROTATE_180, PillowImage.Transpose.ROTATE_270)


@functools.lru_cache(maxsize=256)
def tile(side: int, shape: str, turn: int) -> PillowImage.Image:
    """One shape on its own `side`-square canvas, so that it is clipped crisply to its cell: drawn at 3× and
    downsampled, as coverage levels (0 to LEVELS - 1) that `tile_paste` paints in a tone. Tiles repeat within and
    across images, so each is made once per process (don't change them).

    Unturned, the quarter disc is centred on the top left corner (radius: the side), the half disc on the middle of
    the top edge (radius: half the side); the disc is 0.8 of the side and the square fills the cell.
    """
    if turn:
        return tile(side, shape, 0).transpose(TURNS[turn])
    big = side * SUPERSAMPLING
    mask = PillowImage.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    if shape == "quarter disc":
        draw.pieslice((-big, -big, big, big), 0, 90, fill=255)
    elif shape == "half disc":
        draw.pieslice((0, -big / 2, big, big / 2), 0, 180, fill=255)
    elif shape == "disc":
        draw.ellipse((0.1 * big, 0.1 * big, 0.9 * big, 0.9 * big), fill=255)
    else:
        draw.rectangle((0, 0, big, big), fill=255)
    return mask.resize((side, side), PillowImage.LANCZOS).point(_TO_LEVEL)


@functools.cache
def _tone_indices(tone: int) -> list[int]:
    return [0] + [1 + tone * (LEVELS - 1) + level - 1 for level in range(1, LEVELS)] + [0] * (256 - LEVELS)


def tile_paste(canvas: PillowImage.Image, position: tuple[int, int], side: int, shape: str, turn: int, tone: int):
    """Paint a tile in tone number `tone` onto a cell of `canvas` (palette indices) that shows the background."""
    canvas.paste(tile(side, shape, turn).point(_tone_indices(tone)), position)


def palette_image(canvas: PillowImage.Image, background: str, tones) -> PillowImage.Image:
    """The palette indices of `canvas` as a palette image: the background, then each tone's steps over it."""
    base = ImageColor.getrgb(background)
    colours = [base]
    for tone in tones:
        colour = ImageColor.getrgb(tone)
        colours += [
            tuple(round(b + (c - b) * level / (LEVELS - 1)) for b, c in zip(base, colour, strict=True))
            for level in range(1, LEVELS)
        ]
    image = PillowImage.frombytes("P", canvas.size, canvas.tobytes())
    image.putpalette([channel for colour in colours for channel in colour])
    return image


# ---------------------------------------------------------------------------
# The "Commons" pattern
# ---------------------------------------------------------------------------


def field_probability(kind: str, centre_x: float, width: int) -> float:
    """16:9 fills from 10% at the left edge to 75% at the right, leaving a calm zone; 3:2 fills 55% evenly."""
    if kind == "16:9":
        return 0.10 + 0.65 * min(max(centre_x / width, 0.0), 1.0)
    return 0.55


def pattern(model: str, slug: str, *, kind: str = "3:2", mood: Mood = PAPER, scale: float = 1.0) -> Generated:
    """The "Commons" composition for one piece of content (`model`, `slug`), 16:9 or 3:2; its focal point is the
    anchor."""
    if kind not in ("16:9", "3:2"):
        raise ValueError(f"Patterns are 16:9 or 3:2, not {kind}; 1:1 images are logos.")
    rng = seeded(model, slug)
    width, height = size_of(kind, scale)
    columns = COLUMNS[kind]
    cell = math.ceil(width / columns)
    rows = math.ceil(height / cell)  # the last row may bleed off the bottom edge
    tones = (*mood.field, mood.strong, mood.accent)
    field_tones, strong, accent = (0, 1), 2, 3
    canvas = PillowImage.new("L", (columns * cell, rows * cell), 0)

    # The anchor: a 2×2 quarter disc in the strong tone, wholly in the right third and wholly in the picture.
    anchor_columns = [c for c in range(columns - 1) if c * cell >= 2 * width / 3 and (c + 2) * cell <= width + 1]
    anchor_column = rng.choice(anchor_columns or [columns - 2])
    anchor_row = rng.randrange(max(1, height // cell - 1))
    anchor_cells = {(anchor_row + r, anchor_column + c) for r in (0, 1) for c in (0, 1)}
    tile_paste(canvas, (anchor_column * cell, anchor_row * cell), 2 * cell, "quarter disc", rng.randrange(4), strong)

    # The accent: one tile next to the anchor (sharing an edge), wholly visible and never in the left third.
    neighbours = sorted(
        {(r + dr, c + dc) for r, c in anchor_cells for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))} - anchor_cells
    )
    accent_candidates = [
        (r, c)
        for r, c in neighbours
        if r >= 0 and c * cell >= width / 3 and (r + 1) * cell <= height and (c + 1) * cell <= width
    ]
    accent_cell = rng.choice(accent_candidates)
    shape = rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
    tile_paste(canvas, (accent_cell[1] * cell, accent_cell[0] * cell), cell, shape, rng.randrange(4), accent)

    # The field: the other cells, each filled or left empty, in a field tone or now and then the strong one.
    for row in range(rows):
        for column in range(columns):
            if (row, column) in anchor_cells or (row, column) == accent_cell:
                continue
            if rng.random() >= field_probability(kind, (column + 0.5) * cell, width):
                continue
            tone = strong if rng.random() < 0.12 else rng.choice(field_tones)
            shape = rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
            tile_paste(canvas, (column * cell, row * cell), cell, shape, rng.randrange(4), tone)

    focal = (anchor_column * cell, anchor_row * cell, min(2 * cell, width - anchor_column * cell), 2 * cell)
    return Generated(palette_image(canvas.crop((0, 0, width, height)), mood.background, tones), focal)


# ---------------------------------------------------------------------------
# Demo logos
# ---------------------------------------------------------------------------

LOGO_TINTS = ("#EFF3FB", "#F7F4EE", "#DCE5F7")
LOGO_BLUES = ("#14285A", "#1A3478", "#1F4196")
LOGO_MARIGOLD = "#F4B63F"


def logo(model: str, slug: str, *, scale: float = 1.0) -> Generated:
    """A demo organisation's logo: on white, a tinted rounded square (2/3 of the side, corner radius 1/8 of it)
    whose 2×2 grid holds three shapes in one dark blue; one logo in two makes one of them marigold. No letters: the
    organisation's name is HTML text below it."""
    rng = seeded(model, slug)
    side, _height = size_of("1:1", scale)
    square = round(side * 2 / 3)
    offset = (side - square) // 2
    cell = math.ceil(square / COLUMNS["1:1"])
    tint, blue = rng.choice(LOGO_TINTS), rng.choice(LOGO_BLUES)

    inner = PillowImage.new("L", (cell * 2, cell * 2), 0)
    cells = [(r, c) for r in (0, 1) for c in (0, 1)]
    filled = rng.sample(cells, 3)
    marigold = rng.randrange(3) if rng.random() < 0.5 else None
    for number, (row, column) in enumerate(filled):
        shape = rng.choices(SHAPES[:3], SHAPE_WEIGHTS[:3])[0]
        tile_paste(inner, (column * cell, row * cell), cell, shape, rng.randrange(4), int(number == marigold))

    # The rounded square's mask, drawn at 3× and downsampled like the tiles, clips them.
    big = square * SUPERSAMPLING
    mask = PillowImage.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=big / 8, fill=255)
    canvas = PillowImage.new("RGB", (side, side), "#FFFFFF")
    inner = palette_image(inner.crop((0, 0, square, square)), tint, (blue, LOGO_MARIGOLD)).convert("RGB")
    canvas.paste(inner, (offset, offset), mask.resize((square, square), PillowImage.LANCZOS))
    return Generated(canvas, (offset, offset, square, square))


# ---------------------------------------------------------------------------
# The Europe map
# ---------------------------------------------------------------------------


def map_frame() -> tuple[float, float, float, float]:
    """The projected bounding box of the frame (longitude −11…34, latitude 35…71), edges curves and all."""
    return frame_bounds(MAP_FRAME["west"], MAP_FRAME["east"], MAP_FRAME["south"], MAP_FRAME["north"])


def europe_map(
    *,
    kind: str = "3:2",
    colours: MapColours = MAP_PAPER,
    members: tuple[str, ...] = (),
    host: str | None = None,
    city: str | tuple[float, float] | None = None,
    scale: float = 1.0,
) -> Generated:
    """Europe with `members` (ISO alpha-2 codes) highlighted, `host` in the strong highlight and `city` (a name in
    CITIES or a (longitude, latitude)) as a marigold disc. No labels, graticule, flags, pins or shading.

    The focal point is the city, or else the highlighted countries."""
    width, height = size_of(kind, scale)
    s = SUPERSAMPLING
    west, south, east, north = map_frame()
    k = MAP_FRAME_HEIGHT * height / (north - south)
    centre_x, centre_y = MAP_FRAME_X[kind] * width, height / 2
    middle_x, middle_y = (west + east) / 2, (south + north) / 2

    def pixel(x, y):
        return (centre_x + (x - middle_x) * k) * s, (centre_y - (y - middle_y) * k) * s

    # What part of the projected plane the canvas shows, to leave out what falls outside it.
    left, right = middle_x - centre_x / k, middle_x + (width - centre_x) / k
    bottom, top = middle_y - (height - centre_y) / k, middle_y + centre_y / k
    member_keys = {WORLD_ATLAS_KEYS[code] for code in members if code in WORLD_ATLAS_KEYS}
    host_key = WORLD_ATLAS_KEYS.get(host) if host else None

    canvas = PillowImage.new("RGB", (width * s, height * s), colours.sea)
    draw = ImageDraw.Draw(canvas)
    drawn = []
    highlighted = []
    for key, (x0, y0, x1, y1), points in europe_polygons():
        if x1 < left or x0 > right or y1 < bottom or y0 > top:
            continue
        xy = [pixel(x, y) for x, y in points]
        if key == host_key:
            colour = colours.highlight
        elif key in member_keys:
            colour = colours.member
        else:
            colour = colours.land
        if colour != colours.land:
            highlighted.append((*pixel(x0, y1), *pixel(x1, y0)))
        draw.polygon(xy, fill=colour)
        drawn.append(xy)
    # 1 px borders in the sea colour, over every fill.
    for xy in drawn:
        draw.line([*xy, xy[0]], fill=colours.sea, width=s)

    focal = (0, 0, width, height)
    if city is not None:
        lon, lat = CITIES[city] if isinstance(city, str) else city
        x, y = pixel(*project(lon, lat))
        disc = 18 * width / 1600 * s
        ring = 2 * width / 1600 * s
        outer = disc / 2 + ring
        draw.ellipse((x - outer, y - outer, x + outer, y + outer), fill=colours.sea)
        draw.ellipse((x - disc / 2, y - disc / 2, x + disc / 2, y + disc / 2), fill=colours.city)
        box = height // 4
        focal = (round(x / s - box / 2), round(y / s - box / 2), box, box)
    elif highlighted:
        focal = (
            min(box[0] for box in highlighted) / s,
            min(box[1] for box in highlighted) / s,
            max(box[2] for box in highlighted) / s,
            max(box[3] for box in highlighted) / s,
        )
        focal = (round(focal[0]), round(focal[1]), round(focal[2] - focal[0]), round(focal[3] - focal[1]))
    return Generated(downsampled(canvas, (width, height)), clipped(focal, width, height))


def clipped(box: tuple[int, int, int, int], width: int, height: int) -> tuple[int, int, int, int]:
    left, top = min(max(box[0], 0), width - 1), min(max(box[1], 0), height - 1)
    right, bottom = min(max(box[0] + box[2], left + 1), width), min(max(box[1] + box[3], top + 1), height)
    return left, top, right - left, bottom - top


# ---------------------------------------------------------------------------
# Wagtail images, made once and found again by their title
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def png_and_focal(draw, *args, **kwargs) -> tuple[bytes, tuple[int, int, int, int]]:
    """`draw(*args, **kwargs)` (pattern, logo or europe_map) as PNG bytes and its focal point. The drawing is
    deterministic, so the bytes are kept for the process: two events in one city share a map, and a test run that
    loads the demo content again and again draws each image once."""
    generated = draw(*args, **kwargs)
    return generated.png(), generated.focal


def wagtail_image(title: str, draw, *args, description: str = "", **kwargs):
    """The Wagtail image called `title`; if there is none, `draw(*args, **kwargs)` makes it (arguments hashable).

    Its focal point is the drawing's, and `description` is its alt text: empty for a decorative pattern."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    content, (left, top, width, height) = png_and_focal(draw, *args, **kwargs)
    image = image_model(
        title=title,
        description=description,
        focal_point_x=left + width // 2,
        focal_point_y=top + height // 2,
        focal_point_width=width,
        focal_point_height=height,
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324 - Wagtail's duplicate check, not a secret
    )
    image.file = ImageFile(io.BytesIO(content), name=f"{slugify(title)[:60]}.png")
    image.save()
    return image


def pattern_image(*, title: str, model: str, slug: str, mood: Mood, kind: str = "3:2"):
    """A decorative "Commons" pattern as a Wagtail image (alt text empty)."""
    return wagtail_image(title, pattern, model, slug, kind=kind, mood=mood)


def topic_mood(position: int) -> Mood:
    """Topics alternate Paper and Sky in menu order."""
    return (PAPER, SKY)[position % 2]


NEWS_MOODS = (PAPER, SKY, NIGHT)


def news_moods(items) -> dict[str, Mood]:
    """Each news item's mood, by title: the n-th newest gets [Paper, Sky, Night][n % 3], so neighbours differ.

    An item with "highlighted" set is Marigold instead, unless one of the seven before it already is: at most one
    item in eight, and highlighted ones only."""
    ordered = sorted(items, key=lambda item: item["date"], reverse=True)
    moods, last_marigold = {}, None
    for n, item in enumerate(ordered):
        mood = NEWS_MOODS[n % 3]
        if item.get("highlighted") and (last_marigold is None or n - last_marigold >= 8):
            mood, last_marigold = MARIGOLD, n
        moods[item["title"]] = mood
    return moods


def topic_image(title: str, *, position: int):
    """A topic's 3:2 pattern; `position` is the topic's place in the menu (Paper and Sky alternate)."""
    return pattern_image(title=f"[Demo] Topic – {title}", model="topic", slug=slugify(title), mood=topic_mood(position))


def news_image(item: dict, items):
    """A news item's 3:2 listing image; `items` are all the demo's news items, which set its mood (see news_moods)."""
    return pattern_image(
        title=f"[Demo] News – {item['title']}",
        model="news",
        slug=slugify(item["title"]),
        mood=news_moods(items)[item["title"]],
    )


def project_image(*, slug: str, title: str):
    """A project's 3:2 pattern, in Sky."""
    return pattern_image(title=f"[Demo] Project – {title}", model="project", slug=slug, mood=SKY)


def event_image(data: dict, *, member_countries: tuple[str, ...]):
    """An event's 16:9 image: for an event with a venue (in person or hybrid) in a known city, the Paper map with
    the members' countries, the host country and the city; otherwise a Night pattern."""
    city, country = data.get("venue_city"), data.get("venue_country")
    if data.get("attendance", "online") != "online" and city in CITIES:
        return wagtail_image(
            f"[Demo] Event – {data['title']}",
            europe_map,
            kind="16:9",
            members=member_countries,
            host=country or None,
            city=city,
            description=f"Map of Europe with {city} marked",
        )
    return pattern_image(
        title=f"[Demo] Event – {data['title']}", model="event", slug=data["slug"], mood=NIGHT, kind="16:9"
    )


def member_logo(name: str):
    """A demo member organisation's logo (1:1, no letters)."""
    return wagtail_image(f"[Demo] Logo – {name}", logo, "member", slugify(name))


def social_image():
    """The site's default social image: a 16:9 Night pattern."""
    return pattern_image(title="[Demo] Site – Social image", model="site", slug="social", mood=NIGHT, kind="16:9")


def home_hero_image():
    """The home page's hero: a 16:9 Night pattern, with its calm left side for the tagline."""
    return pattern_image(title="[Demo] Home – Hero", model="home", slug="hero", mood=NIGHT, kind="16:9")


def about_hero_image():
    """About Us's hero: a 3:2 Sky pattern, light beside the paper band it sits in."""
    return pattern_image(title="[Demo] About – Hero", model="about", slug="hero", mood=SKY)


def membership_map_image(member_countries: tuple[str, ...]):
    """The membership page's 3:2 Paper map of Europe with the members' countries highlighted."""
    return wagtail_image(
        "[Demo] Membership – Map of Europe",
        europe_map,
        kind="3:2",
        members=member_countries,
        description=MEMBERSHIP_MAP_ALT,
    )
