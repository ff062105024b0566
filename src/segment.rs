//! Stage: segment. One jieba-rs segmenter per process, built on first use from jieba's
//! embedded dictionary plus the project's words (places, organisations, titles from
//! `dictionaries/`), so that the extractors see 科左后旗, 市政数局 or 总书记 as one token.
//! Input: a page's sentences (or one text); output: their tokens, tagged, with byte
//! offsets into the page. A page is tagged in two steps ([`tag_page`], then
//! [`Tagged::into_tokens`]) so that a worker can tag a group of pages and make each
//! page's tokens only when it extracts that page.

use jieba_rs::Jieba;
use std::sync::LazyLock;

use crate::dictionaries;

/// A token of a sentence: byte span (relative to the text given to [`tag`]) and POS tag,
/// with its length in characters and its first and last characters, which the extractors
/// test for every token and so are read once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub tag: &'a str,
    pub start: usize,
    pub end: usize,
    /// Characters in `word` (jieba never gives an empty word).
    pub chars: usize,
    pub first: char,
    pub last: char,
}

/// A page's tokens, sentence by sentence: one vector for the page (one allocation, not
/// one a sentence) and each sentence's range of it.
pub struct Tokens<'a> {
    all: Vec<Token<'a>>,
    spans: Vec<(usize, usize)>,
}

impl<'a> Tokens<'a> {
    /// Each sentence's tokens, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[Token<'a>]> + '_ {
        self.spans.iter().map(|&(a, b)| &self.all[a..b])
    }
}

/// The start (or end) offsets of a sentence's tokens, for membership tests. Tokens come
/// in text order, so a binary search answers what a `HashSet` built per sentence would.
#[derive(Debug, Clone, Copy)]
pub struct Offsets<'t, 'a> {
    toks: &'t [Token<'a>],
    ends: bool,
}

impl Offsets<'_, '_> {
    pub fn contains(&self, at: &usize) -> bool {
        if self.ends {
            self.toks.binary_search_by_key(at, |t| t.end).is_ok()
        } else {
            self.toks.binary_search_by_key(at, |t| t.start).is_ok()
        }
    }
}

/// Where the tokens start.
pub fn starts<'t, 'a>(toks: &'t [Token<'a>]) -> Offsets<'t, 'a> {
    Offsets { toks, ends: false }
}

/// Where the tokens end.
pub fn ends<'t, 'a>(toks: &'t [Token<'a>]) -> Offsets<'t, 'a> {
    Offsets { toks, ends: true }
}

struct Segmenter {
    jieba: Jieba,
    /// Words that were in jieba's own dictionary before ours were added.
    added: crate::extract::lexicon::WordSet,
}

static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(build);

/// A word of ours for the segmenter, read from `dictionaries/` (see [`our_words`]).
struct OurWord {
    word: &'static str,
    tag: &'static str,
    /// For a township, its name without the suffix (苏木乡 → 苏木): the township is added
    /// only when that stem is not an ordinary word.
    stem: Option<&'static str>,
}

/// The project's words for the segmenter, read once. Reading them does not need jieba,
/// so [`warm_up_words`] can do it on another thread while jieba loads its dictionary.
static OUR_WORDS: LazyLock<Vec<OurWord>> = LazyLock::new(our_words);

fn our_words() -> Vec<OurWord> {
    let mut out = Vec::new();
    let mut push = |word: &'static str, tag: &'static str, stem: Option<&'static str>| {
        let n = word.chars().count();
        if (2..=16).contains(&n) && !word.contains(' ') {
            out.push(OurWord { word, tag, stem });
        }
    };
    for name in ["places_short", "places_world", "places_natural"] {
        for w in dictionaries::words(name) {
            push(w, "ns", None);
        }
    }
    for e in dictionaries::entries("places_divisions") {
        if let (Some(w), Some(level)) = (e.first(), e.get(1)) {
            if *level != "township" {
                push(w, "ns", None);
            } else if w.chars().count() >= 3 {
                // A township whose name without its suffix is an ordinary word (苏木乡 → 苏木)
                // would glue that word to the next character (苏木乡镇 → 苏木乡/镇): leave it
                // to the matcher.
                push(w, "ns", Some(w.trim_end_matches(['乡', '镇']).trim_end_matches("街道").trim_end_matches("苏木")));
            }
        }
    }
    for w in dictionaries::words("org_abbreviations") {
        push(w, "nt", None);
    }
    for w in dictionaries::words("titles") {
        push(w, "nnt", None);
    }
    out
}

fn build() -> Segmenter {
    let mut jieba = Jieba::new();
    let words = &*OUR_WORDS;
    let mut added = crate::extract::lexicon::WordSet::default();
    added.reserve(words.len());
    for w in words {
        if w.stem.is_some_and(|stem| jieba.has_word(stem)) {
            continue;
        }
        if !jieba.has_word(w.word) {
            added.insert(w.word);
            jieba.add_word(w.word, Some(2000), Some(w.tag));
        }
    }
    Segmenter { jieba, added }
}

/// Build the segmenter now (it is otherwise built on first use).
pub fn warm_up() {
    LazyLock::force(&SEGMENTER);
}

/// Read the project's words for the segmenter now, which needs no segmenter: on a
/// second thread this takes it off the start-up's critical path.
pub fn warm_up_words() {
    LazyLock::force(&OUR_WORDS);
}

/// Load jieba's part-of-speech model for unknown words (a process-wide table in
/// jieba-rs, otherwise read on the first unknown word of the first page). It does not
/// depend on the dictionary, so an empty segmenter loads it, on any thread.
pub fn warm_up_tag_model() {
    let _ = Jieba::empty().tag("新词", true);
}

/// Tag `text` (one sentence or line) with jieba, HMM on for unknown words.
pub fn tag(text: &str) -> Vec<Token<'_>> {
    tag_at(text, 0)
}

/// [`tag`] for `text` that starts at byte `base` of a larger text: the tokens' offsets
/// are into that text.
pub fn tag_at(text: &str, base: usize) -> Vec<Token<'_>> {
    SEGMENTER.jieba.tag(text, true).iter().map(|t| token(t, base)).collect()
}

/// A jieba-rs tag of a text that starts at byte `base`.
fn token<'a>(t: &jieba_rs::Tag<'a>, base: usize) -> Token<'a> {
    let (first, last) = first_and_last(t.word);
    Token {
        word: t.word,
        tag: t.tag,
        start: base + t.byte_start,
        end: base + t.byte_end,
        chars: t.end - t.start,
        first,
        last,
    }
}

/// The first and last characters of a word (jieba-rs never gives an empty one).
fn first_and_last(word: &str) -> (char, char) {
    let mut cs = word.chars();
    let first = cs.next().unwrap_or('\0');
    (first, cs.next_back().unwrap_or(first))
}

/// Whether jieba-rs keeps `c` in the runs of characters it segments into words (CJK
/// ideographs, ASCII letters and digits, `+#&._%-`: its `RE_HAN_DEFAULT`). Any other
/// character is a token of its own, but for `\r\n`, which is one.
fn in_word_run(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-');
    }
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}' | '\u{2A700}'..='\u{2EBEF}' | '\u{2F800}'..='\u{2FA1F}')
}

/// Whether jieba-rs always ends a token between the characters `x` and `y`: there its
/// tokens, and their tags, are those of the two sides tagged apart.
fn cuts_between(x: char, y: char) -> bool {
    let same_token = (in_word_run(x) && in_word_run(y)) || (x == '\r' && y == '\n');
    !same_token
}

/// A tag of jieba-rs as it is kept until its page is extracted: the word (a part of the
/// page's text), its tag and its length in characters, 40 bytes where a [`Token`] takes 64.
#[derive(Debug, Clone, Copy)]
struct WordTag<'a> {
    word: &'a str,
    tag: &'a str,
    chars: u32,
}

/// A page's spans (its sentences) as jieba-rs tagged them, kept small from segmenting to
/// extracting: a worker segments a group of pages before it extracts any (see
/// [`crate::Pipeline::process_group`]), and the tokens of sixteen pages do not stay in
/// the processor's cache in between, where these tags, half their size, mostly do.
/// [`Tagged::into_tokens`] makes the tokens when the page is extracted.
pub struct Tagged<'a> {
    text: &'a str,
    tags: Vec<WordTag<'a>>,
    /// Each span's tags, as a range of `tags`.
    spans: Vec<(usize, usize)>,
}

/// Tag `spans` of `text` (byte ranges, in order, not overlapping: a page's sentences).
/// One call to jieba-rs per sentence costs a setup each time, so consecutive spans are
/// tagged together, with the spaces and line breaks between them, wherever jieba-rs cuts
/// a token at both ends of that gap anyway (see `cuts_between`): the tokens are those
/// of the spans tagged one by one ([`tag_at`]). The gaps' tokens are dropped.
pub fn tag_page<'a>(text: &'a str, spans: &[(usize, usize)]) -> Tagged<'a> {
    let mut out = Tagged { text, tags: Vec::new(), spans: Vec::with_capacity(spans.len()) };
    let before = |at: usize| text.get(..at).and_then(|t| t.chars().next_back());
    let after = |at: usize| text.get(at..).and_then(|t| t.chars().next());
    let cut_at = |at: usize| before(at).zip(after(at)).is_some_and(|(x, y)| cuts_between(x, y));
    // Whether span `k` may be tagged with span `k + 1`: both hold characters, the gap
    // between them is blank, and jieba-rs cuts at both ends of it: where the gap starts
    // (a span may end inside a word run), and so where it ends, after a blank (or where
    // the gap starts, when there is none).
    let joins = |k: usize| {
        let ((a, end), (start, b)) = (spans[k], spans[k + 1]);
        let blank = text.as_bytes().get(end..start).is_some_and(|gap| gap.iter().all(|&b| b == b' ' || b == b'\n'));
        blank && a < end && start < b && cut_at(end)
    };
    let mut k = 0;
    while k < spans.len() {
        let mut last = k;
        while last + 1 < spans.len() && joins(last) {
            last += 1;
        }
        let (start, end) = (spans[k].0, spans[last].1);
        let tags = match text.get(start..end) {
            Some(run) => SEGMENTER.jieba.tag(run, true),
            None => Vec::new(),
        };
        out.tags.reserve(tags.len());
        let mut i = 0;
        for &(a, b) in &spans[k..=last] {
            i += tags[i..].iter().take_while(|t| start + t.byte_start < a).count();
            let n = tags[i..].iter().take_while(|t| start + t.byte_end <= b).count();
            let from = out.tags.len();
            // A word of more than 2^32 characters (a text over 4 GiB) has its count
            // saturated, and its characters are decoded again (see `into_tokens`).
            out.tags.extend(tags[i..i + n].iter().map(|t| WordTag {
                word: t.word,
                tag: t.tag,
                chars: u32::try_from(t.end - t.start).unwrap_or(u32::MAX),
            }));
            out.spans.push((from, out.tags.len()));
            i += n;
        }
        k = last + 1;
    }
    out
}

impl<'a> Tagged<'a> {
    /// The tokens of each span, given `chars(k)`: the characters of span `k` and their
    /// byte offsets in the text, in order (read from the decoded page). A token whose
    /// characters are not there has them decoded from its word.
    pub fn into_tokens<'c>(self, mut chars: impl FnMut(usize) -> (&'c [u32], &'c [char])) -> Tokens<'a> {
        // Every word is a part of the text: its offset is the distance between the two.
        let origin = self.text.as_ptr() as usize;
        // One token a tag, all in one vector; each span's range in it replaces its range
        // of tags.
        let mut all = Vec::with_capacity(self.tags.len());
        let mut spans = self.spans;
        for (k, span) in spans.iter_mut().enumerate() {
            let (from, to) = *span;
            let first = all.len();
            let (offsets, cs) = chars(k);
            let cs = &cs[..cs.len().min(offsets.len())];
            // The tokens cover the span from its first character on: `j` is the index of
            // the next token's first character, looked for again if it is not there.
            let mut j = 0;
            for &WordTag { word, tag, chars } in &self.tags[from..to] {
                let start = word.as_ptr() as usize - origin;
                let end = start + word.len();
                if offsets.get(j).is_none_or(|&o| o as usize != start) {
                    j = offsets.partition_point(|&o| (o as usize) < start);
                }
                let n = chars as usize;
                let (chars, first, last) = match cs.get(j..j.saturating_add(n)) {
                    Some(&[first, .., last]) => (n, first, last),
                    Some(&[only]) => (1, only, only),
                    _ => {
                        let (first, last) = first_and_last(word);
                        (word.chars().count(), first, last)
                    }
                };
                j = j.saturating_add(n);
                all.push(Token { word, tag, start, end, chars, first, last });
            }
            *span = (first, all.len());
        }
        Tokens { all, spans }
    }
}

/// Plain segmentation, no tags, no HMM.
pub fn cut(text: &str) -> Vec<&str> {
    SEGMENTER.jieba.cut(text, false).into_iter().map(|t| t.word).collect()
}

/// Whether `word` is in jieba's own dictionary (not one we added).
pub fn is_common_word(word: &str) -> bool {
    SEGMENTER.jieba.has_word(word) && !SEGMENTER.added.contains(word)
}

/// Whether `word` is in jieba's own dictionary with a tag other than a place's.
pub fn is_common_non_place(word: &str) -> bool {
    is_common_word(word) && word_tag(word) != AloneTag::Place
}

/// Whether `word` is in jieba's own dictionary as something other than a name (nr…).
pub fn is_common_non_name(word: &str) -> bool {
    is_common_word(word) && word_tag(word) != AloneTag::Name
}

/// What jieba tags a word alone as, for the questions above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AloneTag {
    /// One token tagged ns.
    Place,
    /// One token tagged nr, nrt, nrfg…
    Name,
    /// One token with another tag, or more than one token.
    Other,
}

/// What jieba tags `word` alone as.
fn alone_tag(word: &str) -> AloneTag {
    match SEGMENTER.jieba.tag(word, false).as_slice() {
        [only] if only.tag == "ns" => AloneTag::Place,
        [only] if only.tag.starts_with("nr") => AloneTag::Name,
        _ => AloneTag::Other,
    }
}

/// [`alone_tag`], kept. Tagging a word costs a segmentation (hundreds of instructions
/// and the dictionary's cache misses), and the extractors ask about the same few
/// thousand words page after page: the answers are kept, per thread, up to a bound.
fn word_tag(word: &str) -> AloneTag {
    type Kept = std::collections::HashMap<Box<str>, AloneTag, crate::extract::lexicon::Fast>;
    thread_local! {
        static KEPT: std::cell::RefCell<Kept> = std::cell::RefCell::new(Kept::default());
    }
    /// Words kept at most (a few megabytes); past it the cache starts again.
    const MAX_KEPT: usize = 1 << 16;
    KEPT.with(|kept| {
        if let Some(&tag) = kept.borrow().get(word) {
            return tag;
        }
        let tag = alone_tag(word);
        let mut kept = kept.borrow_mut();
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(word.into(), tag);
        tag
    })
}

/// Whether `word` is in the segmenter's dictionary at all.
pub fn has_word(word: &str) -> bool {
    SEGMENTER.jieba.has_word(word)
}

/// Whether the end of `prev` and the start of `next` form one word that the line break
/// cut in two (松 / 辽平原, 坚 / 定不移).
pub fn splits_word(prev: &str, next: &str) -> bool {
    let tail: String = {
        let v: Vec<char> = prev.chars().rev().take(4).collect();
        v.into_iter().rev().collect()
    };
    let head: String = next.chars().take(4).collect();
    if tail.is_empty() || head.is_empty() {
        return false;
    }
    let joined = format!("{tail}{head}");
    let cut_at = tail.len();
    // With HMM on, so that an unknown name cut in two (马克 / 龙) is seen as one word too.
    tag(&joined).iter().any(|t| t.start < cut_at && t.end > cut_at && t.word.chars().all(crate::normalize::is_cjk))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept answers are the segmenter's, asked again or not.
    #[test]
    fn words_alone_are_tagged_as_the_segmenter_tags_them() {
        let words = ["北京", "上海", "李娜", "发展", "通辽市", "科尔沁", "玉米", "黄牛", "王刚", "中国人民", "的", "x"];
        let mut kinds = std::collections::HashSet::new();
        for round in 0..3 {
            for w in words {
                assert_eq!(word_tag(w), alone_tag(w), "{w} (round {round})");
                kinds.insert(format!("{:?}", alone_tag(w)));
            }
        }
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        assert!(is_common_non_name("发展") && !is_common_non_place("北京") && !is_common_non_name("不在词典里的词"));
    }

    #[test]
    fn finds_cut_words() {
        assert!(splits_word("科左后旗地处科尔沁沙地与松", "辽平原交接地带"));
        assert!(!splits_word("树立和践行正确政绩观", "近日，习近平总书记"));
        assert!(!splits_word("割舍不断的牵挂", "科左后旗地处科尔沁沙地"));
    }

    /// Spans tagged together give the tokens of the spans tagged one by one: random texts
    /// of Han characters, ASCII, punctuation, spaces, `\r\n` and a character beyond the
    /// BMP, cut into random spans with and without gaps.
    #[test]
    fn spans_tagged_together_are_tagged_as_apart() {
        const ALPHABET: &[&str] = &[
            "我们",
            "市委",
            "书记",
            "在",
            "通辽",
            "调研",
            "。",
            "，",
            "！",
            "?",
            ";",
            "“",
            "”",
            " ",
            "\n",
            "\r",
            "\r\n",
            "A",
            "b",
            "7",
            "2026",
            ".",
            "-",
            "%",
            "𠀋",
            "的",
            "发展",
            "新",
            "质",
            "生产力",
            "马克",
            "龙",
            "（",
            "）",
        ];
        let mut next = crate::extract::test_rng(0x9E37_79B9_7F4A_7C15);
        let mut joined = 0;
        for _ in 0..400 {
            let len = 1 + next() as usize % 40;
            let text: String = (0..len).map(|_| ALPHABET[next() as usize % ALPHABET.len()]).collect();
            let chars: Vec<char> = text.chars().collect();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            // Random cuts; each piece becomes a span, trimmed of spaces or not, or a gap.
            let mut spans = Vec::new();
            let mut at = 0;
            while at + 1 < bounds.len() {
                let to = (at + 1 + next() as usize % 6).min(bounds.len() - 1);
                let (a, b) = (bounds[at], bounds[to]);
                match next() % 4 {
                    0 => {}
                    1 => {
                        let piece = &text[a..b];
                        let a2 = a + piece.len() - piece.trim_start().len();
                        let b2 = b - (piece.len() - piece.trim_end().len());
                        if b2 > a2 {
                            spans.push((a2, b2));
                        }
                    }
                    _ => spans.push((a, b)),
                }
                at = to;
            }
            let offsets: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            let span_chars = |k: usize| {
                let (a, b) = spans[k];
                let (from, to) =
                    (offsets.partition_point(|&o| (o as usize) < a), offsets.partition_point(|&o| (o as usize) < b));
                (&offsets[from..to], &chars[from..to])
            };
            let together = vecs(tag_page(&text, &spans).into_tokens(span_chars));
            let apart: Vec<Vec<Token>> = spans.iter().map(|&(a, b)| tag_at(&text[a..b], a)).collect();
            assert_eq!(together, apart, "{text:?} {spans:?}");
            // Without the decoded characters (a text over 4 GiB), or with too few, the
            // tokens' characters are decoded from their words.
            assert_eq!(vecs(tag_page(&text, &spans).into_tokens(|_| (&[], &[]))), apart);
            let short = |k: usize| {
                let (o, c) = span_chars(k);
                (&o[..o.len() / 2], &c[..c.len() / 2])
            };
            assert_eq!(vecs(tag_page(&text, &spans).into_tokens(short)), apart);
            joined += (1..spans.len()).filter(|&k| spans[k].0 >= spans[k - 1].1).count();
        }
        assert!(joined > 1000);
    }

    /// Each sentence's tokens as a vector of their own.
    fn vecs<'a>(tokens: Tokens<'a>) -> Vec<Vec<Token<'a>>> {
        tokens.iter().map(<[Token]>::to_vec).collect()
    }

    #[test]
    fn tags_with_byte_offsets() {
        let s = "市委副书记、市长奇·达楞太主持\r\n2026年GDP增长5.2%，𠀋字";
        let tokens = tag(s);
        assert!(tokens.len() > 10);
        for t in tokens {
            assert_eq!(&s[t.start..t.end], t.word);
            assert_eq!(t.chars, t.word.chars().count());
            assert_eq!(Some(t.first), t.word.chars().next());
            assert_eq!(Some(t.last), t.word.chars().last());
        }
    }
}
