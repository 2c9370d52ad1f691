"""The command palette provider: every registered action, with its current keys."""

from __future__ import annotations

from functools import partial

from songsmith_tui.actions import ActionSpec, keys_for, palette_actions
from textual.command import DiscoveryHit, Hit, Hits, Provider


class SongsmithCommands(Provider):
    def _specs(self) -> list[tuple[ActionSpec, str]]:
        from songsmith_tui.screens.editor import EditorScreen
        from songsmith_tui.screens.library import LibraryScreen

        screen = self.screen
        scopes = ("app", "editor") if isinstance(screen, EditorScreen) else \
            ("app", "library") if isinstance(screen, LibraryScreen) else ("app",)
        keymap = getattr(self.app, "keymap", {})
        return [(spec, f"{spec.description} · {keys_for(spec, keymap)}") for spec in palette_actions(scopes)]

    def _run(self, spec: ActionSpec):  # type: ignore[no-untyped-def]
        target = self.app if spec.scope == "app" else self.screen
        return partial(target.run_action, spec.action)

    async def discover(self) -> Hits:
        for spec, text in self._specs():
            yield DiscoveryHit(text, self._run(spec), help=f"id: {spec.id}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec, text in self._specs():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._run(spec), help=f"id: {spec.id}")
