"""The booklet as plain data: which stories (status, consent, awards), grouped and ordered for the
table of contents, each with its school, members, text and consented photos."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from plcpub.load.project import PlanBundle, Project
from plcpub.load.source import SourceError, read_source
from plcpub.render.markdown import render_markdown
from plcpub.render.stories import PublicPhoto, inline_photos, public_story

GROUP_UNKNOWN = "其他"


@dataclass
class Chapter:
    id: str  # community folder: anchors, bookmarks, gallery
    school_code: str
    school: str
    district: str
    level: str
    community: str
    tier: str
    members: list[str]
    title: str
    html: str  # the story, rendered with raw HTML off
    photos: list[PublicPhoto]
    presented: str
    award: str = ""
    inline: set[int] = field(default_factory=set)  # photos (by index) the text shows in place: not repeated below
    web_html: str = ""  # the story for the web gallery, which shows every photo below the text


@dataclass
class Group:
    name: str
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class Book:
    plan_id: str
    title: str
    subtitle: str
    edition: str  # <city><year>學年度, as the cover prints it
    publisher: str
    groups: list[Group]
    preface_html: str = ""
    cover: Path | None = None
    back_cover: str = ""
    size: str = "A4"
    volume: int = 1  # a big city's booklet is bound in volumes; each is its own PDF
    volumes: int = 1

    @property
    def chapters(self) -> list[Chapter]:
        return [c for g in self.groups for c in g.chapters]

    @property
    def volume_label(self) -> str:
        """"第2冊（共3冊）" on the cover and in file labels; empty for a single volume."""
        return f"第{self.volume}冊（共{self.volumes}冊）" if self.volumes > 1 else ""


def split_volumes(book: Book, most: int) -> list[Book]:
    """Chapters in order, cut into as few volumes of at most `most` stories as possible, evenly
    (12 volumes of ~139 rather than 11 of 150 and one of 17). The preface opens volume 1 only;
    a group that crosses a cut continues under its name in the next volume."""
    chapters = [(g.name, c) for g in book.groups for c in g.chapters]
    count = max(1, -(-len(chapters) // most))
    out = []
    for k in range(count):
        part = chapters[len(chapters) * k // count: len(chapters) * (k + 1) // count]
        groups: list[Group] = []
        for name, chapter in part:
            if not groups or groups[-1].name != name:
                groups.append(Group(name))
            groups[-1].chapters.append(chapter)
        out.append(replace(book, groups=groups, preface_html=book.preface_html if k == 0 else "",
                           volume=k + 1, volumes=count))
    return out


INLINE_SCHEME = "plcpub-inline:"  # a photo shown inside the story text, by its index; pdf.py puts the prepared file there


def story_html(body: str, photos: list[PublicPhoto]) -> tuple[str, set[int]]:
    """The story with its own consented photos shown where the text places them (any other image
    is printed as its words), and which photos those are."""
    by_path, used = inline_photos(body, photos)
    return render_markdown(body, top_heading=2, images={p: f"{INLINE_SCHEME}{i}" for p, i in by_path.items()}), used


def _awards(project: Project, pb: PlanBundle) -> dict[str, str]:
    """Community id -> award level, when the plan gives awards (the showcase includes by award)."""
    if not pb.plan.awards:
        return {}
    from plcpub.review import plan_review

    results = plan_review(project, pb).results
    return {c.sb.id: c.award for c in results.candidates if c.award} if results else {}


def build_book(project: Project, pb: PlanBundle) -> Book | None:
    plan, b = pb.plan, pb.plan.booklet
    if b is None:
        return None
    awards = _awards(project, pb)
    by_group: dict[str, Group] = {}
    for sb in sorted(project.submissions_of(plan.id), key=lambda s: (s.sub.school, s.id)):
        photos = public_story(plan, sb)
        if photos is None or (b.awards and awards.get(sb.id) not in b.awards):
            continue
        school = pb.schools.get(sb.sub.school)
        tier = plan.tier(sb.sub.tier)
        st = sb.story
        presented = "．".join(x for x in (st.presented.text if st.presented else "", st.presented_place or "") if x)
        chapter = Chapter(sb.id, sb.sub.school, school.name if school else sb.sub.school,
                          (school.district or "") if school else "", school.level if school else "", sb.sub.name,
                          tier.name if tier else sb.sub.tier,
                          [f"{sb.sub.convener.name}（召集人）"] + [m.name for m in sb.sub.members], st.title,
                          "", photos[:b.max_photos or None], presented, awards.get(sb.id, ""))
        chapter.html, chapter.inline = story_html(sb.story_doc.body, chapter.photos)
        chapter.web_html = render_markdown(sb.story_doc.body, top_heading=4)  # under the web page's story title (h3)
        key = {"district": chapter.district, "level": chapter.level}.get(b.group_by, "") or (
            GROUP_UNKNOWN if b.group_by != "none" else "")
        by_group.setdefault(key, Group(key)).chapters.append(chapter)
    for g in by_group.values():
        if b.order == "title":
            g.chapters.sort(key=lambda c: (c.title, c.id))
    book = Book(plan.id, b.title, b.subtitle or "", plan.edition,
                "．".join(x for x in (plan.organiser, plan.executor) if x) or plan.city,
                [by_group[k] for k in sorted(by_group)], back_cover=b.back_cover or "", size=b.size)
    if b.preface:
        try:
            book.preface_html = render_markdown(read_source(pb.dir / b.preface, project.root).text)
        except SourceError:  # `check` reports a missing or unreadable preface (file.missing)
            pass
    if b.cover_image and (pb.dir / b.cover_image).is_file():
        book.cover = pb.dir / b.cover_image
    return book
