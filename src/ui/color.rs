//! Colour is decided once, here: `--color`, then `NO_COLOR`, then `TERM=dumb`,
//! then whether the stream is a terminal.

use std::io::IsTerminal;

use clap::ValueEnum;

/// The `--color` choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR or TERM=dumb says otherwise.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Whether output should be coloured, given the environment.
pub fn should_color(choice: ColorChoice, no_color: Option<&str>, term: Option<&str>, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(str::is_empty) && term != Some("dumb") && is_terminal,
    }
}

/// Applies the colour policy to the `colored` crate for this process, judging
/// by stdout (data) and stderr (talk) alike.
pub fn apply(choice: ColorChoice) {
    let no_color = std::env::var("NO_COLOR").ok();
    let term = std::env::var("TERM").ok();
    let is_terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let enabled = should_color(choice, no_color.as_deref(), term.as_deref(), is_terminal);
    colored::control::set_override(enabled);
    console::set_colors_enabled(enabled);
    console::set_colors_enabled_stderr(enabled);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_order() {
        assert!(should_color(ColorChoice::Always, Some("1"), Some("dumb"), false));
        assert!(!should_color(ColorChoice::Never, None, None, true));
        assert!(should_color(ColorChoice::Auto, None, Some("xterm"), true));
        assert!(should_color(ColorChoice::Auto, Some(""), None, true), "an empty NO_COLOR is ignored");
        assert!(!should_color(ColorChoice::Auto, Some("1"), None, true));
        assert!(!should_color(ColorChoice::Auto, None, Some("dumb"), true));
        assert!(!should_color(ColorChoice::Auto, None, None, false));
    }
}
