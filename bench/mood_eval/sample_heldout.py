"""Sample a mood held-out set: the first poems of 20 Tang poets no earlier set sampled from,
chosen by hash, not by reading; prints them for labelling.

    .venv/bin/python bench/mood_eval/sample_heldout.py heldout3 > poems.txt
    .venv/bin/python bench/mood_eval/sample_heldout.py heldout4 > poems.txt
    .venv/bin/python bench/mood_eval/sample_heldout.py heldout5 > poems.txt

A poem is taken, in 全唐诗's file order, when it has 4 or 8 lines of equal length, no notes or
lost characters, sha256(title + author) ≡ the set's residue modulo its modulus, and a text in
none of the sets listed before it (nor 唐詩三百首).

A ``spread`` set (heldout10 on, and the training sets ``train*``) takes one poem from each of many
poets instead, so that no poet's series (a hundred 宫词, a cycle of 咏史诗) decides the figure:
among the poets of 全唐诗 with at least three poems (``min_poems``: a training set takes poets of
one poem too) whose name is no author of any label set nor a poet another set sampled from, the
first ``poets`` by sha256(salt + "|" + author), and of each the qualifying poem (as above, without
the residue) with the smallest sha256(salt + "|" + title + author); ``not_with`` names spread sets
drawn first whose poets it leaves out (a training set never shares a poet with the held-out set).
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora" / "chinese-poetry"

from songsmith.poetry.script import to_simplified  # noqa: E402

EARLIER = ["bench/mood_eval/dev.yaml", "bench/mood_eval/dev2.yaml", "bench/mood_eval/heldout2.yaml",
           "bench/mood_labels.yaml"]
SETS: dict[str, dict[str, Any]] = {
    "heldout3": {"poets": ["骆宾王", "陈子昂", "张九龄", "王勃", "孟郊", "卢纶", "钱起", "刘长卿", "司空曙", "戴叔伦",
                           "李益", "韦庄", "罗隐", "皮日休", "陆龟蒙", "许浑", "宋之问", "杜荀鹤", "顾况", "张祜"],
                 "modulus": 11, "residue": 3, "per_poet": 5, "excluded": EARLIER},
    "heldout4": {"poets": ["卢照邻", "张说", "沈佺期", "储光羲", "常建", "李颀", "崔颢", "祖咏", "元结", "姚合",
                           "方干", "郑谷", "韩偓", "司空图", "李群玉", "薛涛", "李端", "韩翃", "皇甫冉", "张继"],
                 "modulus": 13, "residue": 5, "per_poet": 7,
                 "excluded": [*EARLIER, "bench/mood_eval/heldout3.yaml"]},
    "heldout5": {"poets": ["齐己", "贯休", "薛能", "寒山", "李中", "徐铉", "吴融", "赵嘏", "徐夤", "施肩吾",
                           "鲍溶", "李频", "黄滔", "唐彦谦", "武元衡", "李咸用", "张乔", "杨巨源", "罗邺", "许棠"],
                 "modulus": 17, "residue": 7, "per_poet": 6,
                 "excluded": [*EARLIER, "bench/mood_eval/heldout3.yaml", "bench/mood_eval/heldout4.yaml"]},
    "heldout6": {"poets": ["李峤", "耿𣲗", "李洞", "曹唐", "李绅", "李德裕", "曹松", "刘得仁", "戎昱", "李嘉祐",
                           "雍陶", "刘商", "李涉", "王绩", "钱珝", "卢仝", "李郢", "吕温", "曹邺", "徐凝"],
                 "modulus": 19, "residue": 11, "per_poet": 6,
                 "excluded": [*EARLIER, "bench/mood_eval/heldout3.yaml", "bench/mood_eval/heldout4.yaml",
                              "bench/mood_eval/heldout5.yaml"]},
    "heldout7": {"poets": ["苏颋", "羊士谔", "李建勋", "无可", "刘沧", "项斯", "李山甫", "周贺", "殷尧藩", "令狐楚",
                           "王贞白", "独孤及", "郎士元", "刘言史", "欧阳詹", "于鹄", "崔道融", "顾非熊", "章孝标", "刘驾"],
                 "modulus": 11, "residue": 4, "per_poet": 6,
                 "excluded": [*EARLIER, "bench/mood_eval/heldout3.yaml", "bench/mood_eval/heldout4.yaml",
                              "bench/mood_eval/heldout5.yaml", "bench/mood_eval/heldout6.yaml"]},
    "heldout8": {"poets": ["刘兼", "崔致远", "段成式", "王涯", "孙元晏", "严维", "牟融", "喻凫", "褚亮", "陈羽",
                           "杨衡", "孙逖", "汪遵", "王周", "崔国辅", "裴说", "裴夷直", "周朴", "高骈", "张仲素"],
                 "modulus": 11, "residue": 6, "per_poet": 6,
                 "excluded": [*EARLIER, "bench/mood_eval/heldout3.yaml", "bench/mood_eval/heldout4.yaml",
                              "bench/mood_eval/heldout5.yaml", "bench/mood_eval/heldout6.yaml",
                              "bench/mood_eval/heldout7.yaml"]},
    "heldout9": {"poets": ["胡曾", "周昙", "花蕊夫人徐氏", "吴筠", "和凝", "罗虬", "太宗皇帝", "于武陵", "皇甫曾", "刘希夷",
                           "鱼玄机", "聂夷中", "崔峒", "包佶", "贾至", "许敬宗", "翁承赞", "张谓", "孙鲂", "灵一"],
                 "modulus": 13, "residue": 2, "per_poet": 6,
                 "excluded": [*EARLIER, "bench/mood_eval/heldout3.yaml", "bench/mood_eval/heldout4.yaml",
                              "bench/mood_eval/heldout5.yaml", "bench/mood_eval/heldout6.yaml",
                              "bench/mood_eval/heldout7.yaml", "bench/mood_eval/heldout8.yaml"]},
    "heldout10": {"spread": True, "salt": "mood-heldout-10", "poets": 90,
                  "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 10))]},
    "heldout11": {"spread": True, "salt": "mood-heldout-11", "poets": 90,
                  "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 11))]},
    # training material for the learned model, one reader per poem; never the held-out set's poets
    "train1": {"spread": True, "salt": "mood-train-1", "poets": 200, "not_with": ["heldout11"],
               "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 11))]},
    "heldout12": {"spread": True, "salt": "mood-heldout-12", "poets": 90,
                  "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 12)),
                               "bench/mood_eval/train1.yaml"]},
    "train2": {"spread": True, "salt": "mood-train-2", "poets": 1200, "min_poems": 1, "not_with": ["heldout12"],
               "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 12)),
                            "bench/mood_eval/train1.yaml"]},
    "heldout13": {"spread": True, "salt": "mood-heldout-13", "poets": 90, "min_poems": 1, "distinct_texts": True,
                  "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 13)),
                               "bench/mood_eval/train1.yaml", "bench/mood_eval/train2.yaml"]},
    # more poems of the poets already read (up to three each), never one of heldout12's or
    # heldout13's poets
    "train3": {"spread": True, "salt": "mood-train-3", "poets": 5000, "min_poems": 1, "per_poet": 3,
               "poems": 1200, "reuse_poets": True, "distinct_texts": True, "not_with": ["heldout12", "heldout13"],
               "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 13)),
                            "bench/mood_eval/train1.yaml", "bench/mood_eval/train2.yaml"]},
    "heldout14": {"spread": True, "salt": "mood-heldout-14", "poets": 90, "min_poems": 1, "distinct_texts": True,
                  "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 14)),
                               *(f"bench/mood_eval/train{n}.yaml" for n in range(1, 4))]},
    # up to six more poems of each poet (any poet but heldout14's), a text once only
    "train4": {"spread": True, "salt": "mood-train-4", "poets": 5000, "min_poems": 1, "per_poet": 6,
               "poems": 3600, "reuse_poets": True, "distinct_texts": True, "not_with": ["heldout14"],
               "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 14)),
                            *(f"bench/mood_eval/train{n}.yaml" for n in range(1, 4))]},
    # what a fifteenth poet-disjoint held-out set would draw: no more than 26 poets are left outside
    # every label set, most of them with a single 偈 or 丹歌, so it was never labelled (changes to
    # the model are judged by bench/mood_crossval.py instead)
    "heldout15": {"spread": True, "salt": "mood-heldout-15", "poets": 90, "min_poems": 1, "distinct_texts": True,
                  "excluded": [*EARLIER, *(f"bench/mood_eval/heldout{n}.yaml" for n in range(3, 15)),
                               *(f"bench/mood_eval/train{n}.yaml" for n in range(1, 5))]},
}


def _key(text: str) -> str:
    return re.sub(r"\W", "", text)[:10]


def _flat(node: Any) -> Any:
    if isinstance(node, dict):
        if "paragraphs" in node:
            yield node
        for value in node.values():
            yield from _flat(value)
    elif isinstance(node, list):
        for value in node:
            yield from _flat(value)


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def _qualifies(text: str) -> bool:
    if any(mark in text for mark in "（(□＿"):
        return False
    verses = re.findall(r"[^，。！？；、\n]+", text)
    return len(verses) in (4, 8) and len({len(v) for v in verses}) == 1


def _known(config: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The texts (keys) and the authors of the sets this one must not overlap."""
    known, authors = set(), set()
    for path in config["excluded"]:
        data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
        for poem in data["poems"]:
            known.add(_key(poem["text"]))
            authors.add(poem.get("author") or "")
        authors.update(poem["author"] for poem in data.get("dropped") or [])  # a text held twice: its poets
    for poem in _flat(json.loads((SHARED / "蒙学" / "tangshisanbaishou.json").read_text(encoding="utf-8"))):
        known.add(_key(to_simplified("".join(poem["paragraphs"]))))
        authors.add(to_simplified(poem.get("author") or ""))
    return known, authors


def _corpus() -> Any:
    files = sorted(glob.glob(str(SHARED / "全唐诗" / "poet.tang.*.json")), key=lambda f: int(f.split(".")[-2]))
    for file in files:
        yield from json.loads(Path(file).read_text(encoding="utf-8"))


def sample_spread(config: dict[str, Any]) -> list[dict[str, str]]:
    known, authors = _known(config)
    taken = {poet for other in SETS.values() if not other.get("spread") for poet in other["poets"]}
    if config.get("reuse_poets"):  # a training set may take more poems of poets already read
        authors, taken = set(), set()
    for other in config.get("not_with") or ():  # a spread set drawn first: none of its poets
        authors |= {poem["author"] for poem in sample_spread(SETS[other])}
    salt = config["salt"]
    per_poet = config.get("per_poet", 1)
    counts: dict[str, int] = {}
    best: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for poem in _corpus():
        author = to_simplified(poem["author"])
        counts[author] = counts.get(author, 0) + 1
        if author in authors or author in taken or author in ("不详", "无名氏"):
            continue
        text = "\n".join(poem["paragraphs"])
        simple = to_simplified(text)
        if not _qualifies(text) or _key(simple) in known:
            continue
        title = to_simplified(poem["title"])
        chosen = best.setdefault(author, [])
        chosen.append((_digest(f"{salt}|{title}{author}"), {"title": title, "author": author, "text": simple}))
        chosen.sort(key=lambda item: item[0])
        del chosen[per_poet:]
    least = config.get("min_poems", 3)
    poets = sorted((a for a in best if counts[a] >= least), key=lambda a: _digest(f"{salt}|{a}"))[:config["poets"]]
    print(len(poets), "poets", file=sys.stderr)
    drawn, seen = [], set()
    for author in poets:
        for _, poem in best[author]:
            if _key(poem["text"]) in seen and config.get("distinct_texts"):
                continue  # the same text under two poets' names: once (train2 has one such pair)
            seen.add(_key(poem["text"]))
            drawn.append(poem)
    return drawn[:config.get("poems", len(drawn))]


def sample(name: str) -> list[dict[str, str]]:
    config = SETS[name]
    if config.get("spread"):
        return sample_spread(config)
    known, _ = _known(config)
    chosen: dict[str, list[dict[str, str]]] = {poet: [] for poet in config["poets"]}
    for poem in _corpus():
        author = to_simplified(poem["author"])
        if author not in chosen or len(chosen[author]) >= config["per_poet"]:
            continue
        text = "\n".join(poem["paragraphs"])
        if not _qualifies(text):
            continue
        title = to_simplified(poem["title"])
        if int(hashlib.sha256((title + author).encode()).hexdigest(), 16) % config["modulus"] != config["residue"]:
            continue
        simple = to_simplified(text)
        if _key(simple) in known:
            continue
        known.add(_key(simple))
        chosen[author].append({"title": title, "author": author, "text": simple})
    print(len(sum(chosen.values(), [])), {k: len(v) for k, v in chosen.items()}, file=sys.stderr)
    return [poem for poet in config["poets"] for poem in chosen[poet]]


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "heldout4"
    for index, poem in enumerate(sample(name)):
        print(f"## {index} {poem['title']} ({poem['author']})\n{poem['text']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
