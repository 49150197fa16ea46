"""Deterministic synthetic data for benchmarks: N valid communities under one plan, with the
schools they come from, outcome reports (meeting records, photos), stories with photos.

Same seed, same files: a benchmark run is repeatable. Communities vary in tier, size, schedule
length, lecturers and budget lines, like a real city's year; a third have reported their
outcomes and half of those told a story. `python -m benchmarks.synth --n 10000 --out DIR`.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙顏柯翁魏孫戴"
GIVEN = "怡君志明雅婷冠宇淑芬家豪佩珊俊傑美玲建宏惠如宗翰欣怡承恩佳穎文彬"
SCHOOLS = ["183601", "183602", "183603", "183604", "183605", "183501", "183502", "183503"]
TIERS = [("專業自主學習社群", 6, 5000), ("專題實踐學習社群", 8, 10000), ("課程研創學習社群", 12, 20000)]


def _name(rnd: random.Random) -> str:
    i = rnd.randrange(0, len(GIVEN) - 1, 2)
    return rnd.choice(SURNAMES) + GIVEN[i:i + 2]


def community_yaml(i: int, rnd: random.Random, schools: list[str] = SCHOOLS) -> str:
    tier, meetings, cap = TIERS[i % 3]
    school = schools[i % len(schools)]
    people = [_name(rnd) for _ in range(rnd.randint(3, 9))]
    lines = [
        "# yaml-language-server: $schema=../../../schemas/submission.schema.json",
        "plan: hsinchu-111", f"name: 合成社群{i:05d}", f"tier: {tier}", f'school: "{school}"', "cross_school: false",
        "status: 審查通過",
        f"convener: {{name: {people[0]}, school: \"{school}\", subject: 數學, phone: 03-555{i % 10000:04d}, email: t{i}@example.edu.tw}}",
        "members:",
        *[f"  - {{name: {p}{k}, school: \"{school}\", subject: 國語}}" for k, p in enumerate(people[1:])],
        "content_areas: [備觀議課, 素養導向教學設計]", "methods: [協同備課, 專題講座]",
        "summary: 以素養導向教學為主軸，共同設計課程並進行公開授課與專業回饋。",
        "schedule:",
    ]
    months = [(111, 9), (111, 10), (111, 11), (111, 12), (112, 1), (112, 2), (112, 3), (112, 4), (112, 5), (112, 6)]
    for k in range(meetings):
        y, m = months[k % len(months)]
        d = 1 + (k // len(months)) * 10 + rnd.randint(0, 8)
        if k == 0:
            method, host = "公開授課", f"{{name: {people[0]}, kind: host}}"
        elif k == 1 and cap > 5000:
            method, host = "專題講座", "{name: 講者甲, kind: external, unit: 國立大學}"
        else:
            method, host = rnd.choice(["共同備課", "案例分析", "同儕省思對話", "主題經驗分享"]), f"{{name: {people[0]}, kind: host}}"
        online = ", online: true" if k == 2 else ""
        lines.append(f'  - {{date: {y}年{m}月{d}日, start: "13:30", end: "15:00", content: 第{k + 1}次社群活動, '
                     f"method: {method}, host: {host}{online}}}")
    fee = 4000 if cap > 5000 else 0
    nhi = round(fee * 0.0211)
    printing = rnd.randint(5, 20) * 10
    meals = rnd.randint(4, 8)
    op = fee + nhi + printing + meals * 80
    misc = op * 5 // 100 // 10 * 10
    lines += ["outcomes:", "  - {outcome: 提升教師教學設計能力。, checks: [完成共同設計的教案。]}", "budget:"]
    if fee:
        lines += ["  - {item: 外聘講座鐘點費, quantity: 2, unit: 節, unit_price: 2000}",
                  f"  - {{item: 二代健保補充費, quantity: 1, unit: 式, unit_price: {nhi}}}"]
    lines += [f"  - {{item: 印刷費, quantity: 10, unit: 份, unit_price: {printing // 10}}}",
              f"  - {{item: 膳費, quantity: {meals}, unit: 人次, unit_price: 80}}",
              f"  - {{item: 雜支, quantity: 1, unit: 式, unit_price: {misc}}}"]
    assert op + misc <= cap
    return "\n".join(lines) + "\n"


QUESTIONS = ["教師如何將參與社群之專業增能落實於教學？", "落實於教學後之困境為何？如何突破？",
             "專業增能落實於教學後，學生學習之回饋為何？", "本社群未來展望為何？"]
REPORTED = "已繳成果報告"


def _png(seed: int) -> bytes:
    """A tiny distinct picture (a photo stand-in: the pipeline, not the pixels, is measured here)."""
    import struct
    import zlib

    w, h = 32, 24
    row = bytes([0]) + bytes((seed * 37 + x * 7) % 256 for x in range(w * 3))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))


def outcome_yaml(text: str) -> str:
    """A complete outcome report for a community: one record and one photo per meeting."""
    dates = re.findall(r"date: (\d+年\d+月\d+日)", text)
    people = re.findall(r"name: ([^,\n]+), school", text)
    lines = ["submitted: 112年6月10日", "answers:", *[f"  {q}: 成員將共備成果帶回課堂並相互回饋。" for q in QUESTIONS],
             "meetings:"]
    for k, d in enumerate(dates, 1):
        lines.append(f"  - {{session: {k}, date: {d}, place: 會議室, recorder: {people[0]}, summary: 第{k}次社群對話紀錄。, "
                     f"attendance: [{', '.join(people)}]}}")
    lines.append("photos:")
    for k, d in enumerate(dates, 1):
        lines.append(f"  - {{file: photos/{k:02d}.png, caption: 第{k}次社群活動, date: {d}, place: 會議室, session: {k}, "
                     "consent: true}")
    lines.append("public_lesson_record: records/public-lesson.md")
    lines.append("practice_lesson: records/practice-lesson.md")  # the autonomy tier's report must have one
    return "\n".join(lines) + "\n"


DISTRICTS = ["東區", "北區", "香山區"]


def add_schools(registry: Path, count: int) -> list[str]:
    """Append `count` synthetic schools (a city of 1,000 communities has ~100 schools)."""
    codes = [f"19{k:04d}" for k in range(count)]
    rows = [f'  - {{code: "{c}", name: 合成{"國小" if k % 3 else "國中"}{k:04d}, level: {"國小" if k % 3 else "國中"}, '
            f"district: {DISTRICTS[k % 3]}, classes: {12 + k % 40}}}" for k, c in enumerate(codes)]
    with registry.open("a", encoding="utf-8") as f:
        f.write("\n".join(rows) + ("\n" if rows else ""))
    return codes


STORY = """---
title: 合成故事{i:05d}
consent: true
presented: 112年6月8日
presented_place: 會議室
photos:
- {{file: story/1.png, caption: 故事發表現場, consent: true}}
- {{file: story/2.png, caption: 學生作品, consent: true}}
---

我們是一群想把課教得更好的老師。

## 開始的契機

共備時，我們把學生的作品攤在桌上，一張一張讀。
"""


def make_project(target: Path, n: int, seed: int = 111, reports: bool = True) -> Path:
    """A project folder with the real Hsinchu plan and `n` synthetic submissions: every third has
    reported (outcome report, meeting records, photos), every sixth also tells a story."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "plans" / "hsinchu-111", target / "plans" / "hsinchu-111")
    rnd = random.Random(seed)
    schools = SCHOOLS + add_schools(target / "plans" / "hsinchu-111" / "schools.yaml", n // 12)
    base = target / "content" / "hsinchu-111"
    for i in range(n):
        d = base / f"synth-{i:05d}"
        d.mkdir(parents=True)
        text = community_yaml(i, rnd, schools)
        if reports and i % 3 == 0:
            text = text.replace("status: 審查通過", f"status: {REPORTED}")
            (d / "outcome.yaml").write_text(outcome_yaml(text), "utf-8")
            (d / "photos").mkdir()
            for k in range(1, len(re.findall(r"date: ", text)) + 1):
                (d / "photos" / f"{k:02d}.png").write_bytes(_png(i * 31 + k))
            (d / "records").mkdir()
            (d / "records" / "public-lesson.md").write_text("# 公開授課紀錄\n\n備課、觀課、議課紀錄。\n", "utf-8")
            (d / "records" / "practice-lesson.md").write_text("# 實踐教學課程成果\n\n一堂課的設計與學生學習成果。\n", "utf-8")
            if i % 6 == 0:
                (d / "story").mkdir()
                for k in (1, 2):
                    (d / "story" / f"{k}.png").write_bytes(_png(i * 17 + k))
                (d / "story.md").write_text(STORY.format(i=i), "utf-8")
        (d / "community.yaml").write_text(text, "utf-8")
    return target


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="寫出合成的計畫資料（基準測試用）")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    make_project(args.out, args.n)
    print(f"wrote {args.n} communities to {args.out}")
