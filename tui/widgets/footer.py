"""The footer: the keys in effect, most important first, so a narrow screen keeps those."""

from __future__ import annotations

from songsmith_tui.actions import rank_of
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's footer with its keys ordered by :attr:`ActionSpec.rank` (help and save first)
    rather than focused widget first, application last."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown: dict[str, tuple] = {}  # type: ignore[type-arg]
        hidden = getattr(self.screen, "footer_hidden", set())  # what makes no sense on this screen now
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown and binding.id not in hidden:
                shown[binding.action] = (binding, enabled, tooltip)
        ordered = sorted(shown.values(), key=lambda item: rank_of(item[0].id))
        self.styles.grid_size_columns = len(ordered)
        for binding, enabled, tooltip in ordered:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)
