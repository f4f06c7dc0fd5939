//! Answers written as sentences: `Sam Rushing wrote it`, `It was removed in
//! 3.12; 3.11 was the last to ship it.`, `샘 러싱이 만들었어요`, `1.0 전에는
//! libevent를 썼어요`, `3.5가 아니라 3.4예요`.
//!
//! A fair teacher reads the first clause as the answer and the rest as
//! remarks. The answer is a run of words at the start or the end of that
//! clause (after a closing Korean predicate); the other words of the clause
//! must only frame it: no negation, no number or term of the deck that the
//! question itself does not use. The whole text must not hedge (`or`,
//! `maybe`, `아니면`), and a remark must not be a bare second answer
//! (`3.4, 3.5`, `eventlet, greenlet`). This module only finds the candidate
//! runs and rules on the framing; the caller judges each run by the answer's
//! shape.

use super::fold::is_hangul;
use super::lexicon::Lexicon;
use super::values::{peps, versions, years};

/// The most clauses, and words in the answer clause, a sentence may have
/// before it is not read at all (bounds the work on hostile input).
const MOST_CLAUSES: usize = 8;
const MOST_WORDS: usize = 14;
/// The longest run of words tried as the answer.
const LONGEST_ANSWER: usize = 5;

/// Words and phrases that hedge between answers or disown one.
const HEDGES: &[&str] = &[
    " or ",
    "maybe",
    "perhaps",
    "not sure",
    "unsure",
    "either",
    "guess",
    "또는",
    "아니면",
    "혹은",
    "수도 있",
    "모르",
    "확실하지",
];

/// How an answer is shaped, as far as remarks are concerned: a remark that is
/// a bare value of the same kind is a second answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A version (`3.4`).
    Version,
    /// A year.
    Year,
    /// A PEP number.
    Pep,
    /// A plain number.
    Number,
    /// Words: names, identifiers, text.
    Words,
}

/// The runs of `folded` (normalised typed text of more than one word) that
/// may be its answer, best first; empty when the text hedges, negates, or
/// lists a second answer. `prompt` is the question as asked (normalised):
/// its numbers and words may frame the answer.
pub fn answer_runs(folded: &str, prompt: &str, kind: Kind, lexicon: &Lexicon) -> Vec<String> {
    if !folded.contains(' ') || HEDGES.iter().any(|hedge| folded.contains(hedge)) {
        return Vec::new();
    }
    let text = after_contrast(folded);
    let contrasted = text.len() != folded.len();
    let clauses = clauses(text);
    if clauses.is_empty() || clauses.len() > MOST_CLAUSES {
        return Vec::new();
    }
    let remarks_sound = clauses[1..].iter().all(|remark| !is_second_answer(remark, kind, lexicon));
    if !remarks_sound {
        return Vec::new();
    }
    let clause: Vec<&str> = clauses[0].split(' ').collect();
    if clause.len() > MOST_WORDS || clause.iter().any(|word| is_negation(word)) {
        return Vec::new();
    }
    // A closing Korean predicate (`만들었어요`, `썼어요`) frames the answer before it.
    let mut framed = clause.clone();
    while framed.len() > 1 && framed.last().is_some_and(|word| is_korean_predicate(word)) {
        framed.pop();
    }
    let compares = clause.iter().any(|word| is_comparison(word));
    let frames = |outside: &[&str]| outside.iter().all(|word| frames_only(word, prompt, kind, lexicon));
    let mut runs = Vec::new();
    let mut push = |run: &[&str]| {
        let joined = run.join(" ");
        if !joined.is_empty() && !runs.contains(&joined) {
            runs.push(joined);
        }
    };
    if contrasted || clauses.len() > 1 {
        push(&clause);
    }
    if framed.len() < clause.len() {
        push(&framed);
    }
    for words in [&framed, &clause] {
        for length in (1..words.len().min(LONGEST_ANSWER + 1)).rev() {
            // A run joined to the next word (`dataReceived나 connectionMade`,
            // `select랑 poll`) is one item of a list, not the answer; unless
            // the sentence compares (`yield from이랑 거의 같아요`).
            let (head, rest) = words.split_at(length);
            let listed = !compares && joins(head[head.len() - 1]);
            if frames(rest) && !listed && !rest.first().is_some_and(|word| is_conjunction(word)) {
                push(head);
            }
            let (rest, tail) = words.split_at(words.len() - length);
            let listed = rest.last().is_some_and(|word| (!compares && joins(word)) || is_conjunction(word));
            if frames(rest) && !listed {
                push(tail);
            }
        }
    }
    runs
}

/// Whether `word` joins what follows it to a list: `and`, `or`, `&`, `및`,
/// or a Korean word ending in a joining particle (`select랑`, `리액터나`).
fn joins(word: &str) -> bool {
    is_conjunction(word)
        || ["와", "과", "랑", "하고", "나"]
            .iter()
            .any(|particle| word.strip_suffix(particle).is_some_and(|stem| !stem.is_empty()))
}

/// Whether `word` says "like" or "the same as" (`같아요`, `비슷해요`, `거의`).
fn is_comparison(word: &str) -> bool {
    ["같", "비슷", "거의", "똑같", "유사", "마찬가지"].iter().any(|korean| word.starts_with(korean))
}

fn is_conjunction(word: &str) -> bool {
    matches!(word, "and" | "or" | "&" | "및" | "그리고" | "또는" | "/")
}

/// What follows a contrast (`3.5가 아니라 3.4예요`, `not 3.5 but 3.4`), else the text.
fn after_contrast(text: &str) -> &str {
    if let Some((_, after)) = text.split_once("아니라 ") {
        return after;
    }
    if text.starts_with("not ") {
        if let Some((_, after)) = text.split_once(" but ") {
            return after;
        }
    }
    text
}

/// The clauses of `text`: split at sentence ends, commas, semicolons, dashes
/// and brackets; empty ones dropped.
fn clauses(text: &str) -> Vec<&str> {
    let mut clauses = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut in_remark = false;
    for (at, character) in text.char_indices() {
        let next = text[at + character.len_utf8()..].chars().next();
        let boundary = match character {
            '.' | '!' | '?' | '。' => next.is_none_or(char::is_whitespace),
            ',' | ';' | '，' | '、' => true,
            '-' | '–' | '—' => previous == Some(' ') && next.is_none_or(char::is_whitespace),
            // A bracket opens a remark after a space or Korean text (`2.5 버전(2006년)`), not a call (`run()`).
            '(' => {
                in_remark = previous.is_none_or(|before| before == ' ' || is_hangul(before));
                in_remark
            }
            ')' => std::mem::take(&mut in_remark),
            _ => false,
        };
        if boundary {
            clauses.push(text[start..at].trim());
            start = at + character.len_utf8();
        }
        previous = Some(character);
        if clauses.len() > MOST_CLAUSES {
            break;
        }
    }
    clauses.push(text[start..].trim());
    clauses.retain(|clause| !clause.is_empty());
    clauses
}

/// Whether a remark is a bare second answer: a short clause that is a value
/// of the answer's kind, or a term of the deck. A dismissal (`not 3.5`) is not.
fn is_second_answer(remark: &str, kind: Kind, lexicon: &Lexicon) -> bool {
    let words: Vec<&str> = remark.split(' ').collect();
    // A statement (three words or more, or a Korean predicate) is a remark.
    if words.len() > 2 || words.iter().any(|word| is_negation(word) || is_korean_predicate(word)) {
        return false;
    }
    match kind {
        Kind::Version => !versions(remark).is_empty(),
        Kind::Year => !years(remark).is_empty(),
        Kind::Pep => !peps(remark).is_empty(),
        Kind::Number => remark.chars().any(|character| character.is_ascii_digit()),
        Kind::Words => lexicon.knows(remark) || words.iter().any(|word| lexicon.knows(word)),
    }
}

/// Whether `word`, outside the answer, only frames it: no negation, and no
/// deck term the question does not use itself, nor (around a number) another number.
fn frames_only(word: &str, prompt: &str, kind: Kind, lexicon: &Lexicon) -> bool {
    if is_negation(word) {
        return false;
    }
    let in_prompt = |piece: &str| !piece.is_empty() && prompt.contains(piece);
    let digits = kind != Kind::Words && word.chars().any(|character| character.is_ascii_digit());
    let stem = word.trim_end_matches(|character: char| is_hangul(character) || !character.is_alphanumeric());
    let stem = if stem.is_empty() { word } else { stem };
    if kind == Kind::Number {
        // A plain number's words are its unit: only the question's own (`3.4 seconds`).
        return in_prompt(stem) || word.chars().all(is_hangul);
    }
    !((digits || lexicon.knows(word) || lexicon.knows(stem)) && !in_prompt(stem))
}

/// Whether `word` says no: `not`, `never`, `isn't`, `아니`, `않`, `없`, `못`, `말고`.
fn is_negation(word: &str) -> bool {
    matches!(word, "not" | "never" | "no" | "neither" | "nor" | "nope")
        || word.ends_with("n't")
        || word.starts_with("아니")
        || word.starts_with("아닌")
        || ["않", "없", "못", "말고"].iter().any(|korean| word.contains(korean))
}

/// Whether `word` is a closing Korean predicate (`만들었어요`, `썼다`, `기억해요`).
fn is_korean_predicate(word: &str) -> bool {
    word.chars().all(is_hangul)
        && ["요", "다", "음", "죠", "네", "까", "고"].iter().any(|ending| word.ends_with(ending))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<String> {
        let lexicon = Lexicon::from_terms(["asyncore", "asynchat", "libevent", "libev", "greenlet", "eventlet"]);
        answer_runs(text, "gevent가 1.0 시리즈 이전에 쓴 이벤트 라이브러리는?", Kind::Words, &lexicon)
    }

    #[test]
    fn the_answer_is_a_run_at_either_end_of_the_first_clause() {
        assert!(runs("sam rushing wrote it").contains(&"sam rushing".to_string()));
        assert!(runs("it was forked from eventlet").contains(&"eventlet".to_string()));
        assert!(runs("샘 러싱이 만들었어요").contains(&"샘 러싱이".to_string()));
        assert!(runs("1.0 전에는 libevent를 썼어요").contains(&"libevent를".to_string()), "1.0 is the question's");
        assert!(runs("sam rushing, back in 1996").contains(&"sam rushing".to_string()));
        assert!(runs("3.5가 아니라 3.4예요").contains(&"3.4예요".to_string()));
        assert!(runs("yield from이랑 거의 같아요").contains(&"yield from이랑".to_string()), "like `yield from`");
    }

    #[test]
    fn hedges_negations_and_second_answers_are_not_read() {
        for text in [
            "asyncore or asynchat",
            "maybe asyncore, maybe asynchat",
            "not asyncore",
            "asyncore가 아니에요",
            "eventlet, greenlet",
            "asyncore 말고 asynchat",
            "eventlet and greenlet",
            "eventlet나 greenlet",
            "greenlet이랑 eventlet",
        ] {
            assert!(runs(text).is_empty(), "{text}: {:?}", runs(text));
        }
        // A clause about another time keeps the answer's own clause only as a whole run.
        assert!(!runs("it used libev before 2.0").iter().any(|run| run == "libev"));
        assert!(runs("asyncore").is_empty(), "one word is judged as it is");
    }

    #[test]
    fn clauses_split_at_punctuation_but_not_inside_code_or_versions() {
        assert_eq!(clauses("python 3.12 (pep 594)"), ["python 3.12", "pep 594"]);
        assert_eq!(clauses("reactor.run() - it blocks"), ["reactor.run()", "it blocks"]);
        assert_eq!(clauses("2.5 버전(2006년 12월)이에요"), ["2.5 버전", "2006년 12월", "이에요"]);
        assert_eq!(clauses("it was 3.4. asyncio came later"), ["it was 3.4", "asyncio came later"]);
    }

    #[test]
    fn hostile_sentences_are_bounded() {
        assert!(runs(&"word ".repeat(10_000)).is_empty());
        assert!(runs(&"a, ".repeat(10_000)).is_empty());
    }
}
