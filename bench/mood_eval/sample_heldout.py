"""Sample the third mood held-out set (heldout3.yaml): five poems each of 20 Tang poets none of
the other sets sampled from, chosen by hash, not by reading; prints them for labelling.

    .venv/bin/python bench/mood_eval/sample_heldout.py > poems.txt
"""
import glob, hashlib, json, re, sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora" / "chinese-poetry"
from songsmith.poetry.script import to_simplified
POETS = ["骆宾王", "陈子昂", "张九龄", "王勃", "孟郊", "卢纶", "钱起", "刘长卿", "司空曙", "戴叔伦",
         "李益", "韦庄", "罗隐", "皮日休", "陆龟蒙", "许浑", "宋之问", "杜荀鹤", "顾况", "张祜"]
known = set()
for path in ["bench/mood_eval/dev.yaml", "bench/mood_eval/dev2.yaml", "bench/mood_eval/heldout2.yaml", "bench/mood_labels.yaml"]:
    for p in yaml.safe_load(open(ROOT / path, encoding="utf-8"))["poems"]:
        known.add(re.sub(r"\W", "", p["text"])[:10])
tangshi = json.load(open(SHARED / "蒙学" / "tangshisanbaishou.json", encoding="utf-8"))
def flat(node):
    if isinstance(node, dict):
        if "paragraphs" in node:
            yield node
        for v in node.values():
            yield from flat(v)
    elif isinstance(node, list):
        for v in node:
            yield from flat(v)
for p in flat(tangshi):
    known.add(re.sub(r"\W", "", to_simplified("".join(p["paragraphs"])))[:10])
files = sorted(glob.glob(str(SHARED / "全唐诗" / "poet.tang.*.json")), key=lambda f: int(f.split(".")[-2]))
chosen = {poet: [] for poet in POETS}
for f in files:
    for p in json.load(open(f, encoding="utf-8")):
        author = to_simplified(p["author"])
        if author not in chosen or len(chosen[author]) >= 5:
            continue
        text = "\n".join(p["paragraphs"])
        if "（" in text or "(" in text or "□" in text or "＿" in text:
            continue
        verses = re.findall(r"[^，。！？；、\n]+", text)
        if len(verses) not in (4, 8) or len({len(v) for v in verses}) != 1:
            continue
        title = to_simplified(p["title"])
        if int(hashlib.sha256((title + author).encode()).hexdigest(), 16) % 11 != 3:
            continue
        simple = to_simplified(text)
        if re.sub(r"\W", "", simple)[:10] in known:
            continue
        known.add(re.sub(r"\W", "", simple)[:10])
        chosen[author].append({"title": title, "author": author, "text": simple})
out = [p for poet in POETS for p in chosen[poet]]
print(len(out), {k: len(v) for k, v in chosen.items()}, file=sys.stderr)
for i, p in enumerate(out):
    print(f"## {i} {p['title']} ({p['author']})\n{p['text']}\n")
