//! Stage 4, extract: the segmented page in, mentions out. Each kind of fact has its own
//! [`Extractor`]; [`extract_all`] runs them all over a [`Doc`] and then settles the
//! overlaps between kinds (a figure inside a date or a slogan goes; a place inside an
//! organisation's name goes; the longest of overlapping people, places and organisations
//! stays) and gives each mention its article and sentence.

pub mod date;
pub mod document;
pub mod figure;
pub mod lexicon;
pub mod numbers;
pub mod organization;
pub mod person;
pub mod place;
pub mod slogan;

use crate::basedate::Ymd;
use crate::model::{Article, Kind, Mention, Sentence, Span};
use crate::segment::{self, Token};

/// Everything the extractors see: the normalised text, its articles and sentences, and
/// each sentence's tokens (with byte offsets into the page text).
pub struct Doc<'a> {
    pub text: &'a str,
    pub articles: &'a [Article],
    pub sentences: &'a [Sentence],
    pub tokens: Vec<Vec<Token<'a>>>,
    pub base: Option<Ymd>,
}

impl<'a> Doc<'a> {
    /// Segment every sentence once; the extractors share the tokens.
    pub fn new(text: &'a str, articles: &'a [Article], sentences: &'a [Sentence], base: Option<Ymd>) -> Doc<'a> {
        let tokens = sentences
            .iter()
            .map(|s| {
                let st = &text[s.span.start..s.span.end];
                segment::tag(st)
                    .into_iter()
                    .map(|t| Token { start: t.start + s.span.start, end: t.end + s.span.start, ..t })
                    .collect()
            })
            .collect();
        Doc { text, articles, sentences, tokens, base }
    }

    pub fn sentence_text(&self, i: usize) -> &'a str {
        let s = self.sentences[i].span;
        &self.text[s.start..s.end]
    }

    pub fn article_text(&self, a: &Article) -> &'a str {
        self.text.get(a.span.start..a.span.end).unwrap_or("")
    }
}

/// One kind of fact. Implementations push mentions with byte spans into `doc.text`.
pub trait Extractor: Send + Sync {
    fn kind(&self) -> Kind;
    fn extract(&self, doc: &Doc, out: &mut Vec<Mention>);
}

/// The extractors, in the order their mentions are written for equal offsets.
pub fn extractors() -> Vec<Box<dyn Extractor>> {
    vec![
        Box::new(person::PersonExtractor),
        Box::new(place::PlaceExtractor),
        Box::new(organization::OrganizationExtractor),
        Box::new(date::DateExtractor),
        Box::new(figure::FigureExtractor),
        Box::new(slogan::SloganExtractor),
        Box::new(document::DocumentExtractor),
    ]
}

/// Run every extractor over the page, settle overlaps, number articles and sentences.
pub fn extract_all(doc: &Doc, extractors: &[Box<dyn Extractor>]) -> Vec<Mention> {
    let mut all = Vec::new();
    for e in extractors {
        e.extract(doc, &mut all);
    }
    all.retain(|m| !m.span.is_empty() && doc.text.get(m.span.start..m.span.end).is_some_and(|t| t == m.text));
    let mut kept = resolve(all);
    for m in &mut kept {
        let (article, sentence) = locate(doc.sentences, m.span);
        m.article = article;
        m.sentence = sentence;
    }
    kept.sort_by(|a, b| (a.span.start, a.span.end, a.kind).cmp(&(b.span.start, b.span.end, b.kind)));
    kept.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
    kept
}

/// The spans of one kind, sorted, with a running maximum of their ends, so that
/// "inside one of them" and "overlaps one of them" cost a binary search.
struct SpanSet {
    spans: Vec<Span>,
    max_end: Vec<usize>,
}

impl SpanSet {
    fn of(all: &[Mention], kind: Kind) -> SpanSet {
        let mut spans: Vec<Span> = all.iter().filter(|m| m.kind == kind).map(|m| m.span).collect();
        spans.sort();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        SpanSet { spans, max_end }
    }

    /// Some span starts at or before `s` and ends at or after it.
    fn contains(&self, s: &Span) -> bool {
        let i = self.spans.partition_point(|o| o.start <= s.start);
        i > 0 && self.max_end[i - 1] >= s.end
    }

    /// Some span other than `s` itself contains it.
    fn strictly_contains(&self, s: &Span) -> bool {
        let i = self.spans.partition_point(|o| o.start <= s.start);
        self.spans[..i].iter().rev().take_while(|o| self.max_end.get(0).is_some() && o.end > s.start || o.start == s.start).any(|o| o.contains(s) && o != s)
    }

    fn overlaps(&self, s: &Span) -> bool {
        let i = self.spans.partition_point(|o| o.start < s.end);
        i > 0 && self.max_end[i - 1] > s.start
    }
}

/// Settle overlaps between kinds.
fn resolve(all: Vec<Mention>) -> Vec<Mention> {
    let documents = SpanSet::of(&all, Kind::Document);
    let slogans = SpanSet::of(&all, Kind::Slogan);
    let dates = SpanSet::of(&all, Kind::Date);
    let mut out: Vec<Mention> = all
        .into_iter()
        .filter(|m| match m.kind {
            Kind::Date => !documents.contains(&m.span) && !slogans.strictly_contains(&m.span),
            Kind::Figure => !documents.contains(&m.span) && !slogans.overlaps(&m.span) && !dates.overlaps(&m.span),
            Kind::Slogan => !documents.contains(&m.span),
            _ => true,
        })
        .collect();
    // People, places and organisations: the longest of overlapping mentions stays;
    // for equal spans an organisation beats a person beats a place.
    let rank = |k: Kind| match k {
        Kind::Organization => 0,
        Kind::Person => 1,
        _ => 2,
    };
    let mut ents: Vec<usize> = (0..out.len())
        .filter(|&i| matches!(out[i].kind, Kind::Person | Kind::Place | Kind::Organization))
        .collect();
    ents.sort_by_key(|&i| (std::cmp::Reverse(out[i].span.len()), rank(out[i].kind), out[i].span.start));
    // Taken spans do not overlap each other: keyed by start, a neighbour check suffices.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut drop = vec![false; out.len()];
    for i in ents {
        let s = out[i].span;
        let before = taken.range(..s.end).next_back().is_some_and(|(_, &e)| e > s.start);
        if before {
            drop[i] = true;
        } else {
            taken.insert(s.start, s.end);
        }
    }
    let mut i = 0;
    out.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
    out
}

/// The article and sentence (both counted from 1) that hold a span.
pub fn locate(sentences: &[Sentence], span: Span) -> (usize, usize) {
    let idx = sentences.partition_point(|s| s.span.end <= span.start);
    match sentences.get(idx) {
        Some(s) if s.span.start <= span.start => (s.article, s.index),
        _ => {
            // Between sentences (white space): take the sentence before.
            let prev = idx.checked_sub(1).and_then(|i| sentences.get(i));
            prev.map_or((1, 1), |s| (s.article, s.index))
        }
    }
}

/// A Han character (CJK unified ideographs and extensions).
pub fn person_is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}
