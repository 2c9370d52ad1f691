"""Every open-model package songsmith writes passes that model's contract, re-stated from its code."""

from __future__ import annotations

import json

import pytest
from conformance_helpers import SHARED, rendered, sample_songs

from songsmith.targets import Options
from songsmith.targets.conformance import CONTRACTS, check, check_package, contract

SONGS = sample_songs()


@pytest.mark.parametrize("target", CONTRACTS)
@pytest.mark.parametrize("name", sorted(SONGS))
def test_sample_packages_conform(target: str, name: str) -> None:
    assert check(target, rendered(target, SONGS[name])) == []


@pytest.mark.parametrize("target", CONTRACTS)
def test_candidate_variants_conform(target: str) -> None:
    files = rendered(target, SONGS["spring-dawn"], variant="2", style_prompt="guofeng pop, pipa, erhu")
    assert check(target, files) == []


@pytest.mark.parametrize("target", CONTRACTS)
def test_every_contract_names_its_upstream_and_rules(target: str) -> None:
    module = contract(target)
    assert len(module.UPSTREAM.commit) == 40 and module.UPSTREAM.files
    assert module.RULES and all(isinstance(text, str) and text for text in module.RULES.values())


def test_unknown_target_has_no_contract() -> None:
    with pytest.raises(ValueError, match="no conformance contract"):
        contract("suno")


def test_written_package_is_checked_from_its_manifest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from songsmith.package import write_package

    manifest = write_package(SONGS["traditional"], tmp_path, "all")
    results = check_package(manifest.directory)
    assert set(results) == set(CONTRACTS) and all(v == [] for v in results.values())
    data = json.loads((manifest.directory / "manifest.json").read_text(encoding="utf-8"))
    for target in CONTRACTS:
        entry = data["targets"][target]["conformance"]
        assert entry["commit"] == contract(target).UPSTREAM.commit and entry["violations"] == []
        assert entry["rules"] == sorted(contract(target).RULES)
    assert "conformance" not in data["targets"]["suno"]
    sheet = (manifest.directory / "sheet.html").read_text(encoding="utf-8")
    assert "Checked against the models&#x27; own code" in sheet and "ASLP-lab/DiffRhythm@28ad63c0f096" in sheet
    # the song file and the sheet keep the user's script; ACE-Step v1 gets simplified characters
    assert "處處聞啼鳥" in (manifest.directory / "song.yaml").read_text(encoding="utf-8")
    assert "處" in (manifest.directory / "sheet.html").read_text(encoding="utf-8")
    lyrics = json.loads((manifest.directory / "ace-step.json").read_text(encoding="utf-8"))["lyrics"]
    assert "处处闻啼鸟" in lyrics and "處" not in lyrics


def _subset(path, out, per_form: int):  # type: ignore[no-untyped-def]
    """The collection with only the first ``per_form`` poems of each form (五言絕句, 七言律詩 …)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["content"] = [{**group, "content": group["content"][:per_form]} for group in data["content"]]
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_shared_corpora_conform(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A slice of 唐詩三百首 and the six Esperanto songs, rendered by the CLI (bench/ does all 320)."""
    tangshi = SHARED / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"
    esperanto = sorted((SHARED / "esperanto").glob("*.txt")) if (SHARED / "esperanto").is_dir() else []
    if not tangshi.is_file() or not esperanto:
        pytest.skip(f"shared corpora not found under {SHARED} (../shared beside the repository)")
    import sys

    from click.testing import CliRunner
    from conformance_helpers import ROOT

    from songsmith.cli import cli

    sys.path.insert(0, str(ROOT / "bench"))
    from conformance_tangshi import esperanto_songs

    songs = tmp_path / "songs"
    songs.mkdir()
    inputs = [str(_subset(tangshi, tmp_path / "tangshi.json", 4)), *map(str, esperanto_songs(songs))]
    result = CliRunner().invoke(cli, ["render", *inputs, "-o", str(tmp_path / "out"), "--target", "all", "-j", "1"])
    assert result.exit_code == 0, result.output
    packages = sorted((tmp_path / "out").glob("*/manifest.json"))
    assert len(packages) > 6
    failures = [str(v) for p in packages for vs in check_package(p.parent).values() for v in vs]
    assert failures == []


def test_options_default_to_minimax_current_model() -> None:
    from songsmith.targets.minimax import DEFAULT_MODEL

    assert Options().minimax_model == DEFAULT_MODEL
