"""The 格律 report of ten well-known 律诗 and 绝句, as `songsmith analyze` prints it.

Each poem is given with what a hand check finds (the expected form kind and verdict); the
script prints the report and whether songsmith agrees.

    .venv/bin/python bench/gelv_reports.py [--quiet]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: (title, author, text, expected kind, expected verdict, what the hand check found)
POEMS = [
    ("黄鹤楼", "崔颢", "昔人已乘黄鹤去，此地空余黄鹤楼。黄鹤一去不复返，白云千载空悠悠。"
     "晴川历历汉阳树，芳草萋萋鹦鹉洲。日暮乡关何处是？烟波江上使人愁。", "律诗", "不合律",
     "lines 1 and 3 off the template (4th 平 in line 1; 黄鹤一去不复返: six 仄 in a row, 三仄尾), line 4 三平尾"),
    ("春望", "杜甫", "国破山河在，城春草木深。感时花溅泪，恨别鸟惊心。烽火连三月，家书抵万金。"
     "白头搔更短，浑欲不胜簪。", "律诗", "合律", "仄起, 首句不入韵; 簪 in 侵 like 深/心/金; 胜 shēng"),
    ("登高", "杜甫", "风急天高猿啸哀，渚清沙白鸟飞回。无边落木萧萧下，不尽长江滚滚来。"
     "万里悲秋常作客，百年多病独登台。艰难苦恨繁霜鬓，潦倒新停浊酒杯。", "律诗", "合律",
     "仄起 (急 is 入声), 首句入韵; 哀/回/来/台/杯 all 上平十灰"),
    ("月夜", "杜甫", "今夜鄜州月，闺中只独看。遥怜小儿女，未解忆长安。香雾云鬟湿，清辉玉臂寒。"
     "何时倚虚幌，双照泪痕干。", "律诗", "拗而能救", "看 kān at a 寒 foot; lines 3 and 7 特拗 平平仄平仄"),
    ("静夜思", "李白", "床前明月光，疑是地上霜。举头望明月，低头思故乡。", "古绝", "不合律",
     "失粘 lines 2–3, 失对 lines 3–4: a 古绝"),
    ("早发白帝城", "李白", "朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。", "律绝", "合律",
     "平起, 首句入韵, 上平十五删"),
    ("山居秋暝", "王维", "空山新雨后，天气晚来秋。明月松间照，清泉石上流。竹喧归浣女，莲动下渔舟。"
     "随意春芳歇，王孙自可留。", "律诗", "合律", "平起, 首句不入韵, 下平十一尤"),
    ("登鹳雀楼", "王之涣", "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", "律绝", "合律",
     "仄起, 首句不入韵"),
    ("枫桥夜泊", "张继", "月落乌啼霜满天，江枫渔火对愁眠。姑苏城外寒山寺，夜半钟声到客船。", "律绝", "合律",
     "仄起, 首句入韵, 下平一先"),
    ("闻官军收河南河北", "杜甫", "剑外忽传收蓟北，初闻涕泪满衣裳。却看妻子愁何在，漫卷诗书喜欲狂。"
     "白日放歌须纵酒，青春作伴好还乡。即从巴峡穿巫峡，便下襄阳向洛阳。", "律诗", "合律",
     "仄起, 首句不入韵; 看 kān in the 2nd (平) slot"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", "-q", action="store_true", help="Only the summary lines.")
    args = parser.parse_args()
    from songsmith.poetry.analysis import analyse_text
    from songsmith.poetry.metre import format_metre

    agree = 0
    for title, author, text, kind, verdict, note in POEMS:
        analysis = analyse_text(text, title=title, author=author)
        metre = analysis.metre or {}
        ok = metre.get("kind") == kind and metre.get("verdict") == verdict
        agree += ok
        print(f"{'ok ' if ok else 'BAD'} {title} ({author}): {analysis.form}, {metre.get('kind')} — "
              f"{metre.get('verdict')}; hand check: {kind} — {verdict} ({note})")
        if not args.quiet:
            print("\n".join("    " + line for line in format_metre(metre, [l.text for l in analysis.lines])))
            print("    pinyin: " + " / ".join(" ".join(l.pinyin) for l in analysis.lines))
            print()
    print(f"agree with the hand check: {agree}/{len(POEMS)}")


if __name__ == "__main__":
    main()
