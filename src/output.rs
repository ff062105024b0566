//! Stage 6, write: a processed page in, its JSON document and its CSV rows out.
//!
//! The JSON document is the contract read by `score_page.py` and users' code:
//! `{id, source, base_date, text, articles[], mentions[]}` with offsets in characters
//! (Unicode scalar values) into `text`, end exclusive. The CSV rows are built from the
//! same values, one row struct per table (see README for the columns).

pub mod atomic;
mod json;
pub mod tables;

use serde::Serialize;

use std::collections::HashMap;

use crate::extract::lexicon::Fast;
use crate::model::{Author, Dateline, Detail, Kind, Span};
use crate::pipeline::Page;

/// Converts byte offsets of one text into character offsets.
pub struct CharIndex {
    /// Character count at every 64th byte.
    checkpoints: Vec<usize>,
    text_len: usize,
}

const STEP: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut checkpoints = Vec::with_capacity(text.len() / STEP + 1);
        let bytes = text.as_bytes();
        let mut count = 0;
        // A block at a time: the count of a block of fixed size is a loop the compiler
        // vectorises (a byte starts a character unless it is 10xxxxxx).
        let blocks = bytes.chunks_exact(STEP);
        let tail = blocks.remainder();
        for block in blocks {
            checkpoints.push(count);
            // At most 64, so counted in a byte: sixteen or thirty-two lanes at a time.
            count += usize::from(block.iter().fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40)));
        }
        if !tail.is_empty() {
            checkpoints.push(count);
            count += tail.iter().filter(|&&b| (b as i8) >= -0x40).count();
        }
        if bytes.len().is_multiple_of(STEP) {
            checkpoints.push(count);
        }
        CharIndex { checkpoints, text_len: text.len() }
    }

    /// The character offset of byte offset `byte` (which must be a char boundary).
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(self.text_len);
        let cp = byte / STEP;
        let base = self.checkpoints.get(cp).copied().unwrap_or(0);
        let from = cp * STEP;
        base + text.as_bytes()[from.min(byte)..byte].iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }
}

/// The longest context a CSV row carries, in characters. Every mention row repeats its
/// sentence; a page of one 20 MB "sentence" (no punctuation, no line break) with 100,000
/// mentions would otherwise write terabytes.
pub const CONTEXT_CHARS: usize = 400;

/// The sentence `sentence` if it is short, else the part of it around `mention`: at most
/// CONTEXT_CHARS / 2 characters on either side (the mention itself is never cut).
fn context(text: &str, idx: &CharIndex, sentence: Span, mention: Span) -> (usize, usize) {
    let Some(s) = text.get(sentence.start..sentence.end) else { return (mention.start, mention.end) };
    // The sentence's length in characters, from the page's index (not counted for each of
    // its mentions).
    if s.len() <= CONTEXT_CHARS || idx.char_at(text, sentence.end) - idx.char_at(text, sentence.start) <= CONTEXT_CHARS
    {
        return (sentence.start, sentence.end);
    }
    let half = CONTEXT_CHARS / 2;
    let (ms, me) = (mention.start.clamp(sentence.start, sentence.end), mention.end.clamp(sentence.start, sentence.end));
    let before = text.get(sentence.start..ms).unwrap_or("");
    let start = before.char_indices().rev().nth(half - 1).map_or(sentence.start, |(i, _)| sentence.start + i);
    let after = text.get(me..sentence.end).unwrap_or("");
    let end = after.char_indices().nth(half).map_or(sentence.end, |(i, _)| me + i);
    (start, end.max(me))
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleOut {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub authors: Vec<Author>,
    pub dateline: Option<Dateline>,
    pub continued_on: Option<String>,
    pub continued_from: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MentionOut {
    pub kind: Kind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub article: usize,
    pub sentence: usize,
    #[serde(flatten)]
    pub detail: Detail,
    /// Byte span of the sentence, for the CSV context column (not serialised); in a
    /// sentence over [`CONTEXT_CHARS`] characters, the part around the mention.
    #[serde(skip)]
    pub sentence_span: (usize, usize),
}

/// The JSON document of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageDoc {
    pub id: String,
    pub source: String,
    pub base_date: Option<String>,
    pub text: String,
    pub articles: Vec<ArticleOut>,
    pub mentions: Vec<MentionOut>,
}

impl PageDoc {
    pub fn new(id: &str, source: &str, page: Page) -> PageDoc {
        // The page is taken apart: its strings move into the document, not copied.
        let Page { text, base_date, articles, sentences, mentions } = page;
        let idx = CharIndex::new(&text);
        let c = |b: usize| idx.char_at(&text, b);
        let articles = articles
            .into_iter()
            .map(|a| ArticleOut {
                index: a.index,
                start: c(a.span.start),
                end: c(a.span.end),
                title: a.title,
                subtitle: a.subtitle,
                authors: a.authors,
                dateline: a.dateline,
                continued_on: a.continued_on,
                continued_from: a.continued_from,
            })
            .collect();
        // (article, sentence) → byte span, built once: a lookup per mention in the list of
        // sentences was quadratic on a 20 MB page.
        let sentence_spans: HashMap<(usize, usize), Span, Fast> =
            sentences.iter().map(|s| ((s.article, s.index), s.span)).collect();
        let mentions = mentions
            .into_iter()
            .map(|m| {
                let sentence_span = sentence_spans
                    .get(&(m.article, m.sentence))
                    .map_or((m.span.start, m.span.end), |s| context(&text, &idx, *s, m.span));
                MentionOut {
                    kind: m.kind,
                    start: c(m.span.start),
                    end: c(m.span.end),
                    text: m.text,
                    article: m.article,
                    sentence: m.sentence,
                    detail: m.detail,
                    sentence_span,
                }
            })
            .collect();
        PageDoc {
            id: id.to_string(),
            source: source.to_string(),
            base_date: base_date.map(|d| d.to_string()),
            text,
            articles,
            mentions,
        }
    }

    /// The sentence a mention stands in.
    pub fn sentence_of(&self, m: &MentionOut) -> &str {
        self.text.get(m.sentence_span.0..m.sentence_span.1).unwrap_or("")
    }

    /// The document as JSON, indented: what `serde_json::to_string_pretty` writes for it.
    pub fn to_json_pretty(&self) -> String {
        json::to_json(self, true)
    }

    /// The document as JSON on one line: what `serde_json::to_string` writes for it.
    pub fn to_json_line(&self) -> String {
        json::to_json(self, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_counting() {
        let text = "a中文😀b\n".repeat(40);
        let idx = CharIndex::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_at(&text, bi), ci);
        }
        assert_eq!(idx.char_at(&text, text.len()), text.chars().count());
        // Every length around the block size, a whole number of blocks included.
        let unit: Vec<char> = "a中😀\n".chars().collect();
        for n in 0..150 {
            let text: String = (0..n).map(|i| unit[i % unit.len()]).collect();
            let idx = CharIndex::new(&text);
            for (ci, (bi, _)) in text.char_indices().enumerate() {
                assert_eq!(idx.char_at(&text, bi), ci, "{n}");
            }
            assert_eq!(idx.char_at(&text, text.len()), n, "{n}");
        }
    }

    #[test]
    fn context_of_a_long_sentence_is_the_part_around_the_mention() {
        // Regression: every CSV row carried its whole sentence, so a page of one huge
        // sentence gave a CSV of (mentions × sentence length) bytes.
        let short = "国务院总理李强在北京会见了法国总统。";
        let idx = CharIndex::new(short);
        assert_eq!(context(short, &idx, Span::new(0, short.len()), Span::new(15, 21)), (0, short.len()));
        let long = format!("{}李强{}", "中".repeat(1000), "文".repeat(1000));
        let idx = CharIndex::new(&long);
        let m = Span::new(3000, 3006);
        let (s, e) = context(&long, &idx, Span::new(0, long.len()), m);
        let ctx = &long[s..e];
        assert!(ctx.contains("李强"));
        assert_eq!(ctx.chars().count(), CONTEXT_CHARS + 2);
        let (s, e) = context(&long, &idx, Span::new(0, long.len()), Span::new(0, 3));
        assert_eq!((s, long[s..e].chars().count()), (0, CONTEXT_CHARS / 2 + 1));
    }

    /// Sentences about as long as the limit, in characters of one to four bytes, inside a
    /// page: the whole sentence is the context exactly when it has at most the limit.
    #[test]
    fn sentences_up_to_the_limit_are_whole_contexts() {
        for n in [1, 100, 133, 134, 399, 400, 401, 402, 1600] {
            for fill in ["a", "é", "中", "𠀋", "a中"] {
                let sentence: String = fill.repeat(n).chars().take(n).collect();
                let page = format!("前文。{sentence}后文");
                let idx = CharIndex::new(&page);
                let span = Span::new("前文。".len(), "前文。".len() + sentence.len());
                let first = sentence.chars().next().map_or(0, char::len_utf8);
                let got = context(&page, &idx, span, Span::new(span.start, span.start + first));
                assert_eq!(got == (span.start, span.end), n <= CONTEXT_CHARS, "{n} {fill}");
            }
        }
    }
}
