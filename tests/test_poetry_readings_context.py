"""Readings that a rule's line context, a default rule, the rhyme or the metre decide."""

from __future__ import annotations

import pytest

from songsmith.poetry.analysis import analyse_text
from songsmith.poetry.readings import apply_rules, parse_rules, plain_readings


def reading_at(text: str, line: int, index: int) -> tuple[str, list[str]]:
    analysis = analyse_text(text)
    rules = [c.rule for c in analysis.readings if c.line == line - 1 and c.index == index]
    return analysis.lines[line - 1].pinyin[index], rules


def test_with_and_not_with_look_at_the_whole_line() -> None:
    rules = parse_rules({"rules": [
        {"id": "song", "char": "曲", "reading": "qǔ", "with": ["笛"], "not_with": ["江"]},
    ]})
    lines = ["笛奏梅花曲", "江上梅花曲", "梅花一曲新"]
    rows = [plain_readings(line) for line in lines]
    rows[1][4] = rows[2][3] = "qū"
    choices = apply_rules(lines, rows, rules=rules)
    assert [(c.line, c.rule) for c in choices] == [(0, "song")]
    assert rows[0][4] == "qǔ" and rows[1][4] == "qū" and rows[2][3] == "qū"


def test_rule_file_rejects_a_misspelt_condition() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        parse_rules({"rules": [{"id": "x", "char": "曲", "reading": "qǔ", "with_any": ["笛"]}]})


YANGZHOU = "青山隐隐水迢迢，秋尽江南草未凋。二十四桥明月夜，玉人何处教吹箫。"


def test_a_default_rule_yields_where_the_line_would_end_in_three_level_tones() -> None:
    # 教 is jiāo by default (喃喃教言语), but 教吹箫 read jiāo ends the line 平平平 (三平尾)
    assert reading_at(YANGZHOU, 4, 4) == ("jiào", ["metre-line"])
    assert reading_at("喃喃教言语", 1, 2) == ("jiāo", ["jiao-verb"])


def test_three_oblique_tones_at_the_end_decide_nothing() -> None:
    poem = ("谢公最小偏怜女，自嫁黔娄百事乖。顾我无衣搜荩箧，泥他沽酒拔金钗。"
            "野蔬充膳甘长藿，落叶添薪仰古槐。今日俸钱过十万，与君营奠复营斋。")
    assert reading_at(poem, 7, 4)[0] == "guò"  # 过十万 仄仄仄 is tolerated; guō would be wrong


def test_sheng_is_not_changed_by_a_level_slot() -> None:
    # 胜 "surpass" in the 平 2nd position of a 七绝 line, with no sense rule before it
    poem = "天街小雨润如酥，草色遥看近却无。最是一年春好处，遥胜烟柳满皇都。"
    assert reading_at(poem, 4, 1) == ("shèng", [])


LUSHAN = "庐山秀出南斗傍，屏风九叠云锦张。影落明湖青黛光，金阙前开二峰长。"


def test_bang_at_a_foot_of_a_yang_rhyme_is_pang() -> None:
    assert reading_at(LUSHAN, 1, 6) == ("páng", ["rhyme-group"])


def test_bang_inside_a_line_keeps_bang() -> None:
    # the metre does not decide 傍: bàng in the 平 2nd position of a regulated line
    poem = "山傍青石坐，鸟宿老松间。夜静闻钟响，空山一客还。"
    assert reading_at(poem, 1, 1)[0] == "bàng"


def test_chao_against_evening_is_morning_but_court_words_win() -> None:
    assert reading_at("朝愁暮愁即老", 1, 0) == ("zhāo", ["zhao-morning-evening"])
    assert reading_at("朝回日暮", 1, 0)[0] == "cháo"  # 朝回 "back from court" is decided first


def test_line_start_looks_at_the_first_syllable_only() -> None:
    rules = parse_rules({"rules": [{"id": "rider", "char": "骑", "reading": "jì", "line_start": True}]})
    lines = ["骑历河南树", "郎骑竹马来"]
    rows = [plain_readings(line) for line in lines]
    choices = apply_rules(lines, rows, rules=rules)
    assert [(c.line, c.index, c.rule) for c in choices] == [(0, 0, "rider")]
    assert rows[0][0] == "jì" and rows[1][1] == "qí"


# 萬齊融 送陳七還廣陵: a 上平三江 rhyme (双, 降, 窗, 江)
SONG_CHEN = "风流谁代子，虽有旧无双。欢酒言相送，愁弦意不降。落花馥河道，垂杨拂水窗。海潮与春梦，朝夕广陵江。"


def test_xiang_at_a_foot_of_a_jiang_rhyme() -> None:
    assert reading_at(SONG_CHEN, 4, 4) == ("xiáng", ["rhyme-group"])
    assert reading_at("天降时雨", 1, 1)[0] == "jiàng"


# 聶夷中 古興: a 去声 rhyme (重, 种, 共, 用)
GU_XING = "片玉一尘轻，粒粟山丘重。唐虞贵民食，秪是勤播种。前圣后圣同，今人古人共。一岁如苦饥，金玉何所用。"


def test_zhong_sow_at_a_foot_of_an_oblique_rhyme() -> None:
    # the sense rule zhong-seed-at-end (播种 at a line end: the seed, zhǒng) yields to the rhyme
    assert reading_at(GU_XING, 4, 4) == ("zhòng", ["rhyme-group"])


ZENGQU = "县庭无事似山斋，满砌青青旋长苔。闲抚素琴曹吏散，自烹新茗海僧来。"
SONGSENG = "江山万万重，归去指何峰。未入连云寺，先斋越浪钟。岛香回栈柏，秋阴出庵松。若救吴人病，须降震泽龙。"


def test_chang_long_yields_to_an_oblique_slot_of_a_regulated_line() -> None:
    # 长 is cháng unless a rule knows better; the 6th position of 满砌青青旋长苔 is 仄: zhǎng "grow"
    assert reading_at(ZENGQU, 2, 5)[0] == "zhǎng"
    assert reading_at("长相思", 1, 0) == ("cháng", ["chang-long"])


def test_xiang_in_a_level_slot_of_a_regulated_line() -> None:
    # 降 jiàng "descend" is 仄; the 2nd position of 须降震泽龙 is 平: xiáng "subdue"
    pinyin, rules = reading_at(SONGSENG, 8, 1)
    assert pinyin == "xiáng" and rules and rules[0].startswith("metre")
    assert reading_at("天降大雨", 1, 1)[0] == "jiàng"


def test_segment_head_is_the_first_of_the_last_three_syllables() -> None:
    rules = parse_rules({"rules": [{"id": "verb", "char": "间", "reading": "jiàn", "segment_head": True}]})
    lines = ["兰裙间珠履", "荷叶田田间白苹", "明月松间照", "间关莺语花底滑"]
    rows = [plain_readings(line) for line in lines]
    choices = apply_rules(lines, rows, rules=rules)
    assert [(c.line, c.index) for c in choices] == [(0, 2), (1, 4)]
    assert rows[2][3] == "jiān" and rows[3][0] == "jiān"


def test_dollar_and_caret_stand_for_the_ends_of_the_line() -> None:
    rules = parse_rules({"rules": [
        {"id": "pass", "char": "传", "reading": "chuán", "after": ["外"], "not_before": ["$"]},
        {"id": "start", "char": "传", "reading": "zhuàn", "after": ["^"]},
    ]})
    lines = ["阃外传三略", "飞燕外传", "传记须添十九贤"]
    rows = [plain_readings(line) for line in lines]
    choices = apply_rules(lines, rows, rules=rules)
    assert [(c.line, c.rule) for c in choices] == [(0, "pass"), (2, "start")]


def test_from_end_counts_places_from_the_last_syllable() -> None:
    rules = parse_rules({"rules": [{"id": "be", "char": "为", "reading": "wéi", "from_end": [2, 3]}]})
    lines = ["千载为悲辛", "林下青苔日为厚", "为问花何在", "家贫为客久不归"]
    rows = [plain_readings(line) for line in lines]
    choices = apply_rules(lines, rows, rules=rules)
    assert [(c.line, c.index) for c in choices] == [(0, 2), (1, 5)]
    with pytest.raises(ValueError, match="from_end"):
        parse_rules({"rules": [{"id": "x", "char": "为", "reading": "wéi", "from_end": [0]}]})
    with pytest.raises(ValueError, match="from_end"):
        parse_rules({"rules": [{"id": "x", "char": "为", "reading": "wéi", "from_end": 2}]})


# 许浑, 蒙河南刘大夫见示…喜雪: 先调楚客琴, 调 "tune (the lute)" at the 2nd position, which is 平
XIXUE = "风度龙山暗，云凝象阙阴。瑞花琼树合，仙草玉苗深。欲醉梁王酒，先调楚客琴。即应携手去，将此助商霖。"


def test_tiao_in_a_level_slot_of_a_regulated_line_and_diao_in_an_oblique_one() -> None:
    assert reading_at(XIXUE, 6, 1) == ("tiáo", ["metre-slot"])
    # six lines of it (a 三韵小律's shape) are checked against the template too
    assert reading_at(XIXUE[:XIXUE.index("即")], 6, 1) == ("tiáo", ["metre-slot"])
    # the unrhymed first line of a 五绝 ends 仄: 古调 "the old tune" stays diào
    assert reading_at("高楼闻古调，明月满空城。独坐思乡久，寒江夜有声。", 1, 4)[0] == "diào"


# 皎然 碧瓦 style: a 下平二萧 rhyme whose foot is 调 "play (the pipes)"
XIAO_RHYME = "玉殿春风遥，香尘满路飘。楼前横画阁，金管隔邻调。"


def test_tiao_at_a_foot_of_a_xiao_rhyme_in_a_shi_but_not_in_a_ci() -> None:
    assert reading_at(XIAO_RHYME, 4, 4) == ("tiáo", ["rhyme-group"])
    # a 词 (lines of several lengths): its line end is often no foot, and 古调 stays diào
    ci = "春去也，花落满溪桥。莫唱江南古调，怨杀潇潇。"
    assert reading_at(ci, 3, 5)[0] == "diào"


def test_yan_the_state_at_a_foot_of_a_xian_rhyme() -> None:
    poem = "春风入汉川，旌旆满山前。万里烟尘静，勋庸纪北燕。"
    assert reading_at(poem, 4, 4) == ("yān", ["rhyme-group"])
    assert reading_at("梁上燕", 1, 2)[0] == "yàn"  # no foot of a 诗: the swallow


def test_yan_the_state_in_a_level_slot_of_a_regulated_line() -> None:
    # 虞世南 初晴应教: 燕馆 the hall of King Zhao of Yan, at the 4th position, which is 平; the
    # swallow, yàn, is 仄 (霰)
    poem = "初日明燕馆，新溜满梁池。归云半入岭，残滴尚悬枝。"
    assert reading_at(poem, 1, 3) == ("yān", ["metre-slot"])
    assert reading_at("燕子来时新社", 1, 0)[0] == "yàn"


def test_a_first_line_may_rhyme_in_a_neighbouring_group_as_it_is_read() -> None:
    # 首句借韵: 间 jiān (上平十五删) opening a 寒 rhyme (干, 残) keeps its reading; without the
    # borrowing the template would want 仄 there and make it jiàn
    poem = "绣幌银屏杳霭间，夜深灯火照阑干。梦回不见人何处，独倚西风玉漏残。"
    assert reading_at(poem, 1, 6)[0] == "jiān"
    # ... but the borrowing never changes a reading to make it rhyme: 经论 "treatises" stays lùn
    poem = "城中听得新经论，归向山中说与人。白日松间无一事，青苔满地不沾尘。"
    assert reading_at(poem, 1, 6)[0] == "lùn"


ZHONGNAN = ("中岁尚微道，始知将谷神。抗策还南山，水木自相亲。深林开一道，青嶂成四邻。"
            "平明去采薇，日入行刈薪。云归万壑暗，雪罢千崖春。始看玄鸟来，已见瑶华新。"
            "寄言搴芳者，无乃后时人。")


def test_a_gu_ti_poem_lends_no_neighbour_slot_to_kan() -> None:
    # 储光羲's lines do not alternate (尚微道, 自相亲, 行刈薪): 看 keeps its sense reading kàn
    assert reading_at(ZHONGNAN, 11, 1)[0] == "kàn"
    # the same line alone still takes the level its 仄 4th asks of the 2nd
    assert reading_at("始看玄鸟来", 1, 1) == ("kān", ["kan-level-slot"])


def test_a_verb_of_fixed_only_keeps_its_reading_at_a_free_position() -> None:
    # 把酒听黄鹂 read tīng ends 平平平 and 论功未尽归 read lùn is 孤平 (仄平仄仄平); teachers keep
    # the verb's reading at a free position, where 教吹箫 still turns by the line (jiào, metre-line)
    assert reading_at("馀春伴蝴蝶，把酒听黄鹂。最是淹留处，残花三两枝。", 2, 2)[0] == "tīng"
    qianfen = "闻道花门将，论功未尽归。自从收帝里，谁复总戎机。蜂虿终怀毒，雷霆可震威。莫令鞭血地，再湿汉臣衣。"
    assert reading_at(qianfen, 2, 0)[0] == "lùn"


def test_a_changing_rhyme_is_read_from_the_foot_next_to_it() -> None:
    # 李白's poem turns from a 铣 rhyme to 阳; 量 two feet back is 阳 and 漾, 榔 just before is 阳
    poem = ("蟏蛸結思幽，蟋蟀傷褊淺。廚竈無青煙，刀机生綠蘚。投筯解鷫鸘，換酒醉北堂。"
            "丹徒布衣者，慷慨未可量。何時黃金盤，一斛薦檳榔。功成拂衣去，搖曳滄洲傍。")
    assert reading_at(poem, 12, 4) == ("páng", ["rhyme-group"])


def test_a_polyphone_neighbour_that_ties_two_groups_counts_as_it_is_read() -> None:
    # a 古体 rhyming 庚 and 青 together: 溟, the foot before 醒, is 青 (míng) and 迥; read míng it
    # makes 醒 the 平 xīng, not the 迥 xǐng that the tie would leave standing
    poem = ("爲愛水石奇，不厭湖畔行。每登曲石鳧，則有遠興生。𢼨差半湖□，宛若龍象形。"
            "又如瑯琊臺，□盤枕滄溟。醉人入島來，將醉強爲醒。扣船復搖棹，學歌漁父聲。"
            "呼我上酒船，更深江海情。")
    assert reading_at(poem, 10, 4) == ("xīng", ["rhyme-group"])
