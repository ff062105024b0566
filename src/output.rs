//! Stage 6, write: a processed page in, its JSON document and its CSV rows out.
//!
//! The JSON document is the contract read by `score_page.py` and users' code:
//! `{id, source, base_date, text, articles[], mentions[]}` with offsets in characters
//! (Unicode scalar values) into `text`, end exclusive. The CSV rows are built from the
//! same values, one row struct per table (see README for the columns).

pub mod atomic;
pub mod tables;

use serde::Serialize;

use crate::model::{Author, Dateline, Detail, Kind};
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
        for (i, b) in bytes.iter().enumerate() {
            if i % STEP == 0 {
                checkpoints.push(count);
            }
            if (b & 0xC0) != 0x80 {
                count += 1;
            }
        }
        if bytes.len() % STEP == 0 {
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
    /// Byte span of the sentence, for the CSV context column (not serialised).
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
        let idx = CharIndex::new(&page.text);
        let c = |b: usize| idx.char_at(&page.text, b);
        let articles = page
            .articles
            .iter()
            .map(|a| ArticleOut {
                index: a.index,
                start: c(a.span.start),
                end: c(a.span.end),
                title: a.title.clone(),
                subtitle: a.subtitle.clone(),
                authors: a.authors.clone(),
                dateline: a.dateline.clone(),
                continued_on: a.continued_on.clone(),
                continued_from: a.continued_from.clone(),
            })
            .collect();
        let mentions = page
            .mentions
            .iter()
            .map(|m| {
                let sentence_span = page
                    .sentences
                    .binary_search_by_key(&(m.article, m.sentence), |s| (s.article, s.index))
                    .ok()
                    .map_or((m.span.start, m.span.end), |i| (page.sentences[i].span.start, page.sentences[i].span.end));
                MentionOut {
                    kind: m.kind,
                    text: m.text.clone(),
                    start: c(m.span.start),
                    end: c(m.span.end),
                    article: m.article,
                    sentence: m.sentence,
                    detail: m.detail.clone(),
                    sentence_span,
                }
            })
            .collect();
        PageDoc {
            id: id.to_string(),
            source: source.to_string(),
            base_date: page.base_date.map(|d| d.to_string()),
            text: page.text,
            articles,
            mentions,
        }
    }

    /// The sentence a mention stands in.
    pub fn sentence_of(&self, m: &MentionOut) -> &str {
        self.text.get(m.sentence_span.0..m.sentence_span.1).unwrap_or("")
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
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
    }
}
