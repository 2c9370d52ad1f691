"""Normalisation of corpus verse: every oddity of shared/reference/corpus-notes.md, inline."""

from __future__ import annotations

from songsmith.poetry.normalise import (
    LOST,
    UNCODED,
    merge_split_notes,
    normalise_paragraphs,
)


def kinds(notes: list) -> list[str]:
    return [n.kind for n in notes]


def test_inline_variant_note_becomes_an_annotation() -> None:
    lines, notes = normalise_paragraphs(["山中相送罷，日暮掩柴扉。", "春草明年綠，王孫歸不歸？(明年 一作：年年)"])
    assert lines == ["山中相送罷，日暮掩柴扉。", "春草明年綠，王孫歸不歸？"]
    assert kinds(notes) == ["note"] and "一作：年年" in notes[0].text and notes[0].paragraph == 1


def test_full_width_note_and_space_before_note() -> None:
    lines, notes = normalise_paragraphs(["孤帆遠影碧空盡，唯見長江天際流。 (唯 通：惟)", "…（名成 一作：名高）"])
    assert lines[0] == "孤帆遠影碧空盡，唯見長江天際流。"
    assert len(notes) >= 2


def test_several_notes_joined_by_semicolon() -> None:
    lines, notes = normalise_paragraphs(["西宮南內多秋草，落葉滿階紅不掃。(花開日 一作：花開夜；南內 一作：南苑)"])
    assert lines == ["西宮南內多秋草，落葉滿階紅不掃。"]
    assert "南苑" in notes[0].text


def test_note_split_across_paragraphs_is_merged_then_removed() -> None:
    paragraphs = ["回樂烽前沙似雪，受降城外月如霜。(回樂", "一作：回樂", "）", "不知何處吹蘆管，一夜徵人盡望鄉。"]
    lines, notes = normalise_paragraphs(paragraphs)
    assert lines == ["回樂烽前沙似雪，受降城外月如霜。", "不知何處吹蘆管，一夜征人盡望鄉。"]
    assert kinds(notes) == ["note", "corrected"]


def test_split_note_with_ascii_close() -> None:
    paragraphs = ["畫圖省識春風面，環佩空歸夜月魂。(夜月 一作：月夜 環", "一作：環", ")", "千載琵琶作胡語，分明怨恨曲中論。"]
    lines, _ = normalise_paragraphs(paragraphs)
    assert lines == ["畫圖省識春風面，環佩空歸夜月魂。", "千載琵琶作胡語，分明怨恨曲中論。"]


def test_merge_keeps_first_paragraph_index() -> None:
    assert merge_split_notes(["a(", "b", ")", "c"]) == [(0, "a(b)"), (3, "c")]


def test_unclosed_bracket_is_not_merged_forever() -> None:
    paragraphs = ["白日依山盡，黃河入海流。(", *["欲窮千里目，更上一層樓。"] * 20]
    lines, notes = normalise_paragraphs(paragraphs)
    assert len(lines) == 21
    assert "bracket" in kinds(notes)


def test_quantangshi_note_in_corner_quotes() -> None:
    lines, notes = normalise_paragraphs(["邏人（一作「叉」）橫鳥道，江神趨海。"])
    assert lines == ["邏人橫鳥道，江神趨海。"]
    assert notes[0].kind == "note"


def test_bare_yizuo_outside_brackets_is_verse() -> None:
    lines, notes = normalise_paragraphs(["一作江南守，江林三四春。"])
    assert lines == ["一作江南守，江林三四春。"] and notes == []


def test_supplied_character_keeps_character() -> None:
    lines, notes = normalise_paragraphs(["[爽]節在重九，秋高天氣清。"])
    assert lines == ["爽節在重九，秋高天氣清。"]
    assert kinds(notes) == ["supplied"]


def test_compositions_and_ids_become_one_uncoded_placeholder() -> None:
    lines, notes = normalise_paragraphs(["妖韶援綠{𥫗/戢}，{炙火=肉}香⿰木木。"])
    assert lines == [f"妖韶援綠{UNCODED}，{UNCODED}香{UNCODED}。"]
    assert kinds(notes).count("composed") == 3


def test_lost_characters() -> None:
    lines, notes = normalise_paragraphs(["杖策聊□□，●●啼深竹。"])
    assert lines == [f"杖策聊{LOST}{LOST}，{LOST}{LOST}啼深竹。"]
    assert "lost" in kinds(notes)


def test_private_use_and_non_bmp() -> None:
    lines, notes = normalise_paragraphs(["\ue829身思狡兔，泣淚滴煙𩅰。"])
    assert lines == [f"{UNCODED}身思狡兔，泣淚滴煙𩅰。"]
    assert "U+E829" in notes[0].text


def test_stray_full_width_letter() -> None:
    lines, notes = normalise_paragraphs(["Ｂ亂後碧井廢，時遷道路新。"])
    assert lines == ["亂後碧井廢，時遷道路新。"]
    assert kinds(notes) == ["stray"]


def test_ascii_verse_punctuation_becomes_full_width() -> None:
    lines, _ = normalise_paragraphs(["蜀道之難,難於上青天，", "長風萬里送秋雁,對此可以慰吾誠?", "使我不得開心顏!"])
    assert lines == ["蜀道之難，難於上青天，", "長風萬里送秋雁，對此可以慰吾誠？", "使我不得開心顏！"]


def test_supplement_commentary_and_punctuation_only_paragraphs() -> None:
    paragraphs = [
        "毫（鶴）立蛇形勢未休，五天文字鬼神愁。",
        "支那弟子無言語，穿耳胡僧笑點頭。",
        "（〖1〗這首詩雖不見《全唐詩》和《全唐詩逸》，在敦煌本沒有出現以前，是曾經廣泛流傳的。",
        "依余所知，最早的是一○七七年陝西咸甯縣臥龍寺的石刻本，但題太宗，不作玄宗。",
        "）。",
        "石刻資料見於王昶的《金石萃編》卷一三七，錄附於後。",
        "。",
    ]
    lines, notes = normalise_paragraphs(paragraphs)
    assert lines == ["毫立蛇形勢未休，五天文字鬼神愁。", "支那弟子無言語，穿耳胡僧笑點頭。"]
    assert {"note", "commentary"} <= set(kinds(notes))


def test_source_reference_in_brackets_after_verse() -> None:
    lines, notes = normalise_paragraphs(["衣飄荳蔻減濃香，臉射芙蓉失嬌色。", "（明刻本宋佚名《錦繡萬花谷前集》卷十七引《霍小玉歌》）。"])
    assert lines == ["衣飄荳蔻減濃香，臉射芙蓉失嬌色。"]
    assert kinds(notes) == ["note", "empty"]


def test_empty_and_dot_only_poems() -> None:
    assert normalise_paragraphs([]) == ([], [])
    lines, notes = normalise_paragraphs(["。"])
    assert lines == [] and kinds(notes) == ["empty"]


def test_long_sentence_paragraph_of_verse_is_kept() -> None:
    text = "漢皇重色思傾國，御宇多年求不得。楊家有女初長成，養在深閨人未識。"
    assert normalise_paragraphs([text])[0] == [text]


def test_conversion_errors_are_corrected_and_recorded() -> None:
    from songsmith.poetry.corpus import make_poem

    poem = make_poem("x", "長幹行", ["廬山秀出南鬥傍，雙照淚痕幹。", "鬆月生夜涼，一夜徵人盡望鄉。"])
    assert poem.lines == ["廬山秀出南斗傍，雙照淚痕乾。", "松月生夜涼，一夜征人盡望鄉。"]
    assert poem.title == "長干行"
    corrected = [a.text for a in poem.annotations if a.kind == "corrected"]
    assert any(text.startswith("南鬥 → 南斗") for text in corrected) and len(corrected) == 5
    assert poem.original[0] == "廬山秀出南鬥傍，雙照淚痕幹。"  # the source is kept as it was


def test_right_forms_are_left_alone() -> None:
    from songsmith.poetry.corpus import make_poem

    # 韓幹 the painter, 婢僕 servants, 鬥 "vie", 鬆鬆 "loose": all correct traditional text
    text = ["弟子韓幹早入室，尚想舊情憐婢僕。", "不把雙眉鬥畫長，蟬翅薄鬆鬆。"]
    poem = make_poem("x", "t", text)
    assert poem.lines == text and not [a for a in poem.annotations if a.kind == "corrected"]


def test_corrected_text_reads_right() -> None:
    from songsmith.poetry.analysis import analyse_poem
    from songsmith.poetry.corpus import make_poem

    analysis = analyse_poem(make_poem("x", "t", ["北斗闌干南鬥斜"]))
    assert analysis.lines[0].text == "北斗闌干南斗斜" and analysis.lines[0].pinyin[5] == "dǒu"
