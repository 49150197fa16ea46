"""Deterministic synthetic submissions for benchmarks: N valid communities under one plan.

Same seed, same files: a benchmark run is repeatable. Communities vary in tier, size, schedule
length, lecturers and budget lines, like a real city's year.
"""
from __future__ import annotations

import random
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


def community_yaml(i: int, rnd: random.Random) -> str:
    tier, meetings, cap = TIERS[i % 3]
    school = SCHOOLS[i % len(SCHOOLS)]
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


def make_project(target: Path, n: int, seed: int = 111) -> Path:
    """A project folder with the real plans and `n` synthetic Hsinchu submissions."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "plans" / "hsinchu-111", target / "plans" / "hsinchu-111")
    rnd = random.Random(seed)
    base = target / "content" / "hsinchu-111"
    for i in range(n):
        d = base / f"synth-{i:05d}"
        d.mkdir(parents=True)
        (d / "community.yaml").write_text(community_yaml(i, rnd), "utf-8")
    return target
