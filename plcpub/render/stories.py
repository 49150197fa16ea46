"""Which story and which of its photos may be published: one answer for the community page, the
booklet and the gallery, so a photo without consent can never slip into one of them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plcpub.load.markdown import local_path, shown_in_text
from plcpub.load.project import SubmissionBundle
from plcpub.model.plan import Plan
from plcpub.model.submission import Photo


@dataclass
class PublicPhoto:
    src: Path
    photo: Photo


def public_story(plan: Plan, sb: SubmissionBundle) -> list[PublicPhoto] | None:
    """The consented photos of a publishable story, or None when the story is not to be published
    (no story, no consent, or the community is not in a published status)."""
    if sb.story is None or not sb.story.consent or not plan.publication(sb.sub.status).story:
        return None
    base = sb.dir.resolve()
    out = []
    for ph in sb.story.photos:
        src = (sb.dir / ph.file).resolve()
        if ph.consent and src.is_relative_to(base) and src.is_file():
            out.append(PublicPhoto(src, ph))
    return out


def inline_photos(body: str, photos: list[PublicPhoto]) -> tuple[dict[str, int], set[int]]:
    """Each published photo's index by the path a story's text would name it with, and the indexes
    of those the text shows in place (the community page and the booklet do not repeat them below)."""
    return ({local_path(ph.photo.file): i for i, ph in enumerate(photos)},
            shown_in_text(body, [ph.photo.file for ph in photos]))
