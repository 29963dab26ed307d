"""Where a map's town names go so that none covers another or a marker: a greedy placement
in screen pixels, the way cartographers place names by hand. Towns are taken largest
first; each name tries above its point, then below, right and left, and takes the first
place where its box touches no name already placed and no marker; a town with no free
place is not named. Used by the region page's map (deck.gl) and the region report's map
(plotly), each giving its own projection to pixels."""

from __future__ import annotations

from dataclasses import dataclass

POSITIONS = ("top", "bottom", "right", "left")
CHARACTER_EM = 0.58  # the width of an average Cyrillic or Latin letter of Arial, in em
LINE_EM = 1.25
GAP_PX = 3  # between a name and its point
SAME_SPOT_PX = 1.5  # a marker this close to a town is drawn on the town itself


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def label_box(x: float, y: float, text: str, position: str, font_px: float, point_px: float) -> Box:
    """The box a name takes beside its point (screen pixels, y down)."""
    width, height = len(text) * font_px * CHARACTER_EM, font_px * LINE_EM
    away = point_px + GAP_PX
    if position == "top":
        return Box(x - width / 2, y - away - height, x + width / 2, y - away)
    if position == "bottom":
        return Box(x - width / 2, y + away, x + width / 2, y + away + height)
    if position == "right":
        return Box(x + away, y - height / 2, x + away + width, y + height / 2)
    return Box(x - away - width, y - height / 2, x - away, y + height / 2)


def marker_box(x: float, y: float, radius_px: float) -> Box:
    return Box(x - radius_px, y - radius_px, x + radius_px, y + radius_px)


def place_labels(
    points: list[tuple[float, float, str]],
    markers: list[tuple[float, float, float]],
    font_px: float = 13,
    point_px: float = 3,
    limit: int | None = None,
    frame: Box | None = None,
    keep_first: bool = True,
) -> dict[int, tuple[str, float]]:
    """Names for points (x, y, text; largest town first) among markers (x, y, radius):
    {index of a named point: (its position, its distance in px from the point)}. A marker on the town itself (a far town, a
    suggested site) is its point: the name goes beside it. Boxes inside `frame` when given.
    With `keep_first`, the first point (the capital) is named even among a cluster of
    centers that leaves it no clear place: where its name covers the fewest markers."""
    boxes = [marker_box(x, y, r) for x, y, r in markers]
    taken: list[Box] = []
    placed: dict[int, tuple[str, float]] = {}
    for index, (x, y, text) in enumerate(points):
        own = [k for k, (mx, my, _) in enumerate(markers) if abs(mx - x) < SAME_SPOT_PX and abs(my - y) < SAME_SPOT_PX]
        radius = max([point_px, *(markers[k][2] for k in own)])
        others = [box for k, box in enumerate(boxes) if k not in own]
        for position in POSITIONS:
            box = label_box(x, y, text, position, font_px, radius)
            inside = frame is None or (
                box.left >= frame.left
                and box.right <= frame.right
                and box.top >= frame.top
                and box.bottom <= frame.bottom
            )
            if inside and not any(box.overlaps(other) for other in (*others, *taken)):
                placed[index] = (position, radius + GAP_PX)
                taken.append(box)
                break
        if index == 0 and keep_first and index not in placed:
            covered = {
                position: sum(label_box(x, y, text, position, font_px, radius).overlaps(other) for other in others)
                for position in POSITIONS
            }
            position = min(POSITIONS, key=covered.__getitem__)
            placed[index] = (position, radius + GAP_PX)
            taken.append(label_box(x, y, text, position, font_px, radius))
        if limit is not None and len(placed) == limit:
            break
    return placed
