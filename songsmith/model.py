"""The song model: everything songsmith knows about one song, as pydantic v2 models.

On disk a song is YAML (see :mod:`songsmith.songfile`); there the lyrics are one literal
block of tagged text, parsed into :class:`Section` objects here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from songsmith import SCHEMA_VERSION
from songsmith.lyrics.text import Section, format_lyrics, parse_lyrics


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, validate_assignment=True)


class Source(_Strict):
    """The poem or text the song came from, with its provenance."""

    title: str | None = None
    author: str | None = None
    dynasty: str | None = None
    form: str | None = Field(default=None, description="e.g. 五言绝句, 七言律诗, 词, 古体")
    collection: str | None = Field(default=None, description="e.g. 唐诗三百首")
    id: str | None = Field(default=None, description="stable id within the collection")
    text: str | None = Field(default=None, description="the original text, as given")


class Style(_Strict):
    """The style prompt ("spell") and its structured parts."""

    prompt: str | None = Field(default=None, description="free text, as pasted into the target")
    genre: list[str] = Field(default_factory=list)
    mood: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(default_factory=list)
    vocal: str | None = Field(default=None, description="e.g. 'female, clear, gentle'")
    tempo_bpm: Annotated[int, Field(ge=20, le=400)] | None = None
    key: str | None = Field(default=None, description="e.g. 'D minor'")
    exclude: str | None = Field(default=None, description="styles to avoid (negative prompt)")
    language_tag: str | None = Field(default=None, description="e.g. 'Mandarin', 'Esperanto Song'")

    @field_validator("genre", "mood", "instruments", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def is_empty(self) -> bool:
        return self == Style()


class Candidate(_Strict):
    """A style (and target) tried for generation."""

    id: str
    target: str | None = Field(default=None, description="e.g. suno, udio, ace-step")
    style: str | None = Field(default=None, description="the style prompt used")
    backend: str | None = Field(default=None, description="what proposed it: offline, anthropic, …")
    rating: Annotated[int, Field(ge=0, le=5)] | None = None
    chosen: bool = False
    notes: str | None = None


class Take(_Strict):
    """One generated audio take."""

    id: str
    candidate: str | None = Field(default=None, description="id of the candidate it came from")
    target: str | None = None
    style: str | None = Field(default=None, description="the style prompt used")
    audio: str | None = Field(default=None, description="path to the audio file")
    url: str | None = None
    rating: Annotated[int, Field(ge=0, le=5)] | None = None
    chosen: bool = False
    notes: str | None = None
    duration_s: float | None = None
    sample_rate: int | None = None
    loudness_lufs: float | None = None
    sha256: str | None = None


class Song(_Strict):
    """A song: source, style, lyrics in sections, candidates and takes, notes."""

    songsmith: Literal[1] = SCHEMA_VERSION
    title: str
    language: str | None = Field(default=None, description="BCP 47: zh, zh-Hant, en, eo, …")
    source: Source | None = None
    style: Style = Field(default_factory=Style)
    sections: list[Section] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    takes: list[Take] = Field(default_factory=list)
    translations: dict[str, list[Section]] = Field(
        default_factory=dict,
        description="language -> the lyrics in that language, section for section (bilingual songs)",
    )
    notes: str | None = None

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title is empty")
        return value

    @field_validator("source")
    @classmethod
    def _empty_source_is_none(cls, value: Source | None) -> Source | None:
        # "source: {}" says nothing; written files omit it, so reading one must give None too
        return None if value is not None and value == Source() else value

    @field_validator("candidates", "takes")
    @classmethod
    def _unique_ids(cls, items: list[Candidate] | list[Take], info: ValidationInfo) -> object:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"two entries have the id {item.id!r}")
            seen.add(item.id)
        if info.field_name == "takes":
            known = {c.id for c in info.data.get("candidates", [])}
            for take in items:
                candidate = getattr(take, "candidate", None)
                if candidate is not None and candidate not in known:
                    raise ValueError(f"take {take.id!r} names candidate {candidate!r}, which does not exist")
        return items

    # Lyrics as text ----------------------------------------------------------------------
    @property
    def lyrics(self) -> str:
        return format_lyrics(self.sections)

    @lyrics.setter
    def lyrics(self, text: str) -> None:
        self.sections = parse_lyrics(text)[0]

    @classmethod
    def from_lyrics(cls, title: str, lyrics: str, **fields: object) -> Song:
        return cls(title=title, sections=parse_lyrics(lyrics)[0], **fields)  # type: ignore[arg-type]

    def translation_lyrics(self, language: str) -> str:
        return format_lyrics(self.translations.get(language, []))

    def translation_mismatches(self, language: str) -> list[str]:
        """How a translation fails to mirror the lyrics: section count, kinds or order."""
        theirs = [s for s in self.translations.get(language, []) if s.kind != "untagged"]
        ours = [s for s in self.sections if s.kind != "untagged"]
        if len(theirs) != len(ours):
            return [f"{language} translation has {len(theirs)} sections; the lyrics have {len(ours)}"]
        return [
            f"{language} translation section {i} is [{t.label}] where the lyrics have [{o.label}]"
            for i, (o, t) in enumerate(zip(ours, theirs), 1) if o.kind != t.kind
        ]

    def is_poem_only(self) -> bool:
        """True for a poem file not yet arranged into a song (no lyrics, a source text)."""
        return not self.sections and bool(self.source and self.source.text)
