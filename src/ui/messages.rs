//! The words of the interactive session, in English and Korean. The session's
//! language follows the cards' (`--lang`, else the locale); reports meant for
//! scripts and CI stay English.

/// The language of the session's own words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    English,
    /// Korean.
    Korean,
}

impl Lang {
    /// The language for a card language code (`ko` → Korean, anything else English).
    pub fn for_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("ko") {
            Lang::Korean
        } else {
            Lang::English
        }
    }

    fn pick(self, english: &'static str, korean: &'static str) -> &'static str {
        match self {
            Lang::English => english,
            Lang::Korean => korean,
        }
    }

    /// "due" in the header.
    pub fn due(self) -> &'static str {
        self.pick("due", "복습")
    }

    /// "new" in the header.
    pub fn new_cards(self) -> &'static str {
        self.pick("new", "새 카드")
    }

    /// The mark of a new card in the header.
    pub fn new_mark(self) -> &'static str {
        self.pick("NEW", "처음")
    }

    /// Above a card edited since its last review.
    pub fn changed(self) -> &'static str {
        self.pick("! This card changed since you last reviewed it.", "! 지난 복습 뒤에 이 카드의 내용이 바뀌었습니다.")
    }

    /// Told when the notes a card cites changed since its last review.
    pub fn notes_changed(self) -> &'static str {
        self.pick(
            "! The notes for this card changed since you last reviewed it (r shows them).",
            "! 지난 복습 뒤에 이 카드의 노트가 바뀌었습니다 (r로 볼 수 있습니다).",
        )
    }

    /// A right answer.
    pub fn correct(self) -> &'static str {
        self.pick("✓ Correct", "✓ 정답")
    }

    /// A right answer with a typo, before the right spelling.
    pub fn typo(self) -> &'static str {
        self.pick("≈ Accepted with a typo — the spelling is", "≈ 오타가 있지만 정답으로 인정 — 바른 표기:")
    }

    /// A wrong answer.
    pub fn incorrect(self) -> &'static str {
        self.pick("✗ Incorrect", "✗ 오답")
    }

    /// Before what the learner gave.
    pub fn you_gave(self) -> &'static str {
        self.pick("you gave:", "입력한 답:")
    }

    /// Before the right answer.
    pub fn answer(self) -> &'static str {
        self.pick("Answer:", "정답:")
    }

    /// Before the notes section.
    pub fn source(self) -> &'static str {
        self.pick("Source:", "출처:")
    }

    /// The four ratings.
    pub fn ratings(self) -> [&'static str; 4] {
        match self {
            Lang::English => ["Again", "Hard", "Good", "Easy"],
            Lang::Korean => ["다시", "어려움", "보통", "쉬움"],
        }
    }

    /// The other keys of the rating step: (undo, suspend, bury, quit).
    pub fn rating_keys(self) -> [&'static str; 4] {
        match self {
            Lang::English => ["u undo", "s suspend", "b bury", "q quit"],
            Lang::Korean => ["u 되돌리기", "s 보류", "b 내일로", "q 끝내기"],
        }
    }

    /// The flashcard hint.
    pub fn reveal(self) -> &'static str {
        self.pick("Press Enter to reveal the answer (q to quit).", "Enter를 누르면 답이 보입니다 (q: 끝내기).")
    }

    /// The label of a typed answer.
    pub fn answer_label(self) -> &'static str {
        self.pick("Answer", "답")
    }

    /// The label of a cloze gap.
    pub fn gap_label(self) -> &'static str {
        self.pick("Gap", "빈칸")
    }

    /// The two items of a true/false question.
    pub fn true_false(self) -> [&'static str; 2] {
        match self {
            Lang::English => ["True", "False"],
            Lang::Korean => ["참", "거짓"],
        }
    }

    /// The notice after `u`.
    pub fn taken_back(self) -> &'static str {
        self.pick("Answer taken back; the card comes again.", "답을 되돌렸습니다. 카드를 다시 묻습니다.")
    }

    /// The notice after `s`.
    pub fn suspended(self, card: &str) -> String {
        match self {
            Lang::English => {
                format!(
                    "Card `{card}` suspended: it is not shown until `quiz unsuspend --card {card}` (with this --deck)."
                )
            }
            Lang::Korean => {
                format!("`{card}` 카드를 보류했습니다. 같은 --deck으로 `quiz unsuspend --card {card}` 하기 전에는 나오지 않습니다.")
            }
        }
    }

    /// A card that just became a leech.
    pub fn leech(self, card: &str, lapses: u32, suspended: bool) -> String {
        match (self, suspended) {
            (Lang::English, true) => format!(
                "Card `{card}` is a leech: forgotten {lapses} times. It is suspended; reword it or split it, then `quiz unsuspend --card {card}`."
            ),
            (Lang::English, false) => format!(
                "Card `{card}` is a leech: forgotten {lapses} times. Consider rewording it or splitting it."
            ),
            (Lang::Korean, true) => format!(
                "`{card}` 카드를 {lapses}번 잊었습니다(리치). 보류했습니다. 고쳐 쓰거나 나눈 뒤 `quiz unsuspend --card {card}` 하세요."
            ),
            (Lang::Korean, false) => {
                format!("`{card}` 카드를 {lapses}번 잊었습니다(리치). 고쳐 쓰거나 나누어 보세요.")
            }
        }
    }

    /// The notice after `b`.
    pub fn buried(self, card: &str) -> String {
        match self {
            Lang::English => format!("Card `{card}` buried until tomorrow."),
            Lang::Korean => format!("`{card}` 카드를 내일까지 미뤘습니다."),
        }
    }

    /// The notice when the session ends at the rating step.
    pub fn kept_default(self, rating: &str) -> String {
        match self {
            Lang::English => format!("Recorded as {rating} (the default rating); the session ends."),
            Lang::Korean => format!("기본 평가인 '{rating}'(으)로 기록하고 학습을 끝냅니다."),
        }
    }

    /// The header mark of a learning card shown before it is due.
    pub fn early_mark(self) -> &'static str {
        self.pick("early (nothing else is due)", "미리 보기 (지금 복습할 카드 없음)")
    }

    /// In place of an empty answer.
    pub fn no_answer(self) -> &'static str {
        self.pick("(nothing)", "(입력 없음)")
    }

    /// Above the cards missed in a session.
    pub fn missed(self) -> &'static str {
        self.pick("Missed:", "틀린 카드:")
    }

    /// A span as the rating line and summary show it: `10m`, `3d` / `10분`, `3일`.
    pub fn duration(self, span: chrono::Duration) -> String {
        let short = crate::clock::short_duration(span);
        match self {
            Lang::English => short,
            Lang::Korean => {
                let split = short.find(|character: char| character.is_ascii_alphabetic()).unwrap_or(short.len());
                let (number, unit) = short.split_at(split);
                let unit = match unit {
                    "m" => "분",
                    "h" => "시간",
                    "d" => "일",
                    "mo" => "개월",
                    "y" => "년",
                    other => other,
                };
                format!("{number}{unit}")
            }
        }
    }

    /// A moment in the local time zone: `today 14:05`, `tomorrow 09:00`, or the date.
    pub fn local_time(self, at: crate::clock::Timestamp, now: crate::clock::Timestamp) -> String {
        let local = at.0.with_timezone(&chrono::Local);
        let clock = local.format("%H:%M");
        let days = (at.local_day() - now.local_day()).num_days();
        match (self, days) {
            (Lang::English, 0) => format!("today {clock}"),
            (Lang::English, 1) => format!("tomorrow {clock}"),
            (Lang::Korean, 0) => format!("오늘 {clock}"),
            (Lang::Korean, 1) => format!("내일 {clock}"),
            (_, _) => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// "Enter keeps Good" in the rating help.
    pub fn enter_keeps(self, rating: &str) -> String {
        match self {
            Lang::English => format!("⏎ keeps {rating}"),
            Lang::Korean => format!("⏎ '{rating}' 그대로"),
        }
    }

    /// The number keys in the rating help.
    pub fn number_rates(self) -> &'static str {
        self.pick("1–4 rate", "1–4 평가")
    }

    /// The `r` key in the rating help.
    pub fn read_source(self) -> &'static str {
        self.pick("r read the notes", "r 출처 읽기")
    }

    /// The `?` key in the rating help.
    pub fn help_key(self) -> &'static str {
        self.pick("? keys", "? 도움말")
    }

    /// When the notes section a card cites cannot be shown.
    pub fn no_source(self) -> &'static str {
        self.pick("The notes for this card cannot be read.", "이 카드의 출처 문서를 읽을 수 없습니다.")
    }

    /// "Studied N card(s): C correct (P%) in Mm SSs."
    pub fn studied(self, answered: usize, correct: usize, share: f64, minutes: i64, seconds: i64) -> String {
        match self {
            Lang::English => {
                format!("Studied {answered} card(s): {correct} correct ({share:.0}%) in {minutes}m {seconds:02}s.")
            }
            Lang::Korean => {
                format!("{answered}장 학습: {correct}장 정답 ({share:.0}%), {minutes}분 {seconds:02}초.")
            }
        }
    }

    /// When nothing was answered.
    pub fn nothing_studied(self) -> &'static str {
        self.pick("No cards studied.", "학습한 카드가 없습니다.")
    }

    /// Before the ids of lapsed cards.
    pub fn lapsed(self) -> &'static str {
        self.pick("Lapsed:", "잊어버린 카드:")
    }

    /// "N card(s) are still due now."
    pub fn still_due(self, count: usize) -> String {
        match self {
            Lang::English => format!("{count} card(s) are still due now."),
            Lang::Korean => format!("아직 복습할 카드가 {count}장 있습니다."),
        }
    }

    /// "Next card due in 3d (time)."
    pub fn next_due(self, relative: &str, at: &str) -> String {
        match self {
            Lang::English => format!("Next card due in {relative} ({at})."),
            Lang::Korean => format!("다음 복습: {relative} 뒤 ({at})."),
        }
    }

    /// When no review is scheduled.
    pub fn none_scheduled(self) -> &'static str {
        self.pick("No reviews scheduled yet.", "아직 예정된 복습이 없습니다.")
    }

    /// "New cards left today: N (unseen in the deck: M)."
    pub fn new_left(self, today: usize, unseen: usize) -> String {
        match self {
            Lang::English => format!("New cards left today: {today} (unseen in the deck: {unseen})."),
            Lang::Korean => format!("오늘 남은 새 카드: {today}장 (덱에서 아직 안 본 카드: {unseen}장)."),
        }
    }

    /// Why typed input is asked for again, and what to type instead:
    /// `Cannot read that: type a number.`
    pub fn retry(self, form: &crate::session::Form, unread: crate::grade::Unread) -> String {
        let hint = match (self, unread) {
            (Lang::English, crate::grade::Unread::NotANumber) => "type a number, e.g. 3.4",
            (Lang::Korean, crate::grade::Unread::NotANumber) => "숫자를 입력하세요 (예: 3.4)",
            (_, crate::grade::Unread::NoOption | crate::grade::Unread::Shape(_)) => self.timed_hint(form),
        };
        format!("{} {hint}.", self.cannot_read())
    }

    /// The hint under a timed question, by form: (what to type, the keys).
    pub fn timed_hint(self, form: &crate::session::Form) -> &'static str {
        use crate::session::Form;
        match (self, form) {
            (Lang::English, Form::Choice { .. }) => "type a letter",
            (Lang::English, Form::Multi { .. }) => "type every right letter, e.g. a c",
            (Lang::English, Form::Order { .. }) => "type the numbers in the right order, e.g. 3 1 2",
            (Lang::English, Form::TrueFalse) => "type t or f",
            (Lang::English, Form::Flashcard { .. }) => "type your answer in a few words",
            (Lang::English, Form::Text) => "type your answer",
            (Lang::English, Form::Cloze { .. }) => "fill each gap in turn",
            (Lang::Korean, Form::Choice { .. }) => "글자 하나를 입력하세요",
            (Lang::Korean, Form::Multi { .. }) => "맞는 글자를 모두 입력하세요 (예: a c)",
            (Lang::Korean, Form::Order { .. }) => "번호를 올바른 순서로 입력하세요 (예: 3 1 2)",
            (Lang::Korean, Form::TrueFalse) => "t(참) 또는 f(거짓)를 입력하세요",
            (Lang::Korean, Form::Flashcard { .. }) => "답을 짧게 입력하세요",
            (Lang::Korean, Form::Text) => "답을 입력하세요",
            (Lang::Korean, Form::Cloze { .. }) => "빈칸을 차례로 채우세요",
        }
    }

    /// "left" in the countdown.
    pub fn left(self) -> &'static str {
        self.pick("left", "남음")
    }

    /// When a question's time runs out.
    pub fn time_is_up(self) -> &'static str {
        self.pick("time is up", "시간이 다 되었습니다")
    }

    /// When a typed answer cannot be read.
    pub fn cannot_read(self) -> &'static str {
        self.pick("Cannot read that:", "알아볼 수 없는 입력입니다:")
    }

    /// When a session finds nothing to ask.
    pub fn nothing_to_study(self, deck: &str) -> String {
        match self {
            Lang::English => format!("Nothing to study in `{deck}` right now."),
            Lang::Korean => format!("지금 `{deck}`에서 학습할 카드가 없습니다."),
        }
    }

    // Lists and typed input (src/ui/list.rs, src/ui/line.rs).

    /// The keys under a list of `count` items: `q` quits only when it names no item.
    pub fn list_hint(self, mode: crate::ui::list::Mode, count: usize, q_quits: bool) -> String {
        use crate::ui::list::Mode;
        let letters = match count {
            0 | 1 => "a".to_string(),
            2..=26 => format!("a–{}", crate::text::letter(count - 1)),
            _ => "a–z".to_string(),
        };
        let quit = match (self, q_quits) {
            (Lang::English, true) => "q quits",
            (Lang::English, false) => "Esc quits",
            (Lang::Korean, true) => "q: 끝내기",
            (Lang::Korean, false) => "Esc: 끝내기",
        };
        match (self, mode) {
            (Lang::English, Mode::Choice) => format!("Press {letters}, or ↑↓ and Enter. {quit}."),
            (Lang::English, Mode::TrueFalse) => format!("Press a/t or b/f, or ↑↓ and Enter. {quit}."),
            (Lang::English, Mode::Multi) => format!("{letters} or Space ticks; Enter confirms. {quit}."),
            (Lang::English, Mode::Order) => {
                format!("Space picks up/drops (⇅), ↑↓ move; Enter confirms. {quit}.")
            }
            (Lang::Korean, Mode::Choice) => format!("{letters}를 누르거나 ↑↓와 Enter로 고릅니다. {quit}"),
            (Lang::Korean, Mode::TrueFalse) => format!("a/t(참), b/f(거짓) 또는 ↑↓와 Enter. {quit}"),
            (Lang::Korean, Mode::Multi) => format!("{letters}나 Space로 고르고 Enter로 확정합니다. {quit}"),
            (Lang::Korean, Mode::Order) => {
                format!("Space로 집고 놓으며(⇅), ↑↓로 옮기고, Enter로 확정합니다. {quit}")
            }
        }
    }

    /// "↑ N more": items above the part of a list shown.
    pub fn more_above(self, count: usize) -> String {
        match self {
            Lang::English => format!("↑ {count} more"),
            Lang::Korean => format!("↑ {count}개 더"),
        }
    }

    /// "↓ N more": items below the part of a list shown.
    pub fn more_below(self, count: usize) -> String {
        match self {
            Lang::English => format!("↓ {count} more"),
            Lang::Korean => format!("↓ {count}개 더"),
        }
    }

    /// A multi answered with nothing ticked.
    pub fn none_ticked(self) -> &'static str {
        self.pick("(none)", "(없음)")
    }

    // Timed exams (src/ui/timed.rs).

    /// The keys of a timed question: how to answer and how to end the exam
    /// (`q_quits`: whether a lone `q` ends it, which it does not when `q` names a choice).
    pub fn timed_quit_keys(self, q_quits: bool) -> &'static str {
        match (self, q_quits) {
            (Lang::English, true) => "Enter submits; Esc, Ctrl-C or q alone ends the exam",
            (Lang::English, false) => "Enter submits; Esc or Ctrl-C ends the exam",
            (Lang::Korean, true) => "Enter: 제출, Esc·Ctrl-C·q만 입력: 시험 끝내기",
            (Lang::Korean, false) => "Enter: 제출, Esc·Ctrl-C: 시험 끝내기",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_follows_the_card_language() {
        assert_eq!(Lang::for_code("ko"), Lang::Korean);
        assert_eq!(Lang::for_code("en"), Lang::English);
        assert_eq!(Lang::for_code("fr"), Lang::English);
        assert_eq!(Lang::Korean.ratings()[0], "다시");
        assert_eq!(Lang::English.studied(2, 1, 50.0, 1, 5), "Studied 2 card(s): 1 correct (50%) in 1m 05s.");
        assert_eq!(Lang::Korean.studied(2, 1, 50.0, 1, 5), "2장 학습: 1장 정답 (50%), 1분 05초.");
        assert!(!Lang::English.timed_quit_keys(false).contains(" q "), "no q when q names a choice");
        assert!(Lang::English.timed_quit_keys(true).contains("q alone"));
        assert_eq!(Lang::Korean.duration(chrono::Duration::minutes(10)), "10분");
        assert_eq!(Lang::Korean.duration(chrono::Duration::days(3)), "3일");
    }
}
