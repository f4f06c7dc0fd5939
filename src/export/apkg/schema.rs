//! The legacy Anki collection (schema 11) that every Anki version imports:
//! its tables, and the JSON its `col` row keeps note types and decks in.
//! Written from the format's public description; the column names are the
//! contract.

use serde_json::{json, Value};

/// The tables and indexes of a schema-11 collection.
pub const TABLES: &str = "
CREATE TABLE col (
    id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
    ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
    conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL
);
CREATE TABLE notes (
    id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
    usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
    csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
    id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
    mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
    due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
    lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
    flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
    id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
    ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
    type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// The note types quiz writes; fixed ids, so a package imported again
/// updates the same note types instead of adding copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteType {
    /// Front, back, explanation: flashcards, and what Anki cannot grade.
    Basic,
    /// A typed answer, compared by Anki.
    TypeIn,
    /// Cloze text: every gap is cloze 1, so the card shows them all at once.
    Cloze,
}

impl NoteType {
    /// Every note type, in id order.
    pub const ALL: [NoteType; 3] = [NoteType::Basic, NoteType::TypeIn, NoteType::Cloze];

    /// Its id in the collection.
    pub fn id(self) -> i64 {
        match self {
            NoteType::Basic => 1_704_067_200_001,
            NoteType::TypeIn => 1_704_067_200_002,
            NoteType::Cloze => 1_704_067_200_003,
        }
    }

    fn name(self) -> &'static str {
        match self {
            NoteType::Basic => "quiz: Basic",
            NoteType::TypeIn => "quiz: Type in the answer",
            NoteType::Cloze => "quiz: Cloze",
        }
    }

    /// Its fields, in order.
    pub fn fields(self) -> [&'static str; 3] {
        match self {
            NoteType::Basic | NoteType::TypeIn => ["Front", "Back", "Explanation"],
            NoteType::Cloze => ["Text", "Extra", "Explanation"],
        }
    }

    /// The template's question and answer sides.
    fn template(self) -> (&'static str, &'static str) {
        match self {
            NoteType::Basic => ("{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"),
            NoteType::TypeIn => ("{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"),
            NoteType::Cloze => ("{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Extra}}"),
        }
    }

    /// The note type as schema 11's JSON.
    fn json(self, deck_id: i64, now_secs: i64) -> Value {
        let (front, back) = self.template();
        let explanation = "{{#Explanation}}<br><br><i>{{Explanation}}</i>{{/Explanation}}";
        let fields: Vec<Value> = self
            .fields()
            .iter()
            .enumerate()
            .map(|(ord, name)| {
                json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": []})
            })
            .collect();
        let cloze = matches!(self, NoteType::Cloze);
        json!({
            "id": self.id(),
            "name": self.name(),
            "type": if cloze { 1 } else { 0 },
            "mod": now_secs,
            "usn": -1,
            "sortf": 0,
            "did": deck_id,
            "tmpls": [{
                "name": if cloze { "Cloze" } else { "Card 1" },
                "ord": 0,
                "qfmt": front,
                "afmt": format!("{back}{explanation}"),
                "bqfmt": "",
                "bafmt": "",
                "did": null,
                "bfont": "",
                "bsize": 0
            }],
            "flds": fields,
            "css": ".card { font-family: sans-serif; font-size: 20px; text-align: center; }",
            "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
            "latexPost": "\\end{document}",
            "latexsvg": false,
            "req": [[0, "any", [0]]],
            "tags": [],
            "vers": []
        })
    }
}

/// A deck as schema 11's JSON.
fn deck_json(id: i64, name: &str, description: &str, now_secs: i64) -> Value {
    json!({
        "id": id,
        "name": name,
        "desc": description,
        "mod": now_secs,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": false,
        "browserCollapsed": false,
        "dyn": 0,
        "conf": 1,
        "extendNew": 0,
        "extendRev": 0
    })
}

/// The default deck options, as schema 11's JSON.
fn deck_config_json(now_secs: i64) -> Value {
    json!({
        "id": 1,
        "name": "Default",
        "mod": now_secs,
        "usn": -1,
        "maxTaken": 60,
        "autoplay": true,
        "timer": 0,
        "replayq": true,
        "dyn": false,
        "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20},
        "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}
    })
}

/// What the one row of the `col` table says beyond its dates.
pub struct ColRow {
    /// Now, in milliseconds.
    pub now_ms: i64,
    /// The deck's id in the collection.
    pub deck_id: i64,
    /// The deck's name in Anki.
    pub deck_name: String,
    /// The deck's description.
    pub description: String,
}

impl ColRow {
    /// `conf`, `models`, `decks`, `dconf` and `tags` as JSON text.
    pub fn json(&self) -> [String; 5] {
        let now_secs = self.now_ms / 1000;
        let conf = json!({
            "activeDecks": [self.deck_id],
            "curDeck": self.deck_id,
            "newSpread": 0,
            "collapseTime": 1200,
            "timeLim": 0,
            "estTimes": true,
            "dueCounts": true,
            "curModel": NoteType::Basic.id(),
            "nextPos": 1,
            "sortType": "noteFld",
            "sortBackwards": false,
            "addToCur": true,
            "schedVer": 2
        });
        let models: serde_json::Map<String, Value> = NoteType::ALL
            .iter()
            .map(|note_type| (note_type.id().to_string(), note_type.json(self.deck_id, now_secs)))
            .collect();
        let decks = json!({
            "1": deck_json(1, "Default", "", now_secs),
            self.deck_id.to_string(): deck_json(self.deck_id, &self.deck_name, &self.description, now_secs),
        });
        let dconf = json!({ "1": deck_config_json(now_secs) });
        [conf.to_string(), Value::Object(models).to_string(), decks.to_string(), dconf.to_string(), "{}".to_string()]
    }
}
