"""Classical polyphones in well-known poems: songsmith's readings against plain pypinyin.

Each case is a line, the 0-based index of a character in it, and the classical reading a
singer should use; cases whose reading depends on the rhyme or the metre carry the whole poem.
Plain pypinyin reads the same simplified line with ``lazy_pinyin(style=TONE)``.

    .venv/bin/python bench/polyphones.py [--verbose]

Target: songsmith ≥ 95 %. The larger annotated sets are in bench/readings_eval.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WUTI = "相见时难别亦难，东风无力百花残。春蚕到死丝方尽，蜡炬成灰泪始干。晓镜但愁云鬓改，夜吟应觉月光寒。蓬山此去无多路，青鸟殷勤为探看。"
SHANXING = "远上寒山石径斜，白云生处有人家。停车坐爱枫林晚，霜叶红于二月花。"
HUIXIANG = "少小离家老大回，乡音无改鬓毛衰。儿童相见不相识，笑问客从何处来。"
BAIDI = "朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"

#: (line, index, expected reading, poem for context or None, source)
CASES: list[tuple[str, int, str, str | None, str]] = [
    ("千里江陵一日还", 6, "huán", BAIDI, "李白 早发白帝城"),
    ("朝辞白帝彩云间", 0, "zhāo", BAIDI, "李白 早发白帝城"),
    ("轻舟已过万重山", 5, "chóng", BAIDI, "李白 早发白帝城"),
    ("一行白鹭上青天", 1, "háng", None, "杜甫 绝句"),
    ("青鸟殷勤为探看", 6, "kān", WUTI, "李商隐 无题"),
    ("蜡炬成灰泪始干", 6, "gān", WUTI, "李商隐 无题"),
    ("少小离家老大回", 0, "shào", HUIXIANG, "贺知章 回乡偶书"),
    ("乡音无改鬓毛衰", 6, "cuī", HUIXIANG, "贺知章 回乡偶书"),
    ("远上寒山石径斜", 6, "xiá", SHANXING, "杜牧 山行"),
    ("一骑红尘妃子笑", 1, "jì", None, "杜牧 过华清宫"),
    ("五更鼓角声悲壮", 1, "gēng", None, "杜甫 阁夜"),
    ("都护铁衣冷难着", 0, "dū", None, "岑参 白雪歌"),
    ("都护铁衣冷难着", 6, "zhuó", None, "岑参 白雪歌"),
    ("受降城外月如霜", 1, "xiáng", None, "李益 夜上受降城闻笛"),
    ("返景入深林", 1, "yǐng", None, "王维 鹿柴"),
    ("单于夜遁逃", 0, "chán", None, "卢纶 塞下曲"),
    ("燕山月似钩", 0, "yān", None, "李贺 马诗"),
    ("燕山月似钩", 3, "sì", None, "李贺 马诗"),
    ("旧时王谢堂前燕", 6, "yàn", None, "刘禹锡 乌衣巷"),
    ("将进酒", 0, "qiāng", None, "李白 将进酒"),
    ("但使龙城飞将在", 5, "jiàng", None, "王昌龄 出塞"),
    ("白云千载空悠悠", 3, "zǎi", None, "崔颢 黄鹤楼"),
    ("千乘万骑西南行", 1, "shèng", None, "白居易 长恨歌"),
    ("此曲只应天上有", 1, "qǔ", None, "杜甫 赠花卿"),
    ("风吹草低见牛羊", 4, "xiàn", None, "敕勒歌"),
    ("不破楼兰终不还", 6, "huán", None, "王昌龄 从军行"),
    ("南朝四百八十寺", 1, "cháo", None, "杜牧 江南春"),
    ("遥看瀑布挂前川", 1, "kān", None, "李白 望庐山瀑布"),
    ("寒梅著花未", 2, "zhuó", None, "王维 杂诗"),
    ("不教胡马度阴山", 1, "jiāo", None, "王昌龄 出塞"),
    ("浑欲不胜簪", 3, "shēng", None, "杜甫 春望"),
    ("一夜征人尽望乡", 4, "jìn", None, "李益 夜上受降城闻笛"),
    ("朝如青丝暮成雪", 0, "zhāo", None, "李白 将进酒"),
    ("青春作伴好还乡", 5, "huán", None, "杜甫 闻官军收河南河北"),
    ("今朝有酒今朝醉", 1, "zhāo", None, "罗隐 自遣"),
    ("惊破霓裳羽衣曲", 3, "cháng", None, "白居易 长恨歌"),
    ("羽扇纶巾", 2, "guān", None, "苏轼 念奴娇·赤壁怀古"),
    ("三更灯火五更鸡", 1, "gēng", None, "颜真卿 劝学"),
    ("君不见黄河之水天上来", 1, "bù", None, "李白 将进酒"),
    ("燕然未勒归无计", 0, "yān", None, "范仲淹 渔家傲"),
]


def songsmith_reading(line: str, index: int, poem: str | None) -> str:
    from songsmith.poetry.analysis import analyse_text
    from songsmith.poetry.prosody import split_verse_lines

    analysis = analyse_text(poem or line)
    lines = split_verse_lines(poem) if poem else [line]
    number = lines.index(line)
    return analysis.lines[number].pinyin[index]


def plain_reading(line: str, index: int) -> str:
    from pypinyin import Style, lazy_pinyin

    return str(lazy_pinyin(line, style=Style.TONE)[index])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="Print every case.")
    args = parser.parse_args()
    ours = plain = 0
    for line, index, expected, poem, source in CASES:
        mine = songsmith_reading(line, index, poem)
        theirs = plain_reading(line, index)
        ours += mine == expected
        plain += theirs == expected
        if args.verbose or mine != expected:
            mark = "ok " if mine == expected else "BAD"
            print(f"{mark} {line}[{index}] {line[index]} expected {expected}: songsmith {mine}, "
                  f"pypinyin {theirs}  ({source})")
    total = len(CASES)
    print(f"cases: {total}")
    print(f"songsmith: {ours}/{total} = {ours / total:.1%}")
    print(f"plain pypinyin: {plain}/{total} = {plain / total:.1%}")


if __name__ == "__main__":
    main()
