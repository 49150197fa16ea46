"""Vocabulary shared by plans and submissions (generic across cities)."""
from __future__ import annotations

from typing import Literal

# What happens in a meeting. Plans map their own method names onto these kinds, so a rule such
# as "at least one public lesson" or "no fees during co-planning" works for every city.
Activity = Literal[
    "public-lesson",      # 公開授課
    "co-planning",        # 共同備課
    "observation",        # 觀課
    "debrief",            # 議課 / 專業回饋
    "classroom-practice", # 課堂實踐
    "lecture",            # 專題講座
    "hands-on",           # 分組實作（可編助理講師）
    "consultation",       # 專家諮詢輔導
    "discussion",         # 主題討論、同儕對話
    "sharing",            # 校內外分享、成果發表
    "reading",            # 專書、影帶探討
    "video",              # 影片欣賞
    "online",             # 線上社群活動
    "development",        # 課程、教材、教具研發
    "other",
]

ACTIVITY_ZH = {
    "public-lesson": "公開授課", "co-planning": "共同備課", "observation": "觀課", "debrief": "議課",
    "classroom-practice": "課堂實踐", "lecture": "專題講座", "hands-on": "分組實作",
    "consultation": "專家諮詢輔導", "discussion": "主題討論", "sharing": "校內外分享",
    "reading": "專書探討", "video": "影片欣賞", "online": "線上活動", "development": "課程研發",
    "other": "其他",
}

# Who leads a meeting, which decides whether and how a fee may be paid.
HostKind = Literal["host", "member", "internal", "affiliated", "external", "consultant"]

HOST_KIND_ZH = {
    "host": "主持人", "member": "社群成員", "internal": "內聘講座", "affiliated": "外聘講座（隸屬機關）",
    "external": "外聘講座", "consultant": "外聘專家諮詢",
}

# Budget item categories: rules address categories, plans name the items.
Category = Literal[
    "lecturer-fee", "assistant-fee", "consultation", "nhi", "travel", "printing", "handouts",
    "meals", "materials", "books", "venue-setup", "venue-rent", "misc", "other",
]

SchoolLevel = Literal["國小", "國中", "高中", "完全中學", "國中小"]
