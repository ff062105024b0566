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
pub mod scan;
pub mod slogan;

use crate::basedate::Ymd;
use crate::model::{Article, Detail, Kind, Mention, Sentence, Span};
use crate::segment;

/// Everything the extractors see: the normalised text, its articles and sentences, and
/// each sentence's tokens (with byte offsets into the page text).
pub struct Doc<'a> {
    pub text: &'a str,
    pub articles: &'a [Article],
    pub sentences: &'a [Sentence],
    pub tokens: segment::Tokens<'a>,
    /// The page's characters, decoded once for the finders that scan it.
    pub chars: scan::Decoded<'a>,
    /// Each sentence's characters in `chars` (see [`Doc::sentence_region`]).
    sentence_chars: Vec<(usize, usize)>,
    pub base: Option<Ymd>,
    /// Each article's dates, found on first use: the date extractor reports them and the
    /// figure extractor skips them, so the text is scanned for dates once.
    dates: std::sync::OnceLock<Vec<Vec<date::DateHit>>>,
}

impl<'a> Doc<'a> {
    /// Segment every sentence once; the extractors share the tokens.
    pub fn new(text: &'a str, articles: &'a [Article], sentences: &'a [Sentence], base: Option<Ymd>) -> Doc<'a> {
        Doc::tagged(text, articles, sentences, base, Doc::tag(text, sentences))
    }

    /// The first half of [`Doc::new`]: the sentences of the page tagged by the segmenter.
    pub fn tag(text: &'a str, sentences: &[Sentence]) -> segment::Tagged<'a> {
        let spans: Vec<(usize, usize)> = sentences.iter().map(|s| (s.span.start, s.span.end)).collect();
        segment::tag_page(text, &spans)
    }

    /// The second half of [`Doc::new`]: the page decoded, and the tokens made from the
    /// tags of [`Doc::tag`].
    pub fn tagged(
        text: &'a str,
        articles: &'a [Article],
        sentences: &'a [Sentence],
        base: Option<Ymd>,
        tags: segment::Tagged<'a>,
    ) -> Doc<'a> {
        let chars = scan::Decoded::new(text);
        let sentence_chars: Vec<(usize, usize)> =
            sentences.iter().map(|s| chars.char_span(s.span.start, s.span.end)).collect();
        let tokens = tags.into_tokens(|k| chars.offsets_and_chars(sentence_chars[k]));
        Doc { text, articles, sentences, tokens, chars, sentence_chars, base, dates: std::sync::OnceLock::new() }
    }

    /// The dates of each article (offsets into the article's text), resolved against the
    /// base date.
    pub fn dates(&self) -> &[Vec<date::DateHit>] {
        self.dates.get_or_init(|| {
            let base = self.base.map(|b| b.tuple());
            self.articles.iter().map(|a| date::find_dates_in(self.article_region(a), base)).collect()
        })
    }

    /// Sentence `i` as a part of the decoded page.
    pub fn sentence_region(&self, i: usize) -> scan::Region<'_> {
        let s = self.sentences[i].span;
        self.chars.region_of(s.start, s.end, self.sentence_chars[i])
    }

    /// The index in [`Doc::chars`] of sentence `i`'s first character (0 when the page
    /// was not decoded).
    pub fn sentence_first_char(&self, i: usize) -> usize {
        self.sentence_chars[i].0
    }

    pub fn sentence_text(&self, i: usize) -> &'a str {
        let s = self.sentences[i].span;
        &self.text[s.start..s.end]
    }

    pub fn article_text(&self, a: &Article) -> &'a str {
        self.text.get(a.span.start..a.span.end).unwrap_or("")
    }

    /// An article's text as a part of the decoded page (an invalid span is empty, as in
    /// [`Doc::article_text`]).
    pub fn article_region(&self, a: &Article) -> scan::Region<'_> {
        self.chars.region(a.span.start, a.span.end)
    }
}

/// A small deterministic random source (xorshift64) for the tests that compare a fast
/// search with the plain walk it replaced, over random texts.
#[cfg(test)]
pub(crate) fn test_rng(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
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

/// Build the extractors' tables now (see [`crate::Pipeline::warm_up`]): the ones that
/// need no segmenter first, then the lexicon and what is derived from it.
pub fn warm_up() {
    scan::warm_up();
    date::warm_up();
    figure::warm_up();
    slogan::warm_up();
    person::warm_up();
    place::warm_up();
    std::sync::LazyLock::force(&lexicon::LEXICON);
    organization::warm_up();
}

/// The character sets the finders scan whole articles and sentences for, which every
/// decoded page classifies its characters by (see [`scan::Classes`]).
pub(crate) fn scanned_sets() -> Vec<&'static lexicon::CharSet> {
    // The organisation finder asks for its sets' bits in every sentence, the others once
    // an article: its sets come first, where the lookup by address finds them soonest.
    let mut sets = Vec::new();
    sets.extend(organization::scanned_sets());
    sets.extend(date::scanned_sets());
    sets.extend(figure::scanned_sets());
    sets.extend(slogan::scanned_sets());
    sets
}

/// The common shape of the finders that work on an article's text (dates, figures,
/// slogans, documents): run `find` over each article (its index and text), shift each hit's byte range
/// (`bounds`) to the page, and let `detail` give the kind's fields from the hit and its
/// surface text, or None to drop it.
pub(crate) fn per_article<H>(
    doc: &Doc,
    out: &mut Vec<Mention>,
    kind: Kind,
    find: impl Fn(usize, &str) -> Vec<H>,
    bounds: impl Fn(&H) -> (usize, usize),
    detail: impl Fn(&str, H) -> Option<Detail>,
) {
    for (k, art) in doc.articles.iter().enumerate() {
        let text = doc.article_text(art);
        for hit in find(k, text) {
            let (a, b) = bounds(&hit);
            let Some(surface) = text.get(a..b) else { continue };
            if let Some(d) = detail(surface, hit) {
                out.push(Mention::new(kind, doc.text, Span::new(art.span.start + a, art.span.start + b), d));
            }
        }
    }
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
    kept.sort_by_key(|a| (a.span.start, a.span.end, a.kind));
    kept.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
    kept
}

fn spans_of(all: &[Mention], kind: Kind) -> SpanIndex {
    SpanIndex::new(all.iter().filter(|m| m.kind == kind).map(|m| m.span).collect())
}

/// Spans sorted by start, with the largest end up to each: "does any span contain /
/// overlap this one" in O(log n). (A scan of all spans for every mention was quadratic: a
/// 20 MB page has 100,000s of mentions.)
struct SpanIndex {
    spans: Vec<Span>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    fn new(mut spans: Vec<Span>) -> SpanIndex {
        spans.sort();
        let mut m = 0;
        let max_end = spans
            .iter()
            .map(|s| {
                m = m.max(s.end);
                m
            })
            .collect();
        SpanIndex { spans, max_end }
    }

    /// The largest end among the first `k` spans.
    fn max_end(&self, k: usize) -> Option<usize> {
        k.checked_sub(1).map(|i| self.max_end[i])
    }

    /// Some span contains `s`.
    fn contains(&self, s: &Span) -> bool {
        self.max_end(self.spans.partition_point(|o| o.start <= s.start)).is_some_and(|e| e >= s.end)
    }

    /// Some span other than `s` itself contains `s`.
    fn strictly_contains(&self, s: &Span) -> bool {
        let before = self.spans.partition_point(|o| o.start < s.start);
        let same = self.spans.partition_point(|o| o.start <= s.start);
        // Starting before s: any that reaches s.end is another span. Starting with s: the
        // last one (sorted by end) ends furthest.
        self.max_end(before).is_some_and(|e| e >= s.end) || (same > before && self.spans[same - 1].end > s.end)
    }

    /// Some span overlaps `s`.
    fn overlaps(&self, s: &Span) -> bool {
        self.max_end(self.spans.partition_point(|o| o.start < s.end)).is_some_and(|e| e > s.start)
    }
}

/// Settle overlaps between kinds.
fn resolve(all: Vec<Mention>) -> Vec<Mention> {
    let documents = spans_of(&all, Kind::Document);
    let slogans = spans_of(&all, Kind::Slogan);
    let dates = spans_of(&all, Kind::Date);
    let people = spans_of(&all, Kind::Person);
    let mut out: Vec<Mention> = all
        .into_iter()
        .filter(|m| match m.kind {
            // 周一 inside the name 周一鸣 is not a date.
            Kind::Date => {
                !documents.contains(&m.span)
                    && !slogans.strictly_contains(&m.span)
                    && !people.strictly_contains(&m.span)
            }
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
    let mut ents: Vec<usize> =
        (0..out.len()).filter(|&i| matches!(out[i].kind, Kind::Person | Kind::Place | Kind::Organization)).collect();
    ents.sort_by_key(|&i| (std::cmp::Reverse(out[i].span.len()), rank(out[i].kind), out[i].span.start));
    // The spans taken do not overlap (and are not empty), so they are ordered by start and
    // by end alike: only the last one starting before a span's end can overlap it.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut drop = vec![false; out.len()];
    for i in ents {
        let s = out[i].span;
        if taken.range(..s.end).next_back().is_some_and(|(_, &end)| end > s.start) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dates_figures_skip_are_the_dates_found_without_a_base() {
        // The figure extractor skips `Doc::dates` (resolved against the base date);
        // `figure::find_figures` alone skips `date::date_spans` (no base). Same spans.
        let raw = include_str!("../tests/fixtures/tongliao-2026-03-21-p1.txt");
        let page = crate::normalize::normalize(raw);
        let base = Ymd::new(2026, 3, 21);
        let arts = crate::articles::split(&page, base);
        let sents = crate::articles::sentences(&page.text, &arts);
        let doc = Doc::new(&page.text, &arts, &sents, base);
        let mut n = 0;
        for (k, art) in arts.iter().enumerate() {
            let spans: Vec<(usize, usize)> = doc.dates()[k].iter().map(|d| (d.start, d.end)).collect();
            assert_eq!(spans, date::date_spans(doc.article_text(art)));
            n += spans.len();
        }
        assert!(n >= 5, "{n}");
    }

    /// A sentence's stored part is the part a search finds, and its tokens, counted in
    /// characters from the sentence's first, start where the decoded page says (what the
    /// name finder relies on to read characters instead of decoding them).
    #[test]
    fn sentence_parts_and_token_characters_line_up() {
        let mut tokens = 0;
        for raw in [
            include_str!("../tests/fixtures/tongliao-2026-03-21-p1.txt"),
            include_str!("../tests/fixtures/eval/renmin-2024-03-06-p1.txt"),
            "标题\n\n本报讯 　 a b\r\n𠀋字 “引号”。\n",
        ] {
            let page = crate::normalize::normalize(raw);
            let arts = crate::articles::split(&page, None);
            let sents = crate::articles::sentences(&page.text, &arts);
            let doc = Doc::new(&page.text, &arts, &sents, None);
            let all = doc.chars.all();
            for (si, toks) in doc.tokens.iter().enumerate() {
                let s = sents[si].span;
                let (want, got) = (doc.chars.region(s.start, s.end), doc.sentence_region(si));
                assert_eq!((got.text(), got.chars()), (want.text(), want.chars()));
                let mut k = doc.sentence_first_char(si);
                for t in toks {
                    let ahead = |k| {
                        let chars = doc.chars.chars_from::<5>(t.start, k);
                        (0..chars.count()).map(|i| chars.get(i).unwrap()).collect::<Vec<_>>()
                    };
                    let decoded: Vec<(usize, char)> = doc.text[t.start..].char_indices().take(5).collect();
                    assert_eq!(ahead(k), decoded);
                    // A wrong index is noticed, and the text decoded.
                    assert!(matches!(doc.chars.chars_from::<5>(t.start, k + 1), scan::Ahead::Buffer(..)));
                    assert_eq!(ahead(k + 1), decoded);
                    assert_eq!(all.chars()[k], t.first, "{:?}", t.word);
                    k += t.chars;
                    tokens += 1;
                }
            }
        }
        assert!(tokens > 1_000, "{tokens}");
    }

    #[test]
    fn span_index_answers_as_a_scan_does() {
        // Regression for the quadratic `resolve`: the index must give the scan's answers.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..200 {
            let spans: Vec<Span> = (0..next(12))
                .map(|_| {
                    let a = next(40);
                    Span::new(a, a + 1 + next(8))
                })
                .collect();
            let idx = SpanIndex::new(spans.clone());
            for a in 0..45 {
                for len in 1..10 {
                    let s = Span::new(a, a + len);
                    assert_eq!(idx.contains(&s), spans.iter().any(|o| o.contains(&s)), "{s:?} in {spans:?}");
                    assert_eq!(
                        idx.strictly_contains(&s),
                        spans.iter().any(|o| o.contains(&s) && *o != s),
                        "{s:?} in {spans:?}"
                    );
                    assert_eq!(idx.overlaps(&s), spans.iter().any(|o| o.overlaps(&s)), "{s:?} in {spans:?}");
                }
            }
        }
    }
}
