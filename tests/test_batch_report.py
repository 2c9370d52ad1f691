"""report.md, index.json and songbook.html: content, escaping, and links that resolve."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from batch_helpers import poem, small_corpus

from songsmith.batch.report import warning_kind
from songsmith.batch.runner import BatchRunner
from songsmith.batch.work import BatchOptions


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.ruby = 0
        self.rt_text: list[str] = []
        self.buttons = 0
        self.codes: list[str] = []
        self.scripts = 0
        self.external: list[str] = []
        self._in: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        self._in.append(tag)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "a" and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if value.startswith(("http:", "https:", "//")):
                self.external.append(value)
        if tag == "ruby":
            self.ruby += 1
        if tag == "button" and "copy" in (attributes.get("class") or ""):
            self.buttons += 1
        if tag == "script":
            self.scripts += 1
            assert "src" not in attributes  # inline only
        if tag == "code":
            self.codes.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in and self._in[-1] == "rt":
            self.rt_text.append(data)
        if self._in and self._in[-1] == "code":
            self.codes[-1] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_links(page: Page, base: Path, out: Path) -> int:
    checked = 0
    for link in page.links:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc, link
        if not parts.path:
            assert parts.fragment in page.ids, link
            continue
        target = (base / unquote(parts.path)).resolve()
        assert target.exists(), link
        assert out.resolve() in target.parents or target == out.resolve(), link
        checked += 1
    return checked


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    corpus = small_corpus(tmp / "poems.json")
    items = json.loads(corpus.read_text(encoding="utf-8"))
    items.append(poem(7, "<script>alert('x')</script> & \"quotes\""))
    corpus.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    out = tmp / "out"
    BatchRunner([str(corpus)], out, BatchOptions(targets=("suno", "yue"), candidates=3), jobs=1).run()
    return out


def test_index_json_counts(batch_out: Path) -> None:
    index = json.loads((batch_out / "index.json").read_text(encoding="utf-8"))
    counts = index["counts"]
    assert counts["poems"] == 7
    assert counts["status"] == {"done": 6, "failed": 1}
    assert sum(counts["form"].values()) == 6 and sum(counts["mood"].values()) == 6
    assert isinstance(counts["warnings"], dict)
    assert index["options"]["targets"] == ["suno", "yue"]
    assert {"work_seconds", "runs"} <= set(index["time"]) and index["time"]["runs"][0]["done"] == 6
    assert index["tokens"]["input"] == 0
    songs = index["songs"]
    assert len(songs) == 7
    for song in songs:
        if song["status"] == "done":
            assert (batch_out / song["dir"] / "manifest.json").is_file()
        else:
            assert song["dir"] is None and "no verse" in song["error"]


def test_report_md(batch_out: Path) -> None:
    text = (batch_out / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# Batch report")
    assert "7 poems: 6 done, 1 failed." in text
    assert "## Failed (1)" in text and "no verse" in text
    assert "## Forms" in text and "## Moods" in text and "## Time and cost" in text
    assert "<script>" not in text  # markdown-escaped


def test_songbook_loads_offline_with_ruby_prompts_and_links(batch_out: Path) -> None:
    html = (batch_out / "songbook.html").read_text(encoding="utf-8")
    page = parse(batch_out / "songbook.html")
    assert not page.external  # no network
    assert page.scripts == 1 and "<style>" in html
    articles = page.tags.count("article")
    assert articles == 7
    assert page.ruby > 50 and "yuè" in page.rt_text  # 明月: pinyin as ruby
    assert page.buttons == len(page.codes) >= 6 * 2  # a copy button per style prompt
    assert all(code.strip() for code in page.codes)
    checked = check_links(page, batch_out, batch_out)
    assert checked >= 6 * 6  # sheet, lyrics.md, song.yaml, manifest, suno and yue files per song
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    text = "".join(page.text)
    assert "<script>alert('x')</script> & \"quotes\"" in text  # shown as text
    assert "failed" in text and "no verse" in text
    assert "新樂府 七德舞" in text


def test_songbook_pages_for_big_collections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import songsmith.batch.songbook as songbook

    monkeypatch.setattr(songbook, "PAGE_SIZE", 2)
    corpus = small_corpus(tmp_path / "poems.json")
    out = tmp_path / "out"
    BatchRunner([str(corpus)], out, BatchOptions(targets=("suno",), candidates=1), jobs=1).run()
    contents = parse(out / "songbook.html")
    assert check_links(contents, out, out) >= 3
    parts = sorted((out / "songbook").glob("part-*.html"))
    assert len(parts) == 3
    total = 0
    for part in parts:
        page = parse(part)
        total += page.tags.count("article")
        check_links(page, part.parent, out)
    assert total == 6


def test_warning_kinds_group_alike_warnings() -> None:
    assert warning_kind("suno: lyrics are 3200 characters (limit 3000)") == \
        warning_kind("suno: lyrics are 3100 characters (limit 3000)")
    assert warning_kind("warning: source: lost") == "source: lost"
    assert warning_kind("diffrhythm2: the song is about 200 s").startswith("diffrhythm2: the song is about N s")


def test_songbook_reads_cards_of_an_older_state() -> None:
    """A state written before cards held ready-made HTML: (character, reading) pairs."""
    from songsmith.batch.songbook import song_html

    row = {"card": json.dumps({"title": "静夜思", "lines": [[["床", "chuáng"], ["<", ""]]]}), "status": "done",
           "name": "jing-ye-si--1", "title": "静夜思", "author": None, "key": "x#1", "error": None}
    html = song_html(row)
    assert "<ruby>床<rt>chuáng</rt></ruby>&lt;" in html
    row["card"] = json.dumps({"title": "静夜思", "lines_html": ["<ruby>床<rt>chuáng</rt></ruby>"]})
    assert "<p><ruby>床<rt>chuáng</rt></ruby></p>" in song_html(row)
