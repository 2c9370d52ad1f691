"""Songs and helpers shared by the conformance tests."""

from __future__ import annotations

from pathlib import Path

from songsmith.document.model import Song, Style
from songsmith.document.songfile import load_song
from songsmith.targets import TARGETS, Options
from songsmith.targets.conformance import check

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"

TRADITIONAL = Song.from_lyrics(
    "春曉", "[Verse 1]\n春眠不覺曉\n處處聞啼鳥\n夜來風雨聲\n花落知多少\n\n[Chorus]\n夜來風雨聲\n花落知多少\n",
    language="zh", style=Style(prompt="chinese traditional folk, guzheng, xiao, melancholy", tempo_bpm=84))
ESPERANTO = Song.from_lyrics(
    "Ĝis", "[Verse 1]\nĜis la mateno mi atendos,\nla steloj ŝanĝas sian lok',\nkaj ĉiu paŝo estas vi.\n",
    language="eo", style=Style(prompt="folk, lute, nostalgic"))
INSTRUMENTAL = Song.from_lyrics("x", "[Intro]\n\n[Outro]\n", style=Style(prompt="ambient, piano"))
LONG = Song.from_lyrics(
    "長歌", "\n\n".join(f"[Verse {i}]\n" + "\n".join(["漢皇重色思傾國", "御宇多年求不得", "楊家有女初長成",
                                                      "養在深閨人未識"]) for i in range(1, 13)),
    language="zh", style=Style(prompt="chinese folk, pipa"))


def sample_songs() -> dict[str, Song]:
    songs = {path.stem: load_song(path).song for path in sorted((ROOT / "corpora" / "songs").glob("*.yaml"))}
    songs.update({"traditional": TRADITIONAL, "esperanto": ESPERANTO, "instrumental": INSTRUMENTAL, "long": LONG})
    return songs


def rendered(target: str, song: Song, **options: object) -> dict[str, str]:
    return dict(TARGETS[target].render(song, Options(**options)).files)  # type: ignore[arg-type]


def rules(target: str, files: dict[str, str]) -> set[str]:
    return {v.rule for v in check(target, files)}
