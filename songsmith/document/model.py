"""The song model: everything songsmith knows about one song, as pydantic v2 models.

On disk a song is YAML (see :mod:`songsmith.document.songfile`); there the lyrics are one literal
block of tagged text, parsed into :class:`Section` objects here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from songsmith import SCHEMA_VERSION
from songsmith.document.lyrics.text import Section, format_lyrics, parse_lyrics


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


def _split_commas(value: object) -> object:
    """``"guzheng, xiao"`` → ``["guzheng", "xiao"]`` (lists may be written as one line)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


#: The structured parts of a style besides its prompt, shared by :class:`Style` and :class:`Candidate`.
STYLE_PARTS = ("genre", "mood", "instruments", "vocal", "tempo_bpm", "key", "exclude", "language_tag")


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

    _lists = field_validator("genre", "mood", "instruments", mode="before")(_split_commas)

    def is_empty(self) -> bool:
        return self == Style()

    def parts(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in STYLE_PARTS}


class Candidate(_Strict):
    """A style tried for generation: its prompt and structured parts, where it came from, how it did.

    A candidate is a whole style: choosing it (:meth:`Song.choose`) makes it the song's style.
    """

    id: str
    target: str | None = Field(default=None, description="e.g. suno, udio, ace-step")
    style: str | None = Field(default=None, description="the style prompt")
    # the parts of the style, as in Style
    genre: list[str] = Field(default_factory=list)
    mood: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(default_factory=list)
    vocal: str | None = None
    tempo_bpm: Annotated[int, Field(ge=20, le=400)] | None = None
    key: str | None = None
    exclude: str | None = None
    language_tag: str | None = None
    backend: str | None = Field(default=None, description="what proposed it: offline, anthropic, …")
    rating: Annotated[int, Field(ge=0, le=5)] | None = None
    chosen: bool = False
    notes: str | None = None

    _lists = field_validator("genre", "mood", "instruments", mode="before")(_split_commas)

    @classmethod
    def from_style(cls, candidate_id: str, style: Style, **fields: object) -> Candidate:
        return cls(id=candidate_id, style=style.prompt, **style.parts(), **fields)  # type: ignore[arg-type]

    def has_parts(self) -> bool:
        return any(getattr(self, name) not in (None, []) for name in STYLE_PARTS)

    def as_style(self, fallback: Style | None = None) -> Style:
        """The style this candidate stands for. A candidate holding only a prompt (written by hand,
        or by an older songsmith) keeps ``fallback``'s exclude and language tag and nothing else:
        its genre, instruments and tempo are not known."""
        if self.has_parts() or fallback is None:
            return Style(prompt=self.style, **{name: getattr(self, name) for name in STYLE_PARTS})
        return Style(prompt=self.style, exclude=fallback.exclude, language_tag=fallback.language_tag)


class Generation(_Strict):
    """Where a generated take came from (written by ``songsmith generate``)."""

    service: str = Field(description="minimax, mureka, elevenlabs, suno-api, fal, replicate, ace-step")
    model: str | None = None
    task_id: str | None = Field(default=None, description="the service's request or task id")
    output_id: str | None = Field(default=None, description="the service's id of this output, when it has one")
    seed: str | None = None
    prompt_sha256: str | None = Field(default=None, description="sha256 of the request body sent")
    cost_usd: float | None = None
    cost_basis: str | None = Field(default=None, description="where the cost comes from (the price table's date)")
    created: str | None = Field(default=None, description="when the take was made, ISO 8601 UTC")


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
    generation: Generation | None = None


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
        if not value.replace("\ufeff", "").strip():  # U+FEFF is invisible and dropped on reading
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

    # Candidates -----------------------------------------------------------------------------
    def candidate(self, ref: str) -> Candidate:
        """The candidate with this id, or the N-th (1-based, as ``songsmith show`` lists them) for a
        number that is no id; ``KeyError`` naming the ids there are."""
        for candidate in self.candidates:
            if candidate.id == ref:
                return candidate
        if ref.isdigit() and 1 <= int(ref) <= len(self.candidates):
            return self.candidates[int(ref) - 1]
        known = ", ".join(c.id for c in self.candidates) or "none"
        raise KeyError(f"no candidate {ref!r}; the song has {known}")

    def chosen_candidate(self) -> Candidate | None:
        """The chosen candidate (the first, if several are marked)."""
        return next((c for c in self.candidates if c.chosen), None)

    def chosen_not_applied(self) -> Candidate | None:
        """The chosen candidate when ``style:`` does not say it yet: still empty, or still holding
        another candidate's prompt (a candidate marked ``chosen: true`` by hand). A style that
        matches no candidate is the user's own edit and wins."""
        chosen = self.chosen_candidate()
        if chosen is None or chosen.style == self.style.prompt:
            return None
        others = {c.style for c in self.candidates if c is not chosen}
        if not self.style.prompt or self.style.prompt in others:
            return chosen
        return None

    def effective_style(self) -> Style:
        """The style packages use: the song's, unless a chosen candidate is not applied yet
        (:meth:`chosen_not_applied`), then that candidate's."""
        pending = self.chosen_not_applied()
        return pending.as_style(self.style) if pending is not None else self.style

    def choose(self, ref: str) -> Song:
        """A copy with that candidate chosen (and no other) and its whole style as the song's style."""
        picked = self.candidate(ref)
        candidates = [c.model_copy(update={"chosen": c.id == picked.id}) for c in self.candidates]
        return self.model_copy(update={"candidates": candidates, "style": picked.as_style(self.style)})

    def is_poem_only(self) -> bool:
        """True for a poem file not yet arranged into a song (no lyrics, a source text)."""
        return not self.sections and bool(self.source and self.source.text)
