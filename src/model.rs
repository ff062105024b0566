//! Shared types that flow between the stages: the normalised page, its articles and
//! sentences, and the mentions the extractors find. Spans here are BYTE offsets into the
//! normalised page text; the output stage turns them into character offsets.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the normalised page text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// An author from a byline, with the role the byline gives (记者, 通讯员, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Author {
    pub name: String,
    pub role: Option<String>,
}

/// The dateline of a wire story: 新华社北京3月20日电 → place 北京, date 2026-03-20.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dateline {
    pub place: Option<String>,
    pub date: Option<String>,
}

/// One article of a page, found by the `articles` stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// Counts from 1.
    pub index: usize,
    /// The whole article, headline included.
    pub span: Span,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub authors: Vec<Author>,
    pub dateline: Option<Dateline>,
    /// Where the article goes on: 第三版 for (下转第三版).
    pub continued_on: Option<String>,
    /// Where the article came from: 第一版 for (上接第一版).
    pub continued_from: Option<String>,
    /// Spans of the headline, subtitle and byline lines (not body text).
    pub head_lines: Vec<Span>,
}

/// One sentence; `index` counts from 1 within its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub article: usize,
    pub index: usize,
    pub span: Span,
}

/// The kinds of fact newsfacts extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Organization,
    Date,
    Figure,
    Slogan,
    Document,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Person, Kind::Place, Kind::Organization, Kind::Date, Kind::Figure, Kind::Slogan, Kind::Document];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
            Kind::Date => "date",
            Kind::Figure => "figure",
            Kind::Slogan => "slogan",
            Kind::Document => "document",
        }
    }
}

/// The fields that depend on the kind of a mention. Every field of a kind is always
/// written (null when unknown), so consumers can rely on the keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail {
    Person {
        roles: Vec<String>,
    },
    Place {
        level: Option<String>,
    },
    Organization {},
    Date {
        value: Option<String>,
    },
    Figure {
        number: f64,
        number_max: Option<f64>,
        unit: Option<String>,
        qualifier: String,
        si_value: Option<f64>,
        si_unit: Option<String>,
        subject: Option<String>,
    },
    Slogan {
        quoted: bool,
        head: Option<String>,
        canonical: String,
    },
    Document {
        full_title: Option<String>,
    },
}

/// A fact found in the text: its kind, its byte span into the normalised page, and the
/// kind's fields. `article` and `sentence` are filled in by the pipeline after extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: Kind,
    pub span: Span,
    pub text: String,
    pub article: usize,
    pub sentence: usize,
    pub detail: Detail,
}

impl Mention {
    pub fn new(kind: Kind, page_text: &str, span: Span, detail: Detail) -> Mention {
        Mention {
            kind,
            span,
            text: page_text.get(span.start..span.end).unwrap_or("").to_string(),
            article: 0,
            sentence: 0,
            detail,
        }
    }
}
