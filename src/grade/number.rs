//! Typed numbers: what a fair reader accepts as a number, and nothing else.

use unicode_normalization::UnicodeNormalization;

/// Reads a typed number.
///
/// Accepts, after NFKC (full-width digits) and trimming: an optional sign
/// (`+`, `-` or `−` U+2212), digits with an optional fraction (`3.5`, `.5`,
/// `5.`), an optional exponent (`1e3`, `2.5E-3`), and commas as thousands
/// separators in the whole part only when grouped by three (`1,000`,
/// `12,345.5`; `1,5` is rejected rather than guessed to be 1.5). A trailing
/// Korean year suffix `년` is allowed (`2009년`, `2009 년`); no other units are.
/// Returns `None` for anything else, and for NaN and infinities (including
/// overflow such as `1e999`).
pub fn parse_number(text: &str) -> Option<f64> {
    let text: String = text.nfkc().collect();
    let mut text = text.trim();
    if let Some(rest) = text.strip_suffix('년') {
        text = rest.trim_end();
    }
    let (negative, body) = match text.chars().next()? {
        '-' | '\u{2212}' => (true, &text[text.chars().next()?.len_utf8()..]),
        '+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (mantissa, ""),
    };
    let whole = ungroup(whole)?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let mut plain = String::with_capacity(body.len() + 1);
    if negative {
        plain.push('-');
    }
    plain.push_str(if whole.is_empty() { "0" } else { &whole });
    plain.push('.');
    plain.push_str(if fraction.is_empty() { "0" } else { fraction });
    if let Some(exponent) = exponent {
        plain.push('e');
        plain.push_str(exponent);
    }
    plain.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// The digits of a whole part, with thousands separators checked and removed.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut digits = first.to_string();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_number_accepts_plain_forms() {
        assert_eq!(parse_number("2009"), Some(2009.0));
        assert_eq!(parse_number(" 3.5 "), Some(3.5));
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("12,345,678.25"), Some(12_345_678.25));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("2.5E-3"), Some(0.0025));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("\u{2212}2"), Some(-2.0));
        assert_eq!(parse_number("+7"), Some(7.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("5."), Some(5.0));
        assert_eq!(parse_number("３.５"), Some(3.5));
    }

    #[test]
    fn parse_number_accepts_korean_year_suffix() {
        assert_eq!(parse_number("2009년"), Some(2009.0));
        assert_eq!(parse_number(" 2009 년 "), Some(2009.0));
    }

    #[test]
    fn parse_number_rejects_everything_else() {
        for input in [
            "",
            " ",
            "-",
            ".",
            "e3",
            "1e",
            "1e+",
            "NaN",
            "nan",
            "inf",
            "-infinity",
            "1e999",
            "1,5",
            "1,0000",
            ",100",
            "1,000,00",
            "1.000,5",
            "2009 AD",
            "3.4.5",
            "--2",
            "0x10",
            "1 000",
            "년",
        ] {
            assert_eq!(parse_number(input), None, "{input:?}");
        }
    }
}
