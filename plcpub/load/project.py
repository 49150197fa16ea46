"""Find and load everything in a project: plans/<id>/ and content/<plan-id>/<community>/.

Loading never raises on bad input: each file's problems become diagnostics and the file is
left out of the model, so one broken submission does not hide the errors of the others.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from plcpub.cache import ObjectCache, file_digest, folder_stats, key_of
from plcpub.load.markdown import MarkdownDoc, parse_markdown, split_sections
from plcpub.load.source import SourceError, inside, read_source
from plcpub.load.tree import PLAN_FILE, REVIEWS_DIR, SUBMISSION_FILE, scan
from plcpub.load.yamlsrc import Located, YamlErrors, parse_yaml
from plcpub.model.plan import Plan
from plcpub.model.review import ReviewerList, ScoreSheet
from plcpub.model.school import School, SchoolRegistry
from plcpub.model.submission import OutcomeReport, SpendingReport, StoryMeta, Submission
from plcpub.paths import Paths
from plcpub.process import pool_context
from plcpub.load.convert import build_model
from plcpub.diagnostics import Diagnostic, Report

OUTCOME_FILE = "outcome.yaml"
SPENDING_FILE = "spending.yaml"
STORY_FILE = "story.md"
REVIEWERS_FILE = "reviewers.yaml"


@dataclass
class PlanBundle:
    plan: Plan
    doc: Located
    dir: Path
    schools: dict[str, School] = field(default_factory=dict)
    schools_doc: Located | None = None
    sections: list[tuple[str, str]] = field(default_factory=list)  # prose (title, markdown)
    prose_doc: MarkdownDoc | None = None  # plan.md as read (rules locate problems in it)


@dataclass
class SubmissionBundle:
    id: str
    sub: Submission
    doc: Located
    dir: Path
    outcome: OutcomeReport | None = None
    outcome_doc: Located | None = None
    spending: SpendingReport | None = None  # spending.yaml: actual spending, for closing the grant
    spending_doc: Located | None = None
    story: StoryMeta | None = None
    story_doc: MarkdownDoc | None = None
    source_key: str | None = None  # hash of its files, when loaded with a cache

    @cached_property
    def folder_stats(self) -> str:
        """Its folder's files by name, size and time, read once per build (rules and pages key on it)."""
        return folder_stats(self.dir)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("folder_stats", None)  # a cached bundle must not bring back old file times
        return state


@dataclass
class ReviewBundle:
    """A plan's review data: the panel and the reviewers' score sheets, each with its document."""
    reviewers: ReviewerList | None = None
    reviewers_doc: Located | None = None
    sheets: list[tuple[ScoreSheet, Located]] = field(default_factory=list)


@dataclass
class Project:
    root: Path
    plans: dict[str, PlanBundle] = field(default_factory=dict)
    submissions: list[SubmissionBundle] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    reviews: dict[str, ReviewBundle] = field(default_factory=dict)  # plan id -> panel and score sheets
    cache: ObjectCache | None = None  # reused parses and rule findings (CLI runs)
    paths: Paths = field(init=False)
    _folders: tuple[list, int, dict] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.paths = Paths(self.root)

    def submissions_of(self, plan_id: str) -> list[SubmissionBundle]:
        return [s for s in self.submissions if s.sub.plan == plan_id]

    def submission(self, plan_id: str, folder: str) -> SubmissionBundle | None:
        """The community in content/<plan_id>/<folder>/, if loaded (a predecessor's link). Every
        community page and the lineage rule ask it: an index (made again when the list has
        changed), not a scan of 10,000 communities for each."""
        subs = self.submissions
        if self._folders is None or self._folders[0] is not subs or self._folders[1] != len(subs):
            index: dict[tuple[str, str], SubmissionBundle] = {}
            for s in subs:
                index.setdefault((s.sub.plan, s.id), s)  # the first, as a scan would find
            self._folders = (subs, len(subs), index)
        return self._folders[2].get((plan_id, folder))


def load_yaml_file(path: Path, root: Path, report: Report) -> Located | None:
    try:
        return parse_yaml(read_source(path, root))
    except SourceError as e:
        report.add(e.diagnostic)
    except YamlErrors as e:
        report.extend(e.diagnostics)
    return None


def load_model(model, path: Path, root: Path, report: Report):
    doc = load_yaml_file(path, root, report)
    if doc is None:
        return None, None
    obj, diags = build_model(model, doc)
    report.extend(diags)
    return obj, doc


def _missing(report: Report, doc: Located, path: tuple, what: str, target: Path, root: Path) -> None:
    line, col = doc.where(path)
    report.add(Diagnostic(doc.source.display, line, col, "file.missing", "error",
                          f"找不到{what}「{target.relative_to(root) if target.is_relative_to(root) else target}」。"))


def load_plan(plan_dir: Path, root: Path, report: Report) -> PlanBundle | None:
    plan, doc = load_model(Plan, plan_dir / PLAN_FILE, root, report)
    if plan is None:
        return None
    bundle = PlanBundle(plan, doc, plan_dir)
    if plan.id != plan_dir.name:
        line, col = doc.where(("id",))
        report.add(Diagnostic(doc.source.display, line, col, "plan.id-folder", "error",
                              f"計畫代號「{plan.id}」必須與資料夾名稱「{plan_dir.name}」相同。"))
    for key in ("schools_file", "prose"):  # read from the plan's own folder only (prose is published)
        if inside(plan_dir, getattr(plan, key)) is None:
            line, col = doc.where((key,))
            report.add(Diagnostic(doc.source.display, line, col, "file.outside", "error",
                                  f"「{getattr(plan, key)}」不在計畫資料夾內；請把檔案放在 {plan_dir.name}/ 之下並用相對路徑。"))
            return None
    schools_path = plan_dir / plan.schools_file
    if schools_path.is_file():
        reg, sdoc = load_model(SchoolRegistry, schools_path, root, report)
        if reg is not None:
            bundle.schools_doc = sdoc
            for i, s in enumerate(reg.schools):
                if s.code in bundle.schools:
                    line, col = sdoc.where(("schools", i, "code"))
                    report.add(Diagnostic(sdoc.source.display, line, col, "school.duplicate-code", "error",
                                          f"學校代碼「{s.code}」重複。"))
                bundle.schools[s.code] = s
    else:
        _missing(report, doc, ("schools_file",), "學校名冊", schools_path, root)
    prose_path = plan_dir / plan.prose
    if prose_path.is_file():
        try:
            md = parse_markdown(read_source(prose_path, root))
            bundle.prose_doc = md
            bundle.sections = split_sections(md.body)
        except SourceError as e:
            report.add(e.diagnostic)
        except YamlErrors as e:
            report.extend(e.diagnostics)
    else:
        _missing(report, doc, ("prose",), "計畫本文", prose_path, root)
    return bundle


def _parse_file(path: Path, root: Path, report: Report, markdown: bool = False):
    try:
        source = read_source(path, root)
        return parse_markdown(source) if markdown else parse_yaml(source)
    except SourceError as e:
        report.add(e.diagnostic)
    except YamlErrors as e:
        report.extend(e.diagnostics)
    return None


def parse_submission(sub_file: Path, root: Path) -> tuple[dict, list[Diagnostic]]:
    """Read and parse a submission's files (no models yet): plain data, cheap to send between processes."""
    report = Report()
    parsed = {"community": _parse_file(sub_file, root, report)}
    if sub_file.name == SUBMISSION_FILE:
        folder = sub_file.parent
        if (folder / OUTCOME_FILE).is_file():
            parsed["outcome"] = _parse_file(folder / OUTCOME_FILE, root, report)
        if (folder / SPENDING_FILE).is_file():
            parsed["spending"] = _parse_file(folder / SPENDING_FILE, root, report)
        if (folder / STORY_FILE).is_file():
            parsed["story"] = _parse_file(folder / STORY_FILE, root, report, markdown=True)
    return parsed, report.items


def model_submission(sub_file: Path, parsed: dict, report: Report) -> SubmissionBundle | None:
    """Turn parsed files into the typed bundle; problems go into `report`."""
    doc = parsed.get("community")
    if doc is None:
        return None
    sub, diags = build_model(Submission, doc)
    report.extend(diags)
    if sub is None:
        return None
    doc.data = None  # only building the model reads it; positions come from the source text (memory: 10,000+ kept)
    folder = sub_file.parent
    ident = folder.name if sub_file.name == SUBMISSION_FILE else sub_file.stem
    bundle = SubmissionBundle(ident, sub, doc, folder)
    if parsed.get("outcome") is not None:
        bundle.outcome_doc = parsed["outcome"]
        bundle.outcome, diags = build_model(OutcomeReport, bundle.outcome_doc)
        bundle.outcome_doc.data = None
        report.extend(diags)
    if parsed.get("spending") is not None:
        bundle.spending_doc = parsed["spending"]
        bundle.spending, diags = build_model(SpendingReport, bundle.spending_doc)
        bundle.spending_doc.data = None
        report.extend(diags)
    md = parsed.get("story")
    if md is not None:
        bundle.story_doc = md
        if md.meta is None:
            report.add(Diagnostic(md.source.display, 1, 1, "story.front-matter", "error",
                                  "故事檔開頭需要以 --- 包住的資料區（title、consent、photos）。"))
        else:
            bundle.story, diags = build_model(StoryMeta, md.meta)
            report.extend(diags)
    return bundle


def load_submission(sub_file: Path, root: Path, report: Report) -> SubmissionBundle | None:
    parsed, diags = parse_submission(sub_file, root)
    report.extend(diags)
    return model_submission(sub_file, parsed, report)


PARALLEL_MIN_FILES = 200  # below this, starting worker processes costs more than it saves


def _parse_chunk(files: list[Path], root: Path) -> list[tuple[dict, list[Diagnostic]]]:
    return [parse_submission(f, root) for f in files]


def _source_key(sub_file: Path, root: Path) -> str:
    """What a submission's parse depends on: its files' bytes and where they are (messages name paths)."""
    parts = [str(root.resolve()), str(sub_file)]
    companions = ([sub_file.parent / name for name in (OUTCOME_FILE, SPENDING_FILE, STORY_FILE)]
                  if sub_file.name == SUBMISSION_FILE else [])
    for f in (sub_file, *companions):
        try:
            parts.append(file_digest(f))
        except OSError:
            parts.append(b"<missing>")
    return key_of(*parts)


def load_submissions(files: list[Path], root: Path, report: Report, jobs: int | None = None,
                     cache: ObjectCache | None = None) -> list[SubmissionBundle]:
    """Parse on every core when there are many (a city has 1,000+), then build models here.
    With a cache, unchanged submissions come back from the last run instead."""
    keys = [_source_key(f, root) for f in files] if cache else [None] * len(files)
    hits = {i: hit for i, k in enumerate(keys) if k and (hit := cache.get(k)) is not None}
    todo = [f for i, f in enumerate(files) if i not in hits]
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(todo) < PARALLEL_MIN_FILES:
        parsed = [parse_submission(f, root) for f in todo]
    else:
        size = -(-len(todo) // (jobs * 4))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()) as pool:
            parsed = [r for chunk in pool.map(_parse_chunk, chunks, [root] * len(chunks)) for r in chunk]
    fresh = iter(parsed)
    bundles = []
    for i, f in enumerate(files):
        if i in hits:
            bundle, diags = hits[i]
        else:
            files_parsed, diags = next(fresh)
            sub_report = Report()
            bundle = model_submission(f, files_parsed, sub_report)
            diags = diags + sub_report.items
            if cache:
                cache.put(keys[i], (bundle, diags))
        report.extend(diags)
        if bundle is not None:
            bundle.source_key = keys[i]
            bundles.append(bundle)
    return bundles


def load_project(root: Path, extra_files: list[Path] = (), cache: ObjectCache | None = None) -> Project:
    """Load all plans and submissions under `root`, plus `extra_files` (submissions or plans elsewhere).
    `cache` (the CLI passes .cache/objects) reuses unchanged submissions' parses from the last run."""
    project = Project(root)
    tree = scan(root)  # links, unpublishable folder names and misplaced files are refused here
    project.report.extend(tree.problems)
    plan_dirs, sub_files = tree.plan_dirs, tree.submission_files
    for f in extra_files:
        if f.name == PLAN_FILE and f.parent not in plan_dirs:
            plan_dirs.append(f.parent)
        elif f.name != PLAN_FILE and f not in sub_files and f.suffix in (".yaml", ".yml") and f.parent.name != REVIEWS_DIR:
            sub_files.append(f)
    for d in plan_dirs:
        bundle = load_plan(d, root, project.report)
        if bundle is not None:
            project.plans[bundle.plan.id] = bundle
    project.submissions = load_submissions(sub_files, root, project.report, cache=cache)
    project.cache = cache
    for plan_id in project.plans:
        folder = root / "content" / plan_id / REVIEWS_DIR
        if folder.is_dir():
            project.reviews[plan_id] = load_reviews(folder, root, project.report)
    return project


def load_reviews(folder: Path, root: Path, report: Report) -> ReviewBundle:
    bundle = ReviewBundle()
    for f in sorted(folder.glob("*.yaml")):
        if f.name == REVIEWERS_FILE:
            bundle.reviewers, bundle.reviewers_doc = load_model(ReviewerList, f, root, report)
        else:
            sheet, doc = load_model(ScoreSheet, f, root, report)
            if sheet is not None:
                bundle.sheets.append((sheet, doc))
    return bundle
