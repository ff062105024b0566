//! The JSON text of a page document. In: a [`PageDoc`]; out: its JSON, pretty (the file
//! of a page) or on one line (JSON Lines).
//!
//! The bytes are those serde_json writes for the document's `Serialize` derive, which
//! stays the definition of the format (a test holds the two equal). Written here
//! directly, a mention costs a few hundred instructions instead of serde's several
//! thousand (each key escaped, the kind's fields flattened through a map), and the
//! page's text is escaped sixteen bytes at a time.

use super::{ArticleOut, MentionOut, PageDoc};
use crate::model::{Author, Dateline, Detail};

/// The document as JSON: indented by two spaces like `serde_json::to_string_pretty`, or
/// on one line like `serde_json::to_string`.
pub fn to_json(doc: &PageDoc, pretty: bool) -> String {
    let mut w = Writer { out: String::with_capacity(doc.text.len() * 2 + doc.mentions.len() * 256), pretty, depth: 0 };
    w.document(doc);
    w.out
}

struct Writer {
    out: String,
    pretty: bool,
    /// How deep the writer is in objects and arrays.
    depth: usize,
}

impl Writer {
    fn document(&mut self, doc: &PageDoc) {
        let mut o = self.open('{');
        self.key(&mut o, "id");
        self.str(&doc.id);
        self.key(&mut o, "source");
        self.str(&doc.source);
        self.key(&mut o, "base_date");
        self.opt_str(doc.base_date.as_deref());
        self.key(&mut o, "text");
        self.str(&doc.text);
        self.key(&mut o, "articles");
        let mut a = self.open('[');
        for art in &doc.articles {
            self.item(&mut a);
            self.article(art);
        }
        self.close(a, ']');
        self.key(&mut o, "mentions");
        let mut m = self.open('[');
        for mention in &doc.mentions {
            self.item(&mut m);
            self.mention(mention);
        }
        self.close(m, ']');
        self.close(o, '}');
    }

    fn article(&mut self, a: &ArticleOut) {
        let mut o = self.open('{');
        self.key(&mut o, "index");
        self.uint(a.index);
        self.key(&mut o, "start");
        self.uint(a.start);
        self.key(&mut o, "end");
        self.uint(a.end);
        self.key(&mut o, "title");
        self.opt_str(a.title.as_deref());
        self.key(&mut o, "subtitle");
        self.opt_str(a.subtitle.as_deref());
        self.key(&mut o, "authors");
        let mut list = self.open('[');
        for author in &a.authors {
            self.item(&mut list);
            self.author(author);
        }
        self.close(list, ']');
        self.key(&mut o, "dateline");
        match &a.dateline {
            Some(d) => self.dateline(d),
            None => self.out.push_str("null"),
        }
        self.key(&mut o, "continued_on");
        self.opt_str(a.continued_on.as_deref());
        self.key(&mut o, "continued_from");
        self.opt_str(a.continued_from.as_deref());
        self.close(o, '}');
    }

    fn author(&mut self, a: &Author) {
        let mut o = self.open('{');
        self.key(&mut o, "name");
        self.str(&a.name);
        self.key(&mut o, "role");
        self.opt_str(a.role.as_deref());
        self.close(o, '}');
    }

    fn dateline(&mut self, d: &Dateline) {
        let mut o = self.open('{');
        self.key(&mut o, "place");
        self.opt_str(d.place.as_deref());
        self.key(&mut o, "date");
        self.opt_str(d.date.as_deref());
        self.close(o, '}');
    }

    fn mention(&mut self, m: &MentionOut) {
        let mut o = self.open('{');
        self.key(&mut o, "kind");
        self.str(m.kind.as_str());
        self.key(&mut o, "text");
        self.str(&m.text);
        self.key(&mut o, "start");
        self.uint(m.start);
        self.key(&mut o, "end");
        self.uint(m.end);
        self.key(&mut o, "article");
        self.uint(m.article);
        self.key(&mut o, "sentence");
        self.uint(m.sentence);
        // The kind's fields, in the order of their declaration (serde's flatten).
        match &m.detail {
            Detail::Person { roles } => {
                self.key(&mut o, "roles");
                let mut list = self.open('[');
                for r in roles {
                    self.item(&mut list);
                    self.str(r);
                }
                self.close(list, ']');
            }
            Detail::Place { level } => {
                self.key(&mut o, "level");
                self.opt_str(level.as_deref());
            }
            Detail::Organization {} => {}
            Detail::Date { value } => {
                self.key(&mut o, "value");
                self.opt_str(value.as_deref());
            }
            Detail::Figure { number, number_max, unit, qualifier, si_value, si_unit, subject } => {
                self.key(&mut o, "number");
                self.float(*number);
                self.key(&mut o, "number_max");
                self.opt_float(*number_max);
                self.key(&mut o, "unit");
                self.opt_str(unit.as_deref());
                self.key(&mut o, "qualifier");
                self.str(qualifier);
                self.key(&mut o, "si_value");
                self.opt_float(*si_value);
                self.key(&mut o, "si_unit");
                self.opt_str(si_unit.as_deref());
                self.key(&mut o, "subject");
                self.opt_str(subject.as_deref());
            }
            Detail::Slogan { quoted, head, canonical } => {
                self.key(&mut o, "quoted");
                self.out.push_str(if *quoted { "true" } else { "false" });
                self.key(&mut o, "head");
                self.opt_str(head.as_deref());
                self.key(&mut o, "canonical");
                self.str(canonical);
            }
            Detail::Document { full_title } => {
                self.key(&mut o, "full_title");
                self.opt_str(full_title.as_deref());
            }
        }
        self.close(o, '}');
    }

    // ------------------------------------------------------------ containers

    /// Open an object or an array; the returned flag says whether it has an entry yet.
    fn open(&mut self, bracket: char) -> bool {
        self.out.push(bracket);
        self.depth += 1;
        false
    }

    /// Close what `open` opened: on a line of its own when it has entries (pretty).
    fn close(&mut self, has_entries: bool, bracket: char) {
        self.depth -= 1;
        if self.pretty && has_entries {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Start the next element of an array.
    fn item(&mut self, has_entries: &mut bool) {
        if *has_entries {
            self.out.push(',');
        }
        *has_entries = true;
        if self.pretty {
            self.newline();
        }
    }

    /// Start the next entry of an object with its key (keys here need no escaping).
    fn key(&mut self, has_entries: &mut bool, key: &str) {
        self.item(has_entries);
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    fn newline(&mut self) {
        const INDENT: &str = "\n                ";
        match INDENT.get(..1 + 2 * self.depth) {
            Some(line) => self.out.push_str(line),
            None => {
                self.out.push('\n');
                for _ in 0..self.depth {
                    self.out.push_str("  ");
                }
            }
        }
    }

    // ------------------------------------------------------------ values

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.out.push_str("null"),
        }
    }

    /// A string, escaped as serde_json escapes it: `"` and `\`, and the control
    /// characters (\b \t \n \f \r by name, the others as \u00XX); nothing else.
    fn str(&mut self, s: &str) {
        let out = &mut self.out;
        out.push('"');
        let b = s.as_bytes();
        let (mut done, mut i) = (0, 0);
        while i < b.len() {
            // Sixteen bytes with nothing to escape, tested without a branch per byte.
            if let Some(block) = b.get(i..i + 16) {
                if block.iter().fold(true, |ok, &x| ok & (x >= 0x20) & (x != b'"') & (x != b'\\')) {
                    i += 16;
                    continue;
                }
            }
            let x = b[i];
            if x < 0x20 || x == b'"' || x == b'\\' {
                out.push_str(&s[done..i]);
                match x {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    b'\n' => out.push_str("\\n"),
                    b'\r' => out.push_str("\\r"),
                    b'\t' => out.push_str("\\t"),
                    0x08 => out.push_str("\\b"),
                    0x0C => out.push_str("\\f"),
                    _ => {
                        const HEX: &[u8; 16] = b"0123456789abcdef";
                        out.push_str("\\u00");
                        out.push(HEX[(x >> 4) as usize] as char);
                        out.push(HEX[(x & 0xF) as usize] as char);
                    }
                }
                done = i + 1;
            }
            i += 1;
        }
        out.push_str(&s[done..]);
        out.push('"');
    }

    fn uint(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend(digits[at..].iter().map(|&d| char::from(d)));
    }

    /// A number as serde_json writes an f64 (null for NaN and the infinities): written by
    /// serde_json itself, whose float format is its own. Figures are few on a page.
    fn float(&mut self, v: f64) {
        match serde_json::to_string(&v) {
            Ok(s) => self.out.push_str(&s),
            Err(_) => self.out.push_str("null"),
        }
    }

    fn opt_float(&mut self, v: Option<f64>) {
        match v {
            Some(v) => self.float(v),
            None => self.out.push_str("null"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    /// Random documents with every kind's fields, strings with every character serde_json
    /// escapes, and awkward numbers: written here and by serde_json, byte for byte.
    #[test]
    fn writes_what_serde_json_writes() {
        let mut rng = crate::extract::test_rng(0x94D0_49BB_1331_11EB);
        let alphabet: Vec<char> = "中文a\"\\\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} é𠀋/’“”".chars().collect();
        let text = |rng: &mut dyn FnMut() -> u64| -> String {
            (0..rng() % 40).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect()
        };
        let numbers = [0.0, -0.0, 1.5, 63e4, 1e21, 1e-7, 2289.0, f64::NAN, f64::INFINITY, -3.25, 1.0 / 3.0];
        for round in 0..500 {
            let opt = |rng: &mut dyn FnMut() -> u64| (!rng().is_multiple_of(3)).then(|| text(rng));
            let articles = (0..rng() % 3)
                .map(|i| ArticleOut {
                    index: i as usize + 1,
                    start: rng() as usize % 100_000,
                    end: rng() as usize,
                    title: opt(&mut rng),
                    subtitle: opt(&mut rng),
                    authors: (0..rng() % 3).map(|_| Author { name: text(&mut rng), role: opt(&mut rng) }).collect(),
                    dateline: (rng().is_multiple_of(2)).then(|| Dateline { place: opt(&mut rng), date: opt(&mut rng) }),
                    continued_on: opt(&mut rng),
                    continued_from: opt(&mut rng),
                })
                .collect();
            let mentions = (0..rng() % 8)
                .map(|_| {
                    let n = |rng: &mut dyn FnMut() -> u64| numbers[(rng() % numbers.len() as u64) as usize];
                    let detail = match rng() % 7 {
                        0 => Detail::Person { roles: (0..rng() % 3).map(|_| text(&mut rng)).collect() },
                        1 => Detail::Place { level: opt(&mut rng) },
                        2 => Detail::Organization {},
                        3 => Detail::Date { value: opt(&mut rng) },
                        4 => Detail::Figure {
                            number: n(&mut rng),
                            number_max: (rng().is_multiple_of(2)).then(|| n(&mut rng)),
                            unit: opt(&mut rng),
                            qualifier: text(&mut rng),
                            si_value: (rng().is_multiple_of(2)).then(|| n(&mut rng)),
                            si_unit: opt(&mut rng),
                            subject: opt(&mut rng),
                        },
                        5 => Detail::Slogan {
                            quoted: rng().is_multiple_of(2),
                            head: opt(&mut rng),
                            canonical: text(&mut rng),
                        },
                        _ => Detail::Document { full_title: opt(&mut rng) },
                    };
                    MentionOut {
                        kind: Kind::ALL[(rng() % 7) as usize],
                        text: text(&mut rng),
                        start: rng() as usize % 1000,
                        end: usize::MAX - (rng() % 3) as usize,
                        article: round,
                        sentence: 0,
                        detail,
                        sentence_span: (0, 0),
                    }
                })
                .collect();
            let doc = PageDoc {
                id: text(&mut rng),
                source: text(&mut rng),
                base_date: opt(&mut rng),
                text: text(&mut rng).repeat((rng() % 20) as usize),
                articles,
                mentions,
            };
            assert_eq!(to_json(&doc, true), serde_json::to_string_pretty(&doc).unwrap());
            assert_eq!(to_json(&doc, false), serde_json::to_string(&doc).unwrap());
        }
    }
}
