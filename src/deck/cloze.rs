//! Cloze text: `{{answer|alternate}}` marks a gap.

use super::{ClozePiece, Gap};

/// Splits cloze text into pieces and gaps: `{{answer|alternate}}` marks a gap.
pub fn parse_cloze(text: &str) -> Result<(Vec<ClozePiece>, Vec<Gap>), String> {
    let mut pieces = Vec::new();
    let mut gaps = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after_open = &rest[open + 2..];
        let Some(close) = after_open.find("}}") else {
            return Err("a gap opened with `{{` is never closed with `}}`".to_string());
        };
        if open > 0 {
            pieces.push(ClozePiece::Text(rest[..open].to_string()));
        }
        let inside = &after_open[..close];
        let mut spellings = inside.split('|').map(str::trim);
        let answer = spellings.next().unwrap_or_default().to_string();
        if answer.is_empty() {
            return Err(format!("gap {} is empty", gaps.len() + 1));
        }
        let accept: Vec<String> = spellings.filter(|spelling| !spelling.is_empty()).map(str::to_string).collect();
        pieces.push(ClozePiece::Gap(gaps.len()));
        gaps.push(Gap { answer, accept });
        rest = &after_open[close + 2..];
    }
    if rest.contains("}}") {
        return Err("`}}` closes a gap that was never opened".to_string());
    }
    if !rest.is_empty() {
        pieces.push(ClozePiece::Text(rest.to_string()));
    }
    if gaps.is_empty() {
        return Err("a cloze card needs at least one gap".to_string());
    }
    Ok((pieces, gaps))
}

/// Cloze text as a deck writes it, each gap back as `{{answer|alternate}}`:
/// the inverse of [`parse_cloze`].
pub fn write_cloze(pieces: &[ClozePiece], gaps: &[Gap]) -> String {
    let mut text = String::new();
    for piece in pieces {
        match piece {
            ClozePiece::Text(literal) => text.push_str(literal),
            ClozePiece::Gap(index) => {
                let Some(gap) = gaps.get(*index) else { continue };
                text.push_str("{{");
                text.push_str(&gap.answer);
                for spelling in &gap.accept {
                    text.push('|');
                    text.push_str(spelling);
                }
                text.push_str("}}");
            }
        }
    }
    text
}

/// Cloze text with each gap shown as `[1]`, `[2]`, … for display.
pub fn render_cloze(pieces: &[ClozePiece], gaps: &[Gap]) -> String {
    let numbered = gaps.len() > 1;
    pieces
        .iter()
        .map(|piece| match piece {
            ClozePiece::Text(text) => text.clone(),
            ClozePiece::Gap(index) if numbered => format!("[{}: ____]", index + 1),
            ClozePiece::Gap(_) => "____".to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_gaps_and_alternates() {
        let (pieces, gaps) = parse_cloze("use {{yield from|yield-from}} and {{await}}").unwrap();
        assert_eq!(gaps.len(), 2);
        assert_eq!(gaps[0].accept, ["yield-from"]);
        assert_eq!(render_cloze(&pieces, &gaps), "use [1: ____] and [2: ____]");
        assert_eq!(write_cloze(&pieces, &gaps), "use {{yield from|yield-from}} and {{await}}");
        assert!(parse_cloze("no gaps").is_err());
        assert!(parse_cloze("open {{ never").is_err());
        assert!(parse_cloze("empty {{}}").is_err());
        assert!(parse_cloze("stray }} close").is_err());
    }
}
