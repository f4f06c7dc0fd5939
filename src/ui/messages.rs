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

    /// The multi-select hint.
    pub fn multi_hint(self) -> &'static str {
        self.pick("Space selects, Enter confirms.", "Space로 고르고 Enter로 확정합니다.")
    }

    /// The order hint.
    pub fn order_hint(self) -> &'static str {
        self.pick(
            "Space picks an item up and drops it, arrows move it, Enter confirms.",
            "Space로 항목을 집고 놓으며, 화살표로 옮기고, Enter로 확정합니다.",
        )
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
    pub fn suspended(self) -> &'static str {
        self.pick(
            "Card suspended: it will not be shown until `quiz unsuspend`.",
            "카드를 보류했습니다. `quiz unsuspend` 전에는 나오지 않습니다.",
        )
    }

    /// The notice after `b`.
    pub fn buried(self) -> &'static str {
        self.pick("Card buried until tomorrow.", "카드를 내일까지 미뤘습니다.")
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

    /// The keys of a timed question.
    pub fn timed_keys(self) -> &'static str {
        self.pick("Enter submits, Esc quits", "Enter: 제출, Esc: 끝내기")
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

    // Timed exams (src/ui/timed.rs).

    /// The keys of a timed question: how to answer and how to end the exam.
    pub fn timed_quit_keys(self) -> &'static str {
        self.pick(
            "Enter submits; Esc, Ctrl-C or q alone ends the exam",
            "Enter: 제출, Esc·Ctrl-C·q만 입력: 시험 끝내기",
        )
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
    }
}
