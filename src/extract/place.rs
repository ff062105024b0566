//! Places: administrative divisions of every level (from `dictionaries/places_*.txt`),
//! their short forms (科左后旗, 通辽), world and natural places (松辽平原, 科尔沁沙地), and
//! unknown places recognised by a suffix in context (…苏木, …嘎查, …小组 right after a
//! known place, or a name that jieba does not know before 苏木/嘎查/镇/乡/村).
//!
//! In: the segmented page. Out: place mentions with `level` (province, prefecture,
//! county, township, village, country, region, …; null when unknown). A dictionary match
//! counts only where it starts and ends at jieba token boundaries, so 通辽 is found in
//! 通辽市政务 but 东区 is not found inside 山东区域.

use std::sync::LazyLock;

use super::lexicon::{CharSet, Lexicon, LEXICON};
use super::{Doc, Extractor};
use crate::model::{Detail, Kind, Mention, Span};
use crate::segment::{self, Token};

pub struct PlaceExtractor;

/// Suffixes of places below the township, and of townships themselves.
const VILLAGE_SUFFIXES: &[&str] = &["嘎查村", "嘎查", "苏木", "小组", "社区", "村", "屯", "镇", "乡", "街道", "组"];
/// The last characters of [`VILLAGE_SUFFIXES`]: most tokens end with none of them.
static VILLAGE_LAST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(VILLAGE_SUFFIXES.iter().filter_map(|s| s.chars().next_back())));
/// Suffixes that make a place even after an unknown name.
const STRONG: &[&str] = &["嘎查村", "嘎查", "苏木", "镇", "乡", "街道"];
/// Words before a suffix that show it is not a place (工作小组, 学习小组).
const NOT_PLACE_HEAD: &str =
    "的了是在和与及或也都就被把将对向从为以于而但并等个们这那有无不没上中里内外后前说各每本我你他她";

fn level_of(suffix: &str) -> &'static str {
    match suffix {
        "苏木" | "镇" | "乡" | "街道" => "township",
        _ => "village",
    }
}

impl Extractor for PlaceExtractor {
    fn kind(&self) -> Kind {
        Kind::Place
    }

    fn extract(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let lex = &*LEXICON;
        for (si, toks) in doc.tokens.iter().enumerate() {
            let _ = si;
            let mut found: Vec<(Span, &'static str)> = Vec::new();
            for (a, b) in token_places(doc.text, toks, lex) {
                // 苏木乡镇: the suffix belongs to the next word (乡镇) and the rest is a word of its own.
                if glued_suffix(doc.text, a, b) {
                    continue;
                }
                let level = lex.places.get(&doc.text[a..b]).copied().unwrap_or("place");
                found.push((Span::new(a, b), level));
            }
            suffix_places(doc.text, toks, lex, &mut found);
            found.sort();
            let mut last_end = 0;
            for (span, level) in found {
                if span.start < last_end {
                    continue;
                }
                last_end = span.end;
                out.push(Mention::new(Kind::Place, doc.text, span, Detail::Place { level: Some(level.to_string()) }));
            }
        }
    }
}

/// The longest place name that starts at byte `a` and ends at or before `end`.
pub(crate) fn longest_place_at(text: &str, a: usize, end: usize, lex: &Lexicon) -> Option<usize> {
    let rest = text.get(a..end)?;
    lex.place_index.longest_at(rest, 16, |piece| lex.places.contains_key(piece)).map(|len| a + len)
}

/// Place names among a sentence's tokens, as byte spans into `text`. The segmenter knows
/// every place name of the dictionaries, so places are tokens: a token that is a place,
/// two or three tokens that make one (科尔沁|沙地), a token made of places in a row
/// (上海市浦东新区), or of a place and a title (日本首相). A name never starts or ends inside
/// a word (东区 is not found in 山东区域).
pub(crate) fn token_places(text: &str, toks: &[Token], lex: &Lexicon) -> Vec<(usize, usize)> {
    // Every candidate starts at a token whose first two characters passed the start test:
    // whether it is a place is a question of its last character and then of the whole name.
    let is_place = |t: &Token, word: &str, last: char| {
        word.len() > t.first.len_utf8() && lex.place_index.last_chars().contains(last) && lex.places.contains_key(word)
    };
    token_places_with(text, toks, lex, |i| may_start_at(text, toks, i, lex), is_place)
}

/// [`token_places`] with its two tests given: whether a name may start at token `i`, and
/// whether `word` (starting at token `t`, ending with `last`) is a place.
fn token_places_with(
    text: &str,
    toks: &[Token],
    lex: &Lexicon,
    may_start: impl Fn(usize) -> bool,
    is_place: impl Fn(&Token, &str, char) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // Every candidate below starts at the token and has two characters at least.
        if !may_start(i) {
            i += 1;
            continue;
        }
        if is_place(t, t.word, t.last) {
            out.push((t.start, t.end));
            i += 1;
            continue;
        }
        // Two or three tokens that make one name.
        let mut joined = None;
        for k in [3usize, 2] {
            if i + k <= toks.len() && toks[i..i + k].windows(2).all(|w| w[0].end == w[1].start) {
                let (a, b) = (t.start, toks[i + k - 1].end);
                if b - a <= 48 && is_place(t, &text[a..b], toks[i + k - 1].last) {
                    joined = Some((k, a, b));
                    break;
                }
            }
        }
        if let Some((k, a, b)) = joined {
            out.push((a, b));
            i += k;
            continue;
        }
        // Places in a row inside one token, possibly followed by a title.
        if t.chars >= 3 {
            let mut pieces = Vec::new();
            let mut pos = t.start;
            while pos < t.end {
                match longest_place_at(text, pos, t.end, lex) {
                    Some(b) => {
                        pieces.push((pos, b));
                        pos = b;
                    }
                    None => break,
                }
            }
            let rest = &text[pos..t.end];
            if !pieces.is_empty() && (pos == t.end || lex.titles.contains(rest)) {
                out.extend(pieces);
            }
        }
        i += 1;
    }
    out
}

/// Whether a place name may start at token `i`, by the first two characters there. The
/// second is the token's last, or the next token's first, when the token has two
/// characters or one: then nothing is decoded.
#[inline]
fn may_start_at(text: &str, toks: &[Token], i: usize, lex: &Lexicon) -> bool {
    let t = &toks[i];
    let second = match t.chars {
        1 => toks.get(i + 1).filter(|n| n.start == t.end).map(|n| n.first),
        2 => Some(t.last),
        _ => None,
    };
    match second {
        Some(second) => lex.place_index.may_start_with(t.first, second),
        None => lex.place_index.may_start_from(t.first, &text[t.start..]),
    }
}

/// The last character of a place name forms a word with the next character (乡|镇), and
/// what is left of the name is an ordinary word (苏木): not a place here.
fn glued_suffix(text: &str, a: usize, b: usize) -> bool {
    let Some(last) = text[a..b].chars().last() else { return false };
    let Some(next) = text[b..].chars().next() else { return false };
    let stem = &text[a..b - last.len_utf8()];
    if !"乡镇县区市旗村".contains(last) || stem.chars().count() < 2 {
        return false;
    }
    segment::is_common_word(&format!("{last}{next}")) && segment::is_common_word(stem)
}

/// Unknown places before a village or township suffix.
fn suffix_places(text: &str, toks: &[Token], lex: &Lexicon, found: &mut Vec<(Span, &'static str)>) {
    for (i, tok) in toks.iter().enumerate() {
        if !VILLAGE_LAST.contains(tok.last) {
            continue;
        }
        let Some(suffix) = VILLAGE_SUFFIXES.iter().find(|s| tok.word.ends_with(*s)) else { continue };
        let strong = STRONG.contains(suffix);
        let end = tok.end;
        if found.iter().any(|(sp, _)| sp.start < end && end <= sp.end) {
            continue;
        }
        // The token is the suffix alone: the name is in the tokens before it.
        let mut start = tok.start;
        if tok.word == *suffix {
            // Right after a known place (chain: 朝鲁吐镇下阿木塔小组): everything in between.
            let chain = found
                .iter()
                .filter(|(sp, _)| sp.end <= tok.start && tok.start - sp.end <= 18)
                .map(|(sp, _)| sp.end)
                .max();
            // A township named after the place right before it (德庆|镇 → 德庆镇).
            if matches!(*suffix, "镇" | "乡" | "苏木" | "街道") {
                // Only a short form (德庆) takes it: after 科左后旗 (a full name), 苏木镇 means
                // "sumu and towns".
                let short = |sp: &Span| {
                    !text[sp.start..sp.end].ends_with(['省', '市', '县', '区', '旗', '盟', '州', '镇', '乡', '村'])
                };
                if let Some(k) = found.iter().position(|(sp, _)| sp.end == tok.start && short(sp)) {
                    found[k] = (Span::new(found[k].0.start, tok.end), "township");
                    continue;
                }
            }
            let mut j = i;
            let mut chars = 0;
            while j > 0 {
                let prev = &toks[j - 1];
                if chain == Some(prev.end) {
                    break;
                }
                let n = prev.chars;
                if VILLAGE_SUFFIXES.iter().any(|s| prev.word.ends_with(s)) {
                    break;
                }
                let proper = prev.tag.starts_with("nr")
                    || prev.tag == "ns"
                    || prev.tag == "nz"
                    || !segment::is_common_word(prev.word);
                let is_han = prev.word.chars().all(|c| matches!(c as u32, 0x4E00..=0x9FFF));
                if !is_han || chars + n > 8 || (n == 1 && NOT_PLACE_HEAD.contains(prev.word)) {
                    break;
                }
                if chain.is_none() && !proper && !(n == 1 && lex.translit.contains(prev.first)) {
                    break;
                }
                chars += n;
                j -= 1;
                start = prev.start;
            }
            if start == tok.start {
                continue;
            }
            if !strong && chain.is_none() {
                // 小组, 村, 组 after an unknown word: only when the name is unusual (not a dictionary word at all).
                let head = &text[start..tok.start];
                if segment::has_word(head) || head.chars().count() < 2 {
                    continue;
                }
            }
        } else {
            // One token ending with the suffix (张家村, 朝鲁吐镇): a place unless it is an ordinary word.
            if segment::is_common_word(tok.word) && tok.tag != "ns" {
                continue;
            }
            if tok.chars < 2 + suffix.chars().count().saturating_sub(1) {
                continue;
            }
            if !strong && tok.tag != "ns" && segment::has_word(tok.word) {
                continue;
            }
            if glued_suffix(text, tok.start, tok.end) {
                continue;
            }
            // A short token (塘村) after unknown words (阿克|吾斯): the name starts there.
            if tok.chars <= 3 {
                let mut j = i;
                let mut chars = tok.chars;
                while j > 0 {
                    let prev = &toks[j - 1];
                    let n = prev.chars;
                    let is_han = prev.word.chars().all(|c| matches!(c as u32, 0x4E00..=0x9FFF));
                    let unknown = !segment::has_word(prev.word) || prev.tag.starts_with("nr") || prev.tag == "nrt";
                    if !is_han || !unknown || chars + n > 8 || found.iter().any(|(sp, _)| sp.end == prev.end) {
                        break;
                    }
                    chars += n;
                    j -= 1;
                    start = prev.start;
                }
            }
            // Right after a known place, the name may have been cut by the segmenter:
            // 巴图塔苏木|查干塔拉|布日嘎查 → 查干塔拉布日嘎查.
            if let Some(chain) = found
                .iter()
                .filter(|(sp, _)| sp.end <= tok.start && tok.start - sp.end <= 18)
                .map(|(sp, _)| sp.end)
                .max()
            {
                let between = &text[chain..tok.start];
                let plain = between.chars().all(|c| matches!(c as u32, 0x4E00..=0x9FFF) && !NOT_PLACE_HEAD.contains(c));
                if plain && !segment::is_common_word(between) && tok.tag != "ns" {
                    start = chain;
                }
            }
        }
        let span = Span::new(start, end);
        if found.iter().any(|(sp, _)| sp.overlaps(&span)) {
            // Replace shorter overlapping finds by the longer suffix place.
            found.retain(|(sp, _)| !(span.contains(sp) && *sp != span));
            if found.iter().any(|(sp, _)| sp.overlaps(&span)) {
                continue;
            }
        }
        found.push((span, level_of(suffix)));
        found.sort();
    }
}

/// Build this module's tables now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&VILLAGE_LAST);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seven pages, normalised, cut into lines, each line with its tokens (the lines are
    /// leaked, so that the tokens can borrow them).
    fn tagged_lines() -> Vec<(&'static str, Vec<Token<'static>>)> {
        let pages = [
            include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt"),
            include_str!("../../tests/fixtures/eval/jingji-2022-07-16-p1.txt"),
            include_str!("../../tests/fixtures/eval/renmin-2024-03-06-p1.txt"),
            include_str!("../../tests/fixtures/eval/xiangyang-2019-11-22-p2.txt"),
            include_str!("../../tests/fixtures/eval/xinjiang-2020-10-09-p1.txt"),
            include_str!("../../tests/fixtures/eval/xizang-2023-04-07-p1.txt"),
            include_str!("../../tests/fixtures/eval/zhejiang-2025-04-18-p1.txt"),
        ];
        let mut out = Vec::new();
        for page in pages {
            let text = crate::normalize::normalize(page).text;
            for line in text.lines() {
                let line: &'static str = Box::leak(line.to_string().into_boxed_str());
                out.push((line, segment::tag(line)));
            }
        }
        out
    }

    /// The test at a token that reads the second character from the tokens answers what
    /// the test that decodes it from the text answers, at every token of seven pages.
    #[test]
    fn place_starts_are_tested_as_by_decoding() {
        let lex = &*LEXICON;
        let (mut tokens, mut starts) = (0, 0);
        for (line, toks) in tagged_lines() {
            for i in 0..toks.len() {
                let want = lex.place_index.may_start_from(toks[i].first, &line[toks[i].start..]);
                assert_eq!(may_start_at(line, &toks, i, lex), want, "{line:?} at token {i}");
                tokens += 1;
                starts += usize::from(want);
            }
        }
        assert!(tokens > 5_000 && starts > 500, "{tokens} {starts}");
    }

    /// `token_places` as it was before it used what the start test had already passed: the
    /// start test by decoding, every candidate through [`Lexicon::is_place`].
    fn token_places_plain(text: &str, toks: &[Token], lex: &Lexicon) -> Vec<(usize, usize)> {
        let may_start = |i: usize| lex.place_index.may_start_from(toks[i].first, &text[toks[i].start..]);
        token_places_with(text, toks, lex, may_start, |_, word, _| lex.is_place(word))
    }

    #[test]
    fn token_places_are_those_of_the_plain_tests() {
        let lex = &*LEXICON;
        let mut found = 0;
        for (line, toks) in tagged_lines() {
            let got = token_places(line, &toks, lex);
            assert_eq!(got, token_places_plain(line, &toks, lex), "{line:?}");
            found += got.len();
        }
        assert!(found > 200, "{found}");
        // Place names cut into two or three tokens at every place, between other words.
        let tokens_of = |pieces: &[&'static str]| {
            let mut at = 0;
            pieces
                .iter()
                .map(|w| {
                    let t = Token {
                        word: w,
                        tag: "x",
                        start: at,
                        end: at + w.len(),
                        chars: w.chars().count(),
                        first: w.chars().next().unwrap_or(' '),
                        last: w.chars().last().unwrap_or(' '),
                    };
                    at += w.len();
                    t
                })
                .collect::<Vec<_>>()
        };
        let mut names: Vec<&str> = lex.places.keys().copied().filter(|n| n.chars().count() >= 3).collect();
        names.sort_unstable();
        let mut joined = 0;
        for name in names.iter().step_by(5) {
            let cuts: Vec<usize> = name.char_indices().map(|(i, _)| i).skip(1).collect();
            for (x, &c1) in cuts.iter().enumerate() {
                let mut splits = vec![vec![&name[..c1], &name[c1..]]];
                for &c2 in &cuts[x + 1..] {
                    splits.push(vec![&name[..c1], &name[c1..c2], &name[c2..]]);
                }
                for split in splits {
                    let pieces: Vec<&'static str> = ["在"].into_iter().chain(split).chain(["的", "发展"]).collect();
                    let line: String = pieces.concat();
                    let toks = tokens_of(&pieces);
                    let got = token_places(&line, &toks, lex);
                    assert_eq!(got, token_places_plain(&line, &toks, lex), "{pieces:?}");
                    joined += usize::from(got.iter().any(|&(a, b)| &line[a..b] == *name));
                }
            }
        }
        assert!(joined > 1_000, "{joined}");
    }
}
