"""The editor's candidates and takes: choose, rate, notes, delete, compare, copy; add, play, generate.

Every change is one undoable edit of the open song. Choosing a candidate is :meth:`Song.choose`
(the candidate is a whole style: prompt, genre, instruments, vocal, tempo, key, exclude), as
``songsmith choose`` does. A take is added through the core's :func:`songsmith.audio.takes.make_takes`
(what ``songsmith take add`` runs): measured, copied under ``takes/``, kept when the song is saved.
"""

from __future__ import annotations

import shlex
import subprocess
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from songsmith_tui.actions import BY_ID, PANE_KEYS, keys_for
from songsmith_tui.screens.dialogs import InputDialog
from songsmith_tui.services import engine
from songsmith_tui.services.player import Playback, PlayError
from songsmith_tui.services.rows import candidate_detail, take_detail
from songsmith_tui.widgets.tables import Act, CandidatesTable, TakesTable
from textual.widgets import Static
from textual.worker import get_current_worker


GENERATING = "generating takes"  # the job's label


class RowsMixin:
    playback: Playback | None = None
    _generating: subprocess.Popen[bytes] | None = None
    generate_options = ""  # what the user gave `songsmith generate` last time
    generate_progress = ""  # the running `songsmith generate`: takes saved, its last line

    def pane_key(self, pane: str) -> str:
        return keys_for(BY_ID[PANE_KEYS[pane]], getattr(self.app, "keymap", {})).split(",")[0]

    # The detail under each table ----------------------------------------------------------
    def show_detail(self) -> None:
        song = self.doc.song
        table = self.mounted(CandidatesTable)
        if table is not None:
            key = table.current()
            found = next((c for c in song.candidates if key == f"c:{c.id}"), None)
            self.query_one("#candidate-detail", Static).update(
                candidate_detail(found) if found else Text("no candidates yet: ctrl+g generates some", "dim"))
        takes = self.mounted(TakesTable)
        if takes is not None:
            key = takes.current()
            take = next((t for t in song.takes if key == f"t:{t.id}"), None)
            hint = ", g generates some" if engine.generate_available() else ""
            self.query_one("#take-detail", Static).update(
                take_detail(take, self.doc.path) if take else Text(f"no takes yet: a adds an audio file{hint}", "dim"))

    # What the tables ask for --------------------------------------------------------------
    def on_act(self, event: Act) -> None:
        self.row_action(event.key, event.action, event.value)

    def row_action(self, key: str, action: str, value: int | None = None) -> None:
        """Do ``action`` on the row ``key`` (``c:<id>`` or ``t:<id>``); also used by the compare view."""
        if action == "add":
            self.action_add_take()
            return
        if action == "generate":
            self.action_generate_takes()
            return
        kind, _, ident = key.partition(":")
        field = "candidates" if kind == "c" else "takes"
        items = [item.model_copy() for item in getattr(self.doc.song, field)]
        index = next((i for i, item in enumerate(items) if item.id == ident), None)
        if index is None:
            return
        item = items[index]
        if action == "notes":
            self.app.push_screen(InputDialog(f"Notes for {ident}", item.notes or ""),
                                 partial(self._set_field, field, ident, "notes"))
            return
        if action == "audio":
            self.app.push_screen(InputDialog(f"Audio file of take {ident}", item.audio or ""),
                                 partial(self._set_field, field, ident, "audio"))
            return
        if action == "compare":
            from songsmith_tui.screens.compare import CompareScreen

            if len(items) < 2:
                self.notify("only one candidate: nothing to compare it with", severity="warning")
                return
            self.app.push_screen(CompareScreen(self, ident))
            return
        if action == "copy":
            self.app.copy_to_clipboard(item.style or "")
            self.notify(f"copied {ident}'s style prompt ({len(item.style or '')} chars)")
            return
        if action == "play":
            self.toggle_playback(item)
            return
        update: dict[str, Any] = {}
        if action == "rate":
            items[index] = item.model_copy(update={"rating": value or None})
        elif action == "choose" and kind == "c" and not item.chosen:
            chosen_song = self.doc.song.choose(ident)  # a candidate is a whole style: it becomes the song's
            items, update["style"] = chosen_song.candidates, chosen_song.style
        elif action == "choose":
            chosen = not item.chosen
            items = [i.model_copy(update={"chosen": chosen and i.id == ident}) for i in items]
        elif action == "delete":
            if kind == "c" and any(t.candidate == ident for t in self.doc.song.takes):
                self.notify(f"a take comes from {ident}; delete the take first", severity="warning")
                return
            del items[index]
        self.doc.update_song(field, **{field: items}, **update)
        self.refresh_all()

    def _set_field(self, field: str, ident: str, name: str, value: str | None) -> None:
        if value is None:
            return
        items = [i.model_copy(update={name: value.strip() or None}) if i.id == ident else i
                 for i in getattr(self.doc.song, field)]
        self.doc.update_song(field, **{field: items})
        self.refresh_all()

    # Adding a take ------------------------------------------------------------------------
    def _take_candidate(self) -> str | None:
        """The candidate a new take comes from: the chosen one, if any."""
        chosen = self.doc.song.chosen_candidate()
        return chosen.id if chosen else None

    def action_add_take(self) -> None:
        from songsmith_tui.screens.files import AudioPicker

        if self.doc.shape == "poem" and not self.doc.song.sections:
            self.notify("a poem file has no takes yet: arrange it first (ctrl+r) and save", severity="warning")
            return
        candidate = self._take_candidate()
        title = "Add a take" + (f" (from candidate {candidate}, the chosen one)" if candidate else "")
        self.app.push_screen(AudioPicker(self.doc.path.parent, title=title),
                             partial(self._on_audio_picked, candidate))

    def _on_audio_picked(self, candidate: str | None, path: Path | None) -> None:
        if path is None:
            return
        song = self.doc.song.model_copy(deep=True)
        self._start_job("adding a take", partial(_measure_and_copy, song, str(self.doc.path), str(path), candidate),
                        name="add_take")

    def _apply_add_take(self, made: Any) -> None:
        for warning in made.warnings:
            self.notify(warning, severity="warning")
        if not made.takes:
            return
        try:
            self.doc.update_song("add take", takes=[*self.doc.song.takes, *made.takes])
        except ValueError:
            made.discard()
            raise
        self.refresh_all()
        for info in made.infos:
            for warning in info.warnings if info else []:
                self.notify(warning, severity="warning")
        added = made.takes[0]
        self.notify(f"added take {added.id}: {added.audio} (save to keep it)")

    # Playing ------------------------------------------------------------------------------
    def toggle_playback(self, take: Any) -> None:
        playing = self.playback
        self.stop_playback()
        if playing is not None and playing.take_id == take.id:
            self.refresh_status()
            return  # p again on the playing take stops it
        if not take.audio:
            self.notify(f"take {take.id} has no audio file (only a URL)", severity="warning")
            return
        from songsmith.audio.takes import take_audio_path

        try:
            self.playback = Playback(take.id, take_audio_path(self.doc.path, take.audio))
        except PlayError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.refresh_status()

    def stop_playback(self) -> None:
        if self.playback is not None:
            self.playback.stop()
            self.playback = None

    def poll_playback(self) -> None:
        playback = self.playback
        if playback is None or playback.poll() is None:
            return
        failure = playback.failure()
        self.stop_playback()
        if failure:
            self.notify(failure, severity="error", timeout=8)
        self.refresh_status()

    # Generating takes: `songsmith generate` for the chosen candidate ------------------------
    def action_generate_takes(self) -> None:
        if not engine.generate_available():
            self.notify("generating takes is not available: this songsmith has no songsmith.generate "
                        "package; add takes made elsewhere with a", severity="warning")
            return
        if self.doc.dirty:
            self.notify("save first (ctrl+s): songsmith generate reads the song file", severity="warning")
            return
        if self.job_label:
            self.notify(f"{self.job_label} is still running (esc cancels it)", severity="warning")
            return
        candidate = self._take_candidate()
        config = self.app.settings.config  # type: ignore[attr-defined]
        ready = engine.services_with_keys(config)
        options = self.generate_options or f"--service {ready[0] if ready else engine.generate_services()[0]} --count 1"
        known = (f"ready (key set or none needed): {', '.join(ready)}" if ready else
                 "no music service has an API key set (in the environment or the config file)")
        self.app.push_screen(InputDialog(
            f"Generate takes of {candidate or 'the song'}'s style", options, placeholder="--service NAME --count N",
            note=f"runs songsmith generate {self.doc.path.name}" + (f" --for-candidates {candidate}" if candidate else "")
            + f" OPTIONS; {known}", enter="runs it"),
            partial(self._run_generate, candidate))

    def _run_generate(self, candidate: str | None, options: str | None) -> None:
        if options is None:
            return
        self.generate_options = options
        try:
            words = shlex.split(options)
        except ValueError as exc:
            self.notify(f"options: {exc}", severity="error")
            return
        config = self.app.settings.config  # type: ignore[attr-defined]
        service = engine.option_value(words, "--service")
        if service is None:
            self.notify(f"give --service: one of {', '.join(engine.generate_services())}", severity="warning")
            return
        problem = engine.generate_key_problem(service, config)
        if problem:  # said before anything runs; the key is never shown
            self.notify(f"cannot generate takes: {problem}", severity="error", timeout=10)
            return
        try:
            count = int(engine.option_value(words, "--count") or 1)
        except ValueError:
            count = 1
        command, env = engine.generate_command(str(self.doc.path), candidate, words, config)
        self.generate_progress = f"0 of {count} takes"
        self._start_job(GENERATING, partial(self._generate, command, env, count), name="generate_takes")

    def _generate(self, command: list[str], env: dict[str, str], count: int) -> tuple[int, list[str]]:
        """Run songsmith generate, reporting each line it prints as progress (in this worker); its
        exit status and what it printed."""
        worker = get_current_worker()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True, env=env)
        self._generating = process
        lines: list[str] = []
        saved = 0
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            lines.append(line)
            if ": t" in line and " s, task " in line:  # "<song>: t2 <file> (6.0 s, task …)"
                saved += 1
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_generate_progress, saved, count, line)
        process.wait()
        self._generating = None
        return process.returncode, lines

    def _about_this_song(self, line: str) -> str:
        """A line of songsmith generate's without the song's path it starts with."""
        return line.split(": ", 1)[-1] if line.startswith(str(self.doc.path)) else line

    def _show_generate_progress(self, saved: int, count: int, line: str) -> None:
        self.generate_progress = f"{saved} of {count} takes · {self._about_this_song(line)[:60]}"
        self.refresh_status()

    def _apply_generate_takes(self, result: tuple[int, list[str]]) -> None:
        """Take in what songsmith generate saved (also when some takes failed or are still
        running) and say how it ended: its summary, and on a failure the reason before it."""
        code, lines = result
        self.generate_progress = ""
        new = self.doc.take_in_new_takes()  # songsmith generate wrote the takes into the song file
        self.refresh_all(lyrics=True)
        got = f"{len(new)} new take{'s' if len(new) != 1 else ''} ({', '.join(new) or 'none'})"
        summary = lines[-1] if lines else f"exit status {code}"
        if code == 0:
            self.notify(f"{got}: {summary}")
        elif code == 75:  # tasks still running at the service
            self.notify(f"{got}; tasks are still running: g with the same options collects them", severity="warning",
                        timeout=10)
        else:
            reason = next((self._about_this_song(line) for line in reversed(lines[:-1])
                           if "submitted task" not in line), "")
            self.notify(f"{got}; songsmith generate failed: {reason + ' · ' if reason else ''}{summary}",
                        severity="error", timeout=12)

    def stop_generating(self) -> bool:
        """End a running ``songsmith generate`` (its job store lets the same command, run again,
        collect what it had sent); whether one was running."""
        process = self._generating
        if process is None:
            return False
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        return True

    def job_cancelled(self) -> None:
        self.generate_progress = ""
        if not self.stop_generating():
            return
        new = self.doc.take_in_new_takes()  # the takes saved before the cancel stay
        if new:
            self.refresh_all(lyrics=True)
            self.notify(f"kept {len(new)} take{'s' if len(new) != 1 else ''} already saved ({', '.join(new)})")


def _measure_and_copy(song: Any, song_path: str, audio: str, candidate: str | None) -> Any:
    made = engine.add_takes(song, song_path, [audio], candidate)
    if get_current_worker().is_cancelled:
        made.discard()  # nobody wants this take any more: its copy goes too
    return made
