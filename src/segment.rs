//! Stage: segment. One jieba-rs segmenter per process, built on first use from jieba's
//! embedded dictionary plus the project's words (places, organisations, titles from
//! `dictionaries/`), so that the extractors see 科左后旗, 市政数局 or 总书记 as one token.
//! Input: a sentence; output: tagged tokens with byte offsets into that sentence.

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
    tag_decoded(text, base, &[])
}

/// [`tag_at`] for a `text` already decoded into `chars` (all its characters, in order):
/// each token's first and last characters are read from them, not decoded again. With
/// any other number of characters (an empty slice) they are decoded from the words.
pub fn tag_decoded<'a>(text: &'a str, base: usize, chars: &[char]) -> Vec<Token<'a>> {
    let tags = SEGMENTER.jieba.tag(text, true);
    let decoded = tags.last().is_none_or(|t| t.end == chars.len());
    tags.into_iter()
        .map(|t| {
            let (first, last) = match chars.get(t.start..t.end) {
                Some([first, .., last]) if decoded => (*first, *last),
                Some([only]) if decoded => (*only, *only),
                _ => {
                    let mut cs = t.word.chars();
                    let first = cs.next().unwrap_or('\0');
                    (first, cs.next_back().unwrap_or(first))
                }
            };
            Token {
                word: t.word,
                tag: t.tag,
                start: base + t.byte_start,
                end: base + t.byte_end,
                chars: t.end - t.start,
                first,
                last,
            }
        })
        .collect()
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
    if !is_common_word(word) {
        return false;
    }
    let tags = SEGMENTER.jieba.tag(word, false);
    !(tags.len() == 1 && tags[0].tag == "ns")
}

/// Whether `word` is in jieba's own dictionary as something other than a name (nr…).
pub fn is_common_non_name(word: &str) -> bool {
    if !is_common_word(word) {
        return false;
    }
    let tags = SEGMENTER.jieba.tag(word, false);
    !(tags.len() == 1 && tags[0].tag.starts_with("nr"))
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

    #[test]
    fn finds_cut_words() {
        assert!(splits_word("科左后旗地处科尔沁沙地与松", "辽平原交接地带"));
        assert!(!splits_word("树立和践行正确政绩观", "近日，习近平总书记"));
        assert!(!splits_word("割舍不断的牵挂", "科左后旗地处科尔沁沙地"));
    }

    #[test]
    fn tags_with_byte_offsets() {
        let s = "市委副书记、市长奇·达楞太主持\r\n2026年GDP增长5.2%，𠀋字";
        let chars: Vec<char> = s.chars().collect();
        let decoded = tag_decoded(s, 0, &chars);
        assert_eq!(decoded, tag(s));
        assert_eq!(tag_decoded(s, 0, &chars[1..]), tag(s), "a wrong count of characters is not used");
        for t in decoded {
            assert_eq!(&s[t.start..t.end], t.word);
            assert_eq!(t.chars, t.word.chars().count());
            assert_eq!(Some(t.first), t.word.chars().next());
            assert_eq!(Some(t.last), t.word.chars().last());
        }
    }
}
