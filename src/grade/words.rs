//! Names, identifiers and free text, judged as a fair teacher would.
//!
//! An answer stands for a few *forms*: itself, and itself without what only
//! frames it — an article (`the asyncore module`), a noun that only
//! classifies it (`Tulip project`, `Twisted 프레임워크`), Korean particles and
//! copulas (`asyncore입니다`), a module's `.py`, a decorator's `@` or a
//! call's `()`, a remark in parentheses, a label before a colon (`PEP 342:
//! Coroutines via …`), and for names the singular or plural. A typed answer
//! is right when one of its forms is one of the expected answer's forms (an
//! identifier may also be more qualified: `twisted.internet.defer.inlineCallbacks`).
//!
//! Otherwise it may be a typo: within a small number of edits, counted on
//! Hangul jamo so Korean gets the same allowance as letters. But never a
//! typo that lands on something else: a term the deck knows (another
//! answer, a choice, a listed near-miss), a Python keyword, another
//! identifier (`data_received` for `dataReceived`), or the plural of a code
//! token (`generator` for `generators`).

use super::fold::{digit_runs, is_hangul, jamo};
use super::lexicon::{is_keyword, Lexicon};
use crate::text::bounded_distance;

/// How a words answer is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordShape {
    /// A code identifier.
    Identifier,
    /// A proper name or a term.
    Name,
    /// Free text, such as a title.
    Text,
}

/// Nouns that only say what kind of thing a name is, on either side
/// (`the asyncore module` typed or expected).
const CLASSIFIERS: &[&str] = &[
    "module",
    "library",
    "package",
    "framework",
    "project",
    "function",
    "method",
    "class",
    "decorator",
    "모듈",
    "라이브러리",
    "패키지",
    "프레임워크",
    "프로젝트",
    "함수",
    "메서드",
    "메소드",
    "클래스",
    "데코레이터",
];

/// Nouns that classify a name when typed after it (`proactor pattern`,
/// `yield from 문법`) but are part of an expected answer (`event loop`).
const TYPED_CLASSIFIERS: &[&str] = &[
    "statement",
    "expression",
    "object",
    "type",
    "loop",
    "pattern",
    "syntax",
    "keyword",
    "keywords",
    "구문",
    "문",
    "객체",
    "타입",
    "루프",
    "패턴",
    "문법",
    "키워드",
];

/// Korean particles and sentence endings that may follow an answer, longest first.
const ENDINGS: &[&str] = &[
    "이었습니다",
    "이었어요",
    "였어요",
    "이었어",
    "용으로",
    "이랑",
    "였습니다",
    "입니다",
    "이에요",
    "이예요",
    "이었다",
    "이라고",
    "이라는",
    "으로",
    "에서",
    "예요",
    "이요",
    "이죠",
    "이다",
    "이야",
    "였다",
    "라고",
    "라는",
    "였어",
    "랑",
    "이고",
    "요",
    "죠",
    "다",
    "야",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "로",
    "에",
    "와",
    "과",
    "도",
    "만",
    "인",
    "고",
];

/// Articles at the start of an English answer.
const ARTICLES: &[&str] = &["the ", "a ", "an ", "its ", "their "];

/// Words that introduce an answer (`it's asyncore`, `it was called Tulip`,
/// `정답은 asyncore`), stripped from the start.
const LEAD_INS: &[&str] = &[
    "it's ",
    "it is ",
    "it was ",
    "they're ",
    "they are ",
    "they were ",
    "that's ",
    "that is ",
    "the answer is ",
    "answer: ",
    "i think ",
    "i believe ",
    "called ",
    "named ",
    "it used ",
    "it uses ",
    "it forked ",
    "정답은 ",
    "답은 ",
    "정답: ",
    "답: ",
];

/// `folded` without the words that introduce it (`답: a` → `a`), if it has them.
pub fn without_lead_in(folded: &str) -> Option<&str> {
    LEAD_INS.iter().find_map(|lead_in| folded.strip_prefix(lead_in)).map(str::trim).filter(|rest| !rest.is_empty())
}

/// Korean object particles before a closing verb (`libevent를 썼어요`).
const OBJECT_PARTICLES: &[&str] = &["을", "를"];
/// Endings of a closing Korean verb (`썼어요`, `사용했다`, `썼음`).
const VERB_ENDINGS: &[&str] = &["요", "다", "음", "죠", "니다"];

/// The most forms one answer stands for (bounds the work on hostile input).
const MOST_FORMS: usize = 48;

/// Which side of the comparison a text is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// What the deck expects (an answer, an alternate, a term).
    Expected,
    /// What the learner typed: it may also carry a [`TYPED_CLASSIFIERS`] noun.
    Typed,
}

/// The forms `folded` (already normalised) stands for, itself first.
pub fn forms(folded: &str, shape: WordShape) -> Vec<String> {
    forms_on(folded, shape, Side::Expected)
}

/// The forms `folded` stands for on `side`, itself first.
pub fn forms_on(folded: &str, shape: WordShape, side: Side) -> Vec<String> {
    let mut forms = vec![folded.to_string()];
    let mut at = 0;
    while at < forms.len() && forms.len() < MOST_FORMS {
        let form = forms[at].clone();
        for next in reductions(&form, shape, side) {
            let next = next.trim().trim_matches(['"', '\'', '`']).trim().to_string();
            if !next.is_empty() && !forms.contains(&next) && forms.len() < MOST_FORMS {
                forms.push(next);
            }
        }
        at += 1;
    }
    forms
}

/// One step of stripping what frames an answer, each way it can be done.
fn reductions(form: &str, shape: WordShape, side: Side) -> Vec<String> {
    let mut out = Vec::new();
    // Articles, lead-ins and classifiers stand apart; Korean endings end in Hangul.
    let spaced = form.contains(' ');
    let last = form.chars().next_back().unwrap_or(' ');
    let ends_in_hangul = is_hangul(last);
    let first_byte = form.as_bytes().first().copied();
    for article in
        ARTICLES.iter().chain(LEAD_INS).filter(|lead| spaced && lead.as_bytes().first().copied() == first_byte)
    {
        if let Some(rest) = form.strip_prefix(article) {
            out.push(rest.to_string());
        }
    }
    if let Some((object, verb)) = form.rsplit_once(' ') {
        let closing_verb = verb.chars().all(is_hangul) && VERB_ENDINGS.iter().any(|ending| verb.ends_with(ending));
        if closing_verb {
            if let Some(rest) = OBJECT_PARTICLES.iter().find_map(|particle| object.strip_suffix(particle)) {
                out.push(rest.to_string());
            }
        }
    }
    let typed_only = if side == Side::Typed { TYPED_CLASSIFIERS } else { &[] };
    let classifies = |word: &str| CLASSIFIERS.contains(&word) || typed_only.contains(&word);
    if let Some((rest, _)) = form.rsplit_once(' ').filter(|(_, word)| classifies(word)) {
        out.push(rest.to_string());
    }
    if let Some((_, rest)) = form.split_once(' ').filter(|(word, _)| classifies(word)) {
        out.push(rest.to_string());
    }
    for ending in ENDINGS.iter().filter(|ending| ends_in_hangul && ending.ends_with(last)) {
        if let Some(rest) = form.strip_suffix(ending).filter(|rest| !rest.is_empty()) {
            out.push(rest.to_string());
        }
    }
    if let Some(open) = form.rfind(" (").or_else(|| form.rfind('(').filter(|_| shape != WordShape::Identifier)) {
        if form.ends_with(')') && open > 0 {
            out.push(form[..open].to_string());
        }
    }
    if let Some((label, rest)) = form.split_once(": ") {
        if label.split(' ').count() <= 4 {
            out.push(rest.to_string());
        }
    }
    match shape {
        WordShape::Identifier | WordShape::Name => {
            for extension in [".py", ".js"] {
                if let Some(rest) = form.strip_suffix(extension) {
                    out.push(rest.to_string());
                }
            }
        }
        WordShape::Text => {}
    }
    match shape {
        WordShape::Identifier => {
            if let Some(rest) = form.strip_prefix('@') {
                out.push(rest.to_string());
            }
            for definition in ["def ", "async def ", "class "] {
                if let Some(rest) = form.strip_prefix(definition) {
                    out.push(rest.to_string());
                }
            }
            if let Some(rest) = form.strip_suffix("()") {
                out.push(rest.to_string());
            }
        }
        WordShape::Name => {
            // A middle initial may be left out (`Phillip Eby` for `Phillip J. Eby`).
            let words: Vec<&str> = form.split(' ').collect();
            let initial = |word: &&str| word.len() == 2 && word.ends_with('.') && word.starts_with(char::is_alphabetic);
            if words.len() > 2 && words[1..words.len() - 1].iter().any(initial) {
                let kept: Vec<&str> = words
                    .iter()
                    .enumerate()
                    .filter(|(at, word)| *at == 0 || *at == words.len() - 1 || !initial(word))
                    .map(|(_, word)| *word)
                    .collect();
                out.push(kept.join(" "));
            }
            // `Node.js` is often typed `nodejs`.
            if form.contains('.') && !form.chars().any(|character| character.is_ascii_digit()) {
                out.push(form.replace('.', ""));
            }
            // A name with the version it was at (`eventlet 0.8.11`).
            if let Some((name, version)) = form.rsplit_once(' ') {
                if !version.is_empty()
                    && version
                        .trim_start_matches('v')
                        .split('.')
                        .all(|part| !part.is_empty() && part.chars().all(|character| character.is_ascii_digit()))
                {
                    out.push(name.to_string());
                }
            }
            let singular = form
                .strip_suffix("es")
                .filter(|rest| rest.ends_with(['s', 'x', 'h']))
                .or_else(|| form.strip_suffix('s').filter(|rest| !rest.ends_with('s') && rest.chars().count() >= 3))
                .filter(|rest| !rest.contains('.'));
            if let Some(rest) = singular {
                out.push(rest.to_string());
            }
        }
        WordShape::Text => {}
    }
    out
}

/// Whether a typed form names the expected form: the same, or for an
/// identifier the same with more qualification (`defer.inlinecallbacks`).
fn same(typed: &str, expected: &str, shape: WordShape) -> bool {
    typed == expected
        || (shape == WordShape::Identifier
            && typed.len() > expected.len()
            && typed.ends_with(expected)
            && typed[..typed.len() - expected.len()].ends_with('.'))
}

/// The verdict on a typed answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judged {
    /// One of the expected answers, by its index.
    Right(usize),
    /// A forgivable typo of the expected answer at this index.
    Typo(usize),
    /// Wrong.
    Wrong,
}

/// Judges `typed` against the expected answers (all normalised): `reject`
/// lists near-misses that are always wrong, `lexicon` the terms a typo must
/// not land on.
pub fn judge(typed: &str, expected: &[String], reject: &[String], shape: WordShape, lexicon: &Lexicon) -> Judged {
    Expected::new(expected, reject, shape).judge(typed, lexicon)
}

/// Expected answers with their forms worked out once, to judge many typed
/// texts against (each run of words in a sentence, each option of a card).
pub struct Expected<'a> {
    answers: &'a [String],
    /// Each answer's numbers, and those outside a closing remark.
    numbers: Vec<(Vec<&'a str>, Vec<&'a str>)>,
    forms: Vec<Vec<String>>,
    rejected: Vec<Vec<String>>,
    shape: WordShape,
}

impl<'a> Expected<'a> {
    /// The answers (normalised) and near-misses of `shape`.
    pub fn new(answers: &'a [String], reject: &[String], shape: WordShape) -> Expected<'a> {
        let numbers = answers
            .iter()
            .map(|answer| {
                let wanted = digit_runs(answer);
                let outside_remark = match answer.rfind(" (") {
                    Some(open) if answer.ends_with(')') => digit_runs(&answer[..open]),
                    _ => wanted.clone(),
                };
                (wanted, outside_remark)
            })
            .collect();
        Expected {
            answers,
            numbers,
            forms: answers.iter().map(|answer| forms(answer, shape)).collect(),
            rejected: reject.iter().map(|near_miss| forms(near_miss, shape)).collect(),
            shape,
        }
    }

    /// The verdict on `typed` (normalised).
    pub fn judge(&self, typed: &str, lexicon: &Lexicon) -> Judged {
        if typed.is_empty() {
            return Judged::Wrong;
        }
        let shape = self.shape;
        let typed_forms = forms_on(typed, shape, Side::Typed);
        let named = |forms: &[String], candidates: &[String]| {
            forms.iter().any(|form| candidates.iter().any(|candidate| same(form, candidate, shape)))
        };
        if self.rejected.iter().any(|near_miss| named(&typed_forms, near_miss)) {
            return Judged::Wrong;
        }
        // Numbers are never forms: when the expected answer has any, the typed
        // one must have the same (`Python 2` is not `Python 3`). Numbers in a
        // closing remark (`deferredGenerator (Twisted 2.0)`) may be left out
        // with the remark, but not changed.
        let given = digit_runs(typed);
        let numbers_agree = |index: usize| {
            let (wanted, outside_remark) = &self.numbers[index];
            wanted.is_empty() || given == *wanted || given == *outside_remark
        };
        if let Some(index) =
            (0..self.answers.len()).find(|index| numbers_agree(*index) && named(&typed_forms, &self.forms[*index]))
        {
            return Judged::Right(index);
        }
        // Typos: compared on the plainest forms only (the answer itself and its
        // most reduced form), which bounds the work.
        fn plainest(forms: &[String]) -> Vec<&str> {
            let mut chosen = vec![forms[0].as_str()];
            if let Some(last) = forms.last().filter(|last| **last != forms[0]) {
                chosen.push(last);
            }
            chosen
        }
        let typed_plain = plainest(&typed_forms);
        let mut best: Option<(usize, usize)> = None;
        for (index, candidates) in self.forms.iter().enumerate().filter(|(index, _)| numbers_agree(*index)) {
            for candidate in plainest(candidates) {
                for form in &typed_plain {
                    let Some(distance) = typo_distance(form, candidate, shape, lexicon) else { continue };
                    if best.is_none_or(|(smallest, _)| distance < smallest) {
                        best = Some((distance, index));
                    }
                }
            }
        }
        match best {
            Some((_, index)) => Judged::Typo(index),
            None => Judged::Wrong,
        }
    }
}

/// How many edits `typed` is from `expected` if that is a forgivable typo.
fn typo_distance(typed: &str, expected: &str, shape: WordShape, lexicon: &Lexicon) -> Option<usize> {
    if digit_runs(typed) != digit_runs(expected) || lexicon.knows(typed) || is_keyword(typed) {
        return None;
    }
    let (typed_units, expected_units) = (jamo(typed), jamo(expected));
    let allowance = match expected_units.chars().count() {
        length if length >= 18 => 3,
        length if length >= 10 => 2,
        length if length >= 5 => 1,
        _ => 0,
    };
    if allowance == 0 {
        return None;
    }
    let distance = bounded_distance(&typed_units, &expected_units, allowance)?;
    if shape == WordShape::Identifier && !same_identifier_skeleton(typed, expected, lexicon) {
        return None;
    }
    Some(distance)
}

/// An identifier's typo keeps its separators (`data_received` is another
/// identifier than `datareceived`), and each changed token must not be a
/// keyword, a known term, or the singular or plural of the expected token.
fn same_identifier_skeleton(typed: &str, expected: &str, lexicon: &Lexicon) -> bool {
    let separators = |text: &str| text.chars().filter(|character| !character.is_alphanumeric()).collect::<String>();
    if separators(typed) != separators(expected) {
        return false;
    }
    let tokens =
        |text: &str| text.split(|character: char| !character.is_alphanumeric()).map(str::to_string).collect::<Vec<_>>();
    tokens(typed).iter().zip(tokens(expected).iter()).all(|(typed_token, expected_token)| {
        typed_token == expected_token
            || !(is_keyword(typed_token)
                || lexicon.knows(typed_token)
                || typed_token.strip_suffix('s') == Some(expected_token.as_str())
                || expected_token.strip_suffix('s') == Some(typed_token.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn judged(typed: &str, expected: &[&str], shape: WordShape) -> Judged {
        let expected: Vec<String> = expected.iter().map(|answer| normalize(answer)).collect();
        let lexicon = Lexicon::from_terms(["libev", "libuv", "libevent", "deferredgenerator", "data_received"]);
        judge(&normalize(typed), &expected, &[], shape, &lexicon)
    }

    #[test]
    fn names_with_articles_classifiers_particles_and_number() {
        for typed in [
            "asyncore",
            "the asyncore module",
            "asyncore module",
            "asyncore 라이브러리",
            "asyncore 모듈",
            "asyncore.py",
            "asyncore입니다",
            "asyncore요",
            "`asyncore`",
        ] {
            assert_eq!(judged(typed, &["asyncore"], WordShape::Name), Judged::Right(0), "{typed}");
        }
        for typed in ["Tulip project", "the Tulip project", "project Tulip", "Tulip 프로젝트", "Tulip이요"] {
            assert_eq!(judged(typed, &["Tulip"], WordShape::Name), Judged::Right(0), "{typed}");
        }
        assert_eq!(judged("greenlet", &["greenlets"], WordShape::Name), Judged::Right(0));
        assert_eq!(judged("Twisted 프레임워크", &["Twisted"], WordShape::Name), Judged::Right(0));
        assert_eq!(
            judged("eventlet 0.8.11", &["eventlet"], WordShape::Name),
            Judged::Right(0),
            "the version it was at"
        );
        assert_eq!(judged("Python 2", &["Python 3"], WordShape::Name), Judged::Wrong, "numbers are never dropped");
        assert_eq!(judged("node", &["Node.js"], WordShape::Name), Judged::Right(0));
    }

    #[test]
    fn lead_ins_object_verbs_and_initials_frame_a_name() {
        for typed in
            ["it's asyncore", "It was asyncore", "the answer is asyncore", "정답은 asyncore 모듈", "I think asyncore"]
        {
            assert_eq!(judged(typed, &["asyncore"], WordShape::Name), Judged::Right(0), "{typed}");
        }
        assert_eq!(judged("it was called Tulip", &["Tulip"], WordShape::Name), Judged::Right(0));
        assert_eq!(judged("libevent를 썼어요", &["libevent"], WordShape::Name), Judged::Right(0));
        assert_eq!(judged("Phillip Eby", &["Phillip J. Eby"], WordShape::Name), Judged::Right(0));
        assert_eq!(judged("proactor pattern", &["proactor"], WordShape::Name), Judged::Right(0));
        // A lead-in never excuses a different name.
        assert_eq!(judged("it's libev", &["libevent"], WordShape::Name), Judged::Wrong);
        assert_eq!(judged("it's not asyncore", &["asyncore"], WordShape::Name), Judged::Wrong);
        assert_eq!(judged("libev를 썼어요", &["libevent"], WordShape::Name), Judged::Wrong);
    }

    #[test]
    fn identifiers_qualified_decorated_and_called() {
        for typed in [
            "inlineCallbacks",
            "@inlineCallbacks",
            "defer.inlineCallbacks",
            "twisted.internet.defer.inlineCallbacks",
            "inlineCallbacks()",
        ] {
            assert_eq!(judged(typed, &["inlineCallbacks"], WordShape::Identifier), Judged::Right(0), "{typed}");
        }
        assert_eq!(judged("asyncio.run", &["run"], WordShape::Identifier), Judged::Right(0));
        assert_eq!(judged("run()", &["run"], WordShape::Identifier), Judged::Right(0));
        assert_eq!(
            judged("run()", &["reactor.run()"], WordShape::Identifier),
            Judged::Wrong,
            "less qualified is not enough"
        );
    }

    #[test]
    fn typos_count_jamo_and_never_land_on_something_else() {
        assert_eq!(judged("Sam Rushng", &["Sam Rushing"], WordShape::Name), Judged::Typo(0));
        assert_eq!(judged("파이선", &["파이썬"], WordShape::Name), Judged::Typo(0));
        assert_eq!(judged("샘 러씽", &["샘 러싱"], WordShape::Name), Judged::Typo(0));
        assert_eq!(judged("libevent", &["libev"], WordShape::Name), Judged::Wrong, "another known term");
        assert_eq!(judged("libuv", &["libev"], WordShape::Name), Judged::Wrong);
        assert_eq!(
            judged("data_received", &["dataReceived"], WordShape::Identifier),
            Judged::Wrong,
            "another identifier"
        );
        assert_eq!(judged("yield for", &["yield from"], WordShape::Identifier), Judged::Wrong, "a keyword");
        assert_eq!(judged("yeild from", &["yield from"], WordShape::Identifier), Judged::Typo(0));
        assert_eq!(
            judged("generator", &["generators"], WordShape::Identifier),
            Judged::Wrong,
            "singular of a code token"
        );
        assert_eq!(judged("inlineCallbaks", &["inlineCallbacks"], WordShape::Identifier), Judged::Typo(0));
    }

    #[test]
    fn labels_and_remarks_around_text() {
        let title = ["Coroutines via Enhanced Generators"];
        for typed in [
            "coroutines via enhanced generators",
            "PEP 342: Coroutines via Enhanced Generators",
            "Coroutines via Enhanced Generators (PEP 342)",
        ] {
            assert_eq!(judged(typed, &title, WordShape::Text), Judged::Right(0), "{typed}");
        }
        assert_eq!(judged("Coroutines via Enhanced Generator", &title, WordShape::Text), Judged::Typo(0));
        assert_eq!(judged("Generators via Enhanced Coroutines", &title, WordShape::Text), Judged::Wrong);
    }

    #[test]
    fn hostile_input_stays_bounded() {
        let long = format!("the {} module입니다 (x)", "a".repeat(20_000));
        assert_eq!(judged(&long, &["asyncore"], WordShape::Name), Judged::Wrong);
        assert!(forms(&long, WordShape::Name).len() <= MOST_FORMS);
    }
}
