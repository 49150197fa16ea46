"""`forms`: prefilled application forms for every community, for schools to print, sign and
stamp. They contain phone numbers and e-mails, so they go to a private folder (default
`forms/`, git-ignored), never into the public site.

Reads as the pipeline: load and check -> list the work (optionally one shard of it) -> render on
every core or a Dask cluster -> school summary sheets -> a manifest of what was written.
`--merge DIR...` joins the shards' folders and checks nothing is missing.
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from plcpub.cache import project_cache
from plcpub.commands.check import format_text
from plcpub.validate import validate_project
from plcpub.forms.executors import ExecutorError, run_chunks
from plcpub.forms.ods import write_budget_sheet
from plcpub.forms.odt import write_odt
from plcpub.forms.pdf import render_html, render_template, write_pdf
from plcpub.forms.prefill import prefilled
from plcpub.forms.render import project_font
from plcpub.forms.spec import application
from plcpub.forms.summary import school_sheets
from plcpub.load.project import load_project
from plcpub.process import collector_paused

CHUNK = 8  # communities per task: small enough for a smooth progress bar, large enough to be cheap


def render_chunk(templates: list[Path], font: Path, items: list) -> int:
    """Prefilled PDF, ODT and ODS for each (spec, plan, submission, target): one task of the pool."""
    for spec, plan, sub, target in items:
        filled = prefilled(spec, plan, sub)
        pdf, odt, ods = outputs_of(target)
        write_pdf(render_html(filled, templates, font, True), pdf, False, [font.parent])
        write_odt(filled, odt)
        write_budget_sheet(plan, ods, sub)
    return len(items)


def parse_shard(text: str | None) -> tuple[int, int]:
    if not text:
        return 1, 1
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ExecutorError(f"--shard 要寫成 第幾份/共幾份，例如 2/4，收到「{text}」。") from None
    if not 1 <= i <= n:
        raise ExecutorError(f"--shard {text}：第幾份必須介於 1 和 {n} 之間。")
    return i, n


def outputs_of(target: Path) -> list[Path]:
    """A community's prefilled files: application PDF, its ODT, the budget ODS."""
    return [target, target.with_suffix(".odt"), target.with_name(target.name.replace("-application.pdf", "-budget.ods"))]


def run(root: Path, out: Path, plan_id: str | None, jobs: int | None, executor: str | None = None,
        shard: str | None = None) -> int:
    try:
        index, count = parse_shard(shard)
    except ExecutorError as e:
        print(e)
        return 2
    with collector_paused(freeze=True):
        project = load_project(root, cache=project_cache(root))
        errors = [d for d in validate_project(project).sorted() if d.severity == "error"]
    if errors:
        print(format_text(errors, root))
        print(f"有 {len(errors)} 個錯誤，請先修正再產生表件。")
        return 1
    font = project_font(project)
    items = []
    for pid, pb in sorted(project.plans.items()):
        if plan_id and pid != plan_id:
            continue
        spec = application(pb.plan)
        for sb in sorted(project.submissions_of(pid), key=lambda s: s.id):
            items.append((spec, pb.plan, sb.sub, out / pid / f"{sb.id}-application.pdf"))
    mine = items[index - 1::count]  # shard i of n: every n-th community, so shards are the same size
    if not mine:
        print("沒有可產生的表件。")
        return 0
    templates = project.paths.templates("forms")
    started = time.perf_counter()
    chunks = [(templates, font, mine[i:i + CHUNK]) for i in range(0, len(mine), CHUNK)]
    try:
        run_chunks(render_chunk, chunks, executor, jobs, "預填申請書")
    except ExecutorError as e:
        print(e)
        return 2
    written = [p for item in mine for p in outputs_of(item[3])]
    if index == 1:  # the school summary sheets are few: the first shard makes them
        for pid, pb in sorted(project.plans.items()):
            if plan_id and pid != plan_id:
                continue
            for code, sheet in school_sheets(pb, project.submissions_of(pid)).items():
                written.append(write_pdf(render_template("summary.html", templates, font, sheet=sheet),
                                         out / pid / f"school-{code}-summary.pdf", False, [font.parent]))
    manifest = {"shard": index, "of": count, "files": sorted(p.relative_to(out).as_posix() for p in written),
                "expected": sorted(p.relative_to(out).as_posix() for item in items for p in outputs_of(item[3]))}
    (out / f"manifest-{index}-of-{count}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    where = executor or f"本機 {jobs or 'all'} 核心"
    print(f"已產生 {len(mine)} 份預填申請書（PDF、ODT）與經費概算表（ODS）到 {out}"
          f"（第 {index}/{count} 份，{time.perf_counter() - started:.1f} 秒，{where}）。內含聯絡資料，請勿公開。")
    return 0


def merge(out: Path, shards: list[Path]) -> int:
    """Join shard folders into `out`; refuse when a shard is missing or a file was not made."""
    manifests = [json.loads(m.read_text("utf-8")) for d in shards for m in sorted(d.glob("manifest-*-of-*.json"))]
    if not manifests:
        print("找不到任何分片的 manifest；請指定各分片的輸出資料夾。")
        return 2
    count = manifests[0]["of"]
    seen = {m["shard"] for m in manifests}
    missing_shards = sorted(set(range(1, count + 1)) - seen)
    if missing_shards or any(m["of"] != count for m in manifests):
        print(f"分片不完整：共 {count} 份，缺第 {'、'.join(map(str, missing_shards)) or '?'} 份（或分片數不一致）。")
        return 1
    where = {rel: d for d in shards for m in sorted(d.glob("manifest-*-of-*.json"))
             for rel in json.loads(m.read_text("utf-8"))["files"]}
    missing = [rel for rel in manifests[0]["expected"] if rel not in where or not (where[rel] / rel).is_file()]
    if missing:
        print(f"有 {len(missing)} 個檔案沒有產生，例如 {missing[0]}；請重跑該分片。")
        return 1
    for rel, d in where.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if (d / rel).resolve() != target.resolve():
            shutil.copy2(d / rel, target)
    print(f"已合併 {len(manifests)} 個分片、{len(where)} 個檔案到 {out}。")
    return 0
