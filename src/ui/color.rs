//! Colour is decided once, here: `--color`, then `NO_COLOR`, then
//! `CLICOLOR_FORCE`, then `CLICOLOR=0`, then `TERM=dumb`, then whether the
//! stream is a terminal.

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

/// What the environment says about colour.
#[derive(Clone, Copy, Debug, Default)]
pub struct Environment<'a> {
    /// `NO_COLOR`: any non-empty value turns colour off.
    pub no_color: Option<&'a str>,
    /// `CLICOLOR_FORCE`: any value but empty or `0` turns colour on, terminal or not.
    pub force: Option<&'a str>,
    /// `TERM`: `dumb` turns colour off.
    pub term: Option<&'a str>,
    /// `CLICOLOR`: `0` turns colour off (unless forced); anything else leaves it to the terminal.
    pub clicolor: Option<&'a str>,
}

/// Whether output should be coloured, given the flag, the environment and
/// whether the output is a terminal.
pub fn should_color(choice: ColorChoice, environment: Environment<'_>, is_terminal: bool) -> bool {
    let set = |value: Option<&str>| value.is_some_and(|value| !value.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(environment.no_color) => false,
        ColorChoice::Auto if set(environment.force) && environment.force != Some("0") => true,
        ColorChoice::Auto if environment.clicolor == Some("0") => false,
        ColorChoice::Auto => environment.term != Some("dumb") && is_terminal,
    }
}

/// Applies the colour policy to the `colored` crate for this process, judging
/// by stdout (data) and stderr (talk) alike.
pub fn apply(choice: ColorChoice) {
    let variable = |name| std::env::var(name).ok();
    let (no_color, force, term, clicolor) =
        (variable("NO_COLOR"), variable("CLICOLOR_FORCE"), variable("TERM"), variable("CLICOLOR"));
    let environment = Environment {
        no_color: no_color.as_deref(),
        force: force.as_deref(),
        term: term.as_deref(),
        clicolor: clicolor.as_deref(),
    };
    let is_terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let enabled = should_color(choice, environment, is_terminal);
    colored::control::set_override(enabled);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_order() {
        let env = |no_color, force, term| Environment { no_color, force, term, clicolor: None };
        assert!(should_color(ColorChoice::Always, env(Some("1"), None, Some("dumb")), false));
        assert!(!should_color(ColorChoice::Never, env(None, Some("1"), None), true));
        assert!(should_color(ColorChoice::Auto, env(None, None, Some("xterm")), true));
        assert!(should_color(ColorChoice::Auto, env(Some(""), None, None), true), "an empty NO_COLOR is ignored");
        assert!(!should_color(ColorChoice::Auto, env(Some("1"), None, None), true));
        assert!(!should_color(ColorChoice::Auto, env(Some("1"), Some("1"), None), false), "NO_COLOR wins");
        assert!(should_color(ColorChoice::Auto, env(None, Some("1"), None), false), "CLICOLOR_FORCE forces");
        assert!(!should_color(ColorChoice::Auto, env(None, Some("0"), None), false), "CLICOLOR_FORCE=0 does not");
        assert!(!should_color(ColorChoice::Auto, env(None, None, Some("dumb")), true));
        assert!(!should_color(ColorChoice::Auto, env(None, None, None), false));
        let clicolor = |value, force| Environment { clicolor: Some(value), force, ..Environment::default() };
        assert!(!should_color(ColorChoice::Auto, clicolor("0", None), true), "CLICOLOR=0 turns colour off");
        assert!(should_color(ColorChoice::Auto, clicolor("1", None), true), "CLICOLOR=1 leaves it to the terminal");
        assert!(!should_color(ColorChoice::Auto, clicolor("1", None), false));
        assert!(should_color(ColorChoice::Auto, clicolor("0", Some("1")), false), "CLICOLOR_FORCE beats CLICOLOR=0");
        assert!(should_color(ColorChoice::Always, clicolor("0", None), false), "--color always beats both");
    }
}
