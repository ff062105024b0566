//! The CSV tables of a batch: one writer per table, rows appended page by page in input
//! order, each file renamed into place when the batch ends (see [`super::atomic`]).
//! UTF-8 with a BOM by default, so that Excel opens the Chinese text intact.

use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
use super::{MentionOut, PageDoc};
use crate::error::Error;
use crate::model::{Detail, Kind};

pub const TABLES: [&str; 10] =
    ["articles", "people", "places", "organizations", "dates", "figures", "slogans", "documents", "mentions", "errors"];

/// The column names of each table (the field names of its row struct, in order).
pub fn headers(table: &str) -> &'static [&'static str] {
    match table {
        "articles" => &[
            "page",
            "article",
            "start",
            "end",
            "title",
            "subtitle",
            "authors",
            "author_roles",
            "dateline_place",
            "dateline_date",
            "continued_on",
            "continued_from",
        ],
        "people" => &["page", "name", "count", "articles", "roles"],
        "places" => &["page", "name", "level", "count", "articles"],
        "organizations" => &["page", "name", "count", "articles"],
        "dates" => &["page", "article", "sentence", "start", "end", "text", "value", "sentence_text"],
        "figures" => &[
            "page",
            "article",
            "sentence",
            "start",
            "end",
            "text",
            "number",
            "number_max",
            "unit",
            "qualifier",
            "si_value",
            "si_unit",
            "subject",
            "sentence_text",
        ],
        "slogans" => &["page", "text", "quoted", "head", "count", "articles"],
        "documents" => &["page", "article", "sentence", "start", "end", "title", "full_title", "sentence_text"],
        "mentions" => &[
            "page",
            "article",
            "sentence",
            "kind",
            "start",
            "end",
            "text",
            "roles",
            "level",
            "value",
            "number",
            "number_max",
            "unit",
            "qualifier",
            "si_value",
            "si_unit",
            "subject",
            "quoted",
            "full_title",
            "sentence_text",
        ],
        _ => &["path", "line", "reason"],
    }
}

pub struct Tables {
    writers: Vec<csv::Writer<AtomicFile>>,
    dir: PathBuf,
}

fn io_err(path: &Path, e: impl Into<std::io::Error>) -> Error {
    Error::Io { path: path.to_path_buf(), source: e.into() }
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    Error::Io { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) }
}

#[derive(Serialize)]
struct ArticleRow<'a> {
    page: &'a str,
    article: usize,
    start: usize,
    end: usize,
    title: Option<&'a str>,
    subtitle: Option<&'a str>,
    authors: String,
    author_roles: String,
    dateline_place: Option<&'a str>,
    dateline_date: Option<&'a str>,
    continued_on: Option<&'a str>,
    continued_from: Option<&'a str>,
}

#[derive(Serialize)]
struct EntityRow<'a> {
    page: &'a str,
    name: &'a str,
    count: usize,
    articles: String,
}

#[derive(Serialize)]
struct PersonRow<'a> {
    page: &'a str,
    name: &'a str,
    count: usize,
    articles: String,
    roles: String,
}

#[derive(Serialize)]
struct PlaceRow<'a> {
    page: &'a str,
    name: &'a str,
    level: Option<&'a str>,
    count: usize,
    articles: String,
}

#[derive(Serialize)]
struct DateRow<'a> {
    page: &'a str,
    article: usize,
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    value: Option<&'a str>,
    sentence_text: &'a str,
}

#[derive(Serialize)]
struct FigureRow<'a> {
    page: &'a str,
    article: usize,
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    number: Option<f64>,
    number_max: Option<f64>,
    unit: Option<&'a str>,
    qualifier: Option<&'a str>,
    si_value: Option<f64>,
    si_unit: Option<&'a str>,
    subject: Option<&'a str>,
    sentence_text: &'a str,
}

#[derive(Serialize)]
struct SloganRow<'a> {
    page: &'a str,
    text: &'a str,
    quoted: bool,
    head: Option<&'a str>,
    count: usize,
    articles: String,
}

#[derive(Serialize)]
struct DocumentRow<'a> {
    page: &'a str,
    article: usize,
    sentence: usize,
    start: usize,
    end: usize,
    title: &'a str,
    full_title: Option<&'a str>,
    sentence_text: &'a str,
}

#[derive(Serialize, Default)]
struct MentionRow<'a> {
    page: &'a str,
    article: usize,
    sentence: usize,
    kind: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    roles: Option<String>,
    level: Option<&'a str>,
    value: Option<&'a str>,
    number: Option<f64>,
    number_max: Option<f64>,
    unit: Option<&'a str>,
    qualifier: Option<&'a str>,
    si_value: Option<f64>,
    si_unit: Option<&'a str>,
    subject: Option<&'a str>,
    quoted: Option<bool>,
    full_title: Option<&'a str>,
    sentence_text: &'a str,
}

#[derive(Serialize)]
struct ErrorRow<'a> {
    path: &'a str,
    line: Option<usize>,
    reason: &'a str,
}

fn slogan_key(m: &MentionOut) -> &str {
    match &m.detail {
        Detail::Slogan { canonical, .. } => canonical.as_str(),
        _ => m.text.as_str(),
    }
}

/// A number for a CSV cell: empty when it does not fit an f64 (a figure of 400 digits
/// parses to infinity), as it is `null` in the JSON, never `inf` or `NaN`.
fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

fn join_articles(a: &[usize]) -> String {
    a.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(";")
}

/// Distinct texts of one kind on a page, in order of first appearance.
struct Group<'a> {
    count: usize,
    articles: Vec<usize>,
    roles: Vec<String>,
    first: &'a MentionOut,
    quoted: bool,
}

fn group<'a>(doc: &'a PageDoc, kind: Kind, key: impl Fn(&'a MentionOut) -> &'a str) -> Vec<(&'a str, Group<'a>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut map: BTreeMap<&str, Group> = BTreeMap::new();
    for m in doc.mentions.iter().filter(|m| m.kind == kind) {
        let k = key(m);
        let g = map.entry(k).or_insert_with(|| {
            order.push(k);
            Group { count: 0, articles: Vec::new(), roles: Vec::new(), first: m, quoted: false }
        });
        g.count += 1;
        if !g.articles.contains(&m.article) {
            g.articles.push(m.article);
        }
        match &m.detail {
            Detail::Person { roles } => {
                for r in roles {
                    if !g.roles.contains(r) {
                        g.roles.push(r.clone());
                    }
                }
            }
            Detail::Slogan { quoted, .. } => g.quoted |= quoted,
            _ => {}
        }
    }
    order.into_iter().filter_map(|k| map.remove(k).map(|g| (k, g))).collect()
}

impl Tables {
    /// Open every table (as `.partial` files) in `dir`.
    pub fn create(dir: &Path, bom: bool) -> Result<Tables, Error> {
        let mut writers = Vec::new();
        for name in TABLES {
            let path = dir.join(format!("{name}.csv"));
            let mut f = AtomicFile::create(&path).map_err(|e| io_err(&path, e))?;
            if bom {
                f.write_all("\u{FEFF}".as_bytes()).map_err(|e| io_err(&path, e))?;
            }
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(f);
            w.write_record(headers(name)).map_err(|e| csv_err(&path, e))?;
            writers.push(w);
        }
        Ok(Tables { writers, dir: dir.to_path_buf() })
    }

    fn w(&mut self, table: &str) -> (&mut csv::Writer<AtomicFile>, PathBuf) {
        let i = TABLES.iter().position(|t| *t == table).unwrap_or(0);
        (&mut self.writers[i], self.dir.join(format!("{table}.csv")))
    }

    fn row<S: Serialize>(&mut self, table: &str, row: S) -> Result<(), Error> {
        let (w, path) = self.w(table);
        w.serialize(row).map_err(|e| csv_err(&path, e))
    }

    pub fn add_error(&mut self, path: &str, line: Option<usize>, reason: &str) -> Result<(), Error> {
        self.row("errors", ErrorRow { path, line, reason })
    }

    pub fn add_page(&mut self, doc: &PageDoc) -> Result<(), Error> {
        let page = doc.id.as_str();
        for a in &doc.articles {
            self.row(
                "articles",
                ArticleRow {
                    page,
                    article: a.index,
                    start: a.start,
                    end: a.end,
                    title: a.title.as_deref(),
                    subtitle: a.subtitle.as_deref(),
                    authors: a.authors.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(";"),
                    author_roles: a
                        .authors
                        .iter()
                        .map(|x| x.role.as_deref().unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(";"),
                    dateline_place: a.dateline.as_ref().and_then(|d| d.place.as_deref()),
                    dateline_date: a.dateline.as_ref().and_then(|d| d.date.as_deref()),
                    continued_on: a.continued_on.as_deref(),
                    continued_from: a.continued_from.as_deref(),
                },
            )?;
        }
        for (name, g) in group(doc, Kind::Person, |m| m.text.as_str()) {
            let row = PersonRow {
                page,
                name,
                count: g.count,
                articles: join_articles(&g.articles),
                roles: g.roles.join(";"),
            };
            self.row("people", row)?;
        }
        for (name, g) in group(doc, Kind::Place, |m| m.text.as_str()) {
            let level = match &g.first.detail {
                Detail::Place { level } => level.as_deref(),
                _ => None,
            };
            self.row("places", PlaceRow { page, name, level, count: g.count, articles: join_articles(&g.articles) })?;
        }
        for (name, g) in group(doc, Kind::Organization, |m| m.text.as_str()) {
            self.row("organizations", EntityRow { page, name, count: g.count, articles: join_articles(&g.articles) })?;
        }
        for (text, g) in group(doc, Kind::Slogan, slogan_key) {
            let head = match &g.first.detail {
                Detail::Slogan { head, .. } => head.as_deref(),
                _ => None,
            };
            let row =
                SloganRow { page, text, quoted: g.quoted, head, count: g.count, articles: join_articles(&g.articles) };
            self.row("slogans", row)?;
        }
        for m in &doc.mentions {
            let sentence_text = doc.sentence_of(m);
            let mut row = MentionRow {
                page,
                article: m.article,
                sentence: m.sentence,
                kind: m.kind.as_str(),
                start: m.start,
                end: m.end,
                text: &m.text,
                sentence_text,
                ..Default::default()
            };
            match &m.detail {
                Detail::Person { roles } => row.roles = Some(roles.join(";")),
                Detail::Place { level } => row.level = level.as_deref(),
                Detail::Organization {} => {}
                Detail::Date { value } => {
                    row.value = value.as_deref();
                    self.row(
                        "dates",
                        DateRow {
                            page,
                            article: m.article,
                            sentence: m.sentence,
                            start: m.start,
                            end: m.end,
                            text: &m.text,
                            value: value.as_deref(),
                            sentence_text,
                        },
                    )?;
                }
                Detail::Figure { number, number_max, unit, qualifier, si_value, si_unit, subject } => {
                    row.number = finite(Some(*number));
                    row.number_max = finite(*number_max);
                    row.unit = unit.as_deref();
                    row.qualifier = Some(qualifier.as_str());
                    row.si_value = finite(*si_value);
                    row.si_unit = si_unit.as_deref();
                    row.subject = subject.as_deref();
                    self.row(
                        "figures",
                        FigureRow {
                            page,
                            article: m.article,
                            sentence: m.sentence,
                            start: m.start,
                            end: m.end,
                            text: &m.text,
                            number: finite(Some(*number)),
                            number_max: finite(*number_max),
                            unit: unit.as_deref(),
                            qualifier: Some(qualifier.as_str()),
                            si_value: finite(*si_value),
                            si_unit: si_unit.as_deref(),
                            subject: subject.as_deref(),
                            sentence_text,
                        },
                    )?;
                }
                Detail::Slogan { quoted, .. } => row.quoted = Some(*quoted),
                Detail::Document { full_title } => {
                    row.full_title = full_title.as_deref();
                    self.row(
                        "documents",
                        DocumentRow {
                            page,
                            article: m.article,
                            sentence: m.sentence,
                            start: m.start,
                            end: m.end,
                            title: &m.text,
                            full_title: full_title.as_deref(),
                            sentence_text,
                        },
                    )?;
                }
            }
            self.row("mentions", row)?;
        }
        Ok(())
    }

    /// Flush every table and move it into place.
    pub fn finish(self) -> Result<(), Error> {
        for (i, w) in self.writers.into_iter().enumerate() {
            let path = self.dir.join(format!("{}.csv", TABLES[i]));
            let f = w.into_inner().map_err(|e| io_err(&path, std::io::Error::other(e.to_string())))?;
            f.commit().map_err(|e| io_err(&path, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_too_large_for_f64_are_empty_cells_not_inf() {
        // Regression: a figure of hundreds of digits parses to infinity, which the CSV
        // writer wrote as `inf` (and NaN as `NaN`); the JSON has `null` there.
        let figure = |number: f64| MentionOut {
            kind: Kind::Figure,
            text: "9".into(),
            start: 0,
            end: 1,
            article: 1,
            sentence: 1,
            detail: Detail::Figure {
                number,
                number_max: Some(f64::NEG_INFINITY),
                unit: None,
                qualifier: "exact".into(),
                si_value: Some(f64::NAN),
                si_unit: None,
                subject: None,
            },
            sentence_span: (0, 1),
        };
        let doc = PageDoc {
            id: "p".into(),
            source: "p.txt".into(),
            base_date: None,
            text: "9".into(),
            articles: Vec::new(),
            mentions: vec![figure(f64::INFINITY), figure(f64::NAN)],
        };
        let dir = tempfile::tempdir().unwrap();
        let mut t = Tables::create(dir.path(), false).unwrap();
        t.add_page(&doc).unwrap();
        t.finish().unwrap();
        for table in ["figures", "mentions"] {
            let csv = std::fs::read_to_string(dir.path().join(format!("{table}.csv"))).unwrap();
            for bad in ["inf", "NaN"] {
                assert!(!csv.contains(bad), "{table}: {csv}");
            }
        }
        let json = doc.to_json_line();
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
    }
}
