//! People: names in the text with the roles that stand beside them.
//!
//! In: the segmented page. Out: person mentions whose text is the name alone, with
//! `roles` (市委副书记、市长奇·达楞太 → 市委副书记, 市长; 习近平总书记 → 总书记; byline roles).
//! Candidates are Han names (a surname from `dictionaries/surnames.txt` and a given name
//! of one or two characters, cut at jieba's token boundaries), names joined with · (奇·达楞太,
//! 阿不都热依木·艾力) and bylines. A candidate that is an ordinary word (玉米, 阳光) or
//! starts with a surname that is also a common word (黄牛) needs evidence: a title
//! beside it, a verb of speech or action after it, or the byline. A name accepted once
//! is a name everywhere on the page.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use super::lexicon::{CharSet, Fast, Lexicon, WordList, LEXICON};
use super::{Doc, Extractor};
use crate::model::{Detail, Kind, Mention, Span};
use crate::segment::{self, Token};

pub struct PersonExtractor;

/// Characters that do not end or fill a given name.
const NOT_GIVEN: &str = "二三四五六七八九十百千万亿两几多少零些的了是在和与及或也都就被把将对向从为以于而但并等个们这那有无不没上下中里内外后前说年月日时分号所其之再还很最更已曾会要能可该各每本我你他她它地得着过来去到给让使由因如若所此其则即既并且就第名位次届";
/// Characters that end place names and so do not end a person's name.
const PLACE_END: &str = "村庄镇乡县市省区旗盟州屯寨路街院厂局部委处所队组";
static NOT_GIVEN_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(NOT_GIVEN.chars()));
static PLACE_END_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(PLACE_END.chars()));
/// Verbs and words that follow a person's name in news.
const AFTER_NAME: &[&str] = &[
    "说", "表示", "指出", "强调", "介绍", "认为", "告诉", "称", "坦言", "主持", "讲话", "出席", "会见", "会谈", "参加",
    "调研", "来到", "走进", "深入", "带领", "先后", "一行", "同志", "等人", "被", "当选", "担任", "曾", "现任", "回忆",
    "笑着", "说道", "提出", "要求", "希望", "宣布", "致辞", "发表", "看到", "发现", "决定", "带着", "拿出", "分别",
    "和", "与", "及", "等", "的", "是", "也", "还", "就", "又", "在",
];
/// Words after a name that are strong evidence on their own.
const STRONG_AFTER: &[&str] = &[
    "说", "表示", "指出", "强调", "介绍", "认为", "告诉", "坦言", "主持", "讲话", "出席", "会见", "会谈", "调研",
    "一行", "同志", "等人", "当选", "担任", "现任", "说道", "致辞", "先生", "女士",
];

impl Extractor for PersonExtractor {
    fn kind(&self) -> Kind {
        Kind::Person
    }

    fn extract(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let lex = &*LEXICON;
        let mut found: Vec<(Span, bool)> = Vec::new(); // (span, accepted on its own)
        let mut confirmed: HashSet<&str, Fast> = HashSet::default();
        // Bylines: authors are people.
        for art in doc.articles {
            for a in &art.authors {
                confirmed.insert(a.name.as_str());
            }
        }
        for (si, toks) in doc.tokens.iter().enumerate() {
            let s = doc.sentences[si].span;
            for span in dot_names(doc.text, s, lex) {
                found.push((span, true));
            }
            for (span, strong) in han_names(doc, si, toks, lex) {
                found.push((span, strong));
            }
            for span in titled_foreign_names(doc.text, toks, lex) {
                found.push((span, true));
            }
        }
        for &(span, ok) in &found {
            if ok {
                confirmed.insert(&doc.text[span.start..span.end]);
            }
        }
        confirmed.retain(|n| !lex.is_place(n) && !lex.is_org(n) && !lex.titles.contains(n));
        if confirmed.is_empty() {
            return;
        }
        // Every occurrence of a confirmed name, at a token start (names are looked up by
        // the token's first character, not searched for one by one over the whole page).
        let mut by_first: HashMap<char, Vec<&str>, Fast> = HashMap::default();
        let mut dotted: Vec<&str> = Vec::new();
        for name in &confirmed {
            if name.contains('·') {
                dotted.push(name);
            } else if let Some(c) = name.chars().next() {
                by_first.entry(c).or_default().push(name);
            }
        }
        let firsts = CharSet::new(by_first.keys().copied());
        let mut spans: BTreeMap<usize, usize> = BTreeMap::new();
        let mut add = |a: usize, b: usize| {
            let e = spans.entry(a).or_insert(b);
            *e = (*e).max(b);
        };
        for (si, toks) in doc.tokens.iter().enumerate() {
            let s = doc.sentences[si].span;
            for t in toks {
                let Some(names) = Some(t.first).filter(|c| firsts.contains(*c)).and_then(|c| by_first.get(&c)) else {
                    continue;
                };
                let rest = &doc.text[t.start..s.end];
                for name in names {
                    if rest.starts_with(name) {
                        add(t.start, t.start + name.len());
                    }
                }
            }
            // A name with · may start inside a token.
            let st = &doc.text[s.start..s.end];
            for name in &dotted {
                for (i, _) in st.match_indices(name) {
                    add(s.start + i, s.start + i + name.len());
                }
            }
        }
        let mut last_end = 0;
        for (a, b) in spans {
            if a < last_end {
                continue;
            }
            last_end = b;
            let span = Span::new(a, b);
            let roles = roles_of(doc, span, lex);
            out.push(Mention::new(Kind::Person, doc.text, span, Detail::Person { roles }));
        }
    }
}

/// Names joined with ·: 奇·达楞太, 阿不都热依木·艾力.
fn dot_names(text: &str, s: Span, lex: &Lexicon) -> Vec<Span> {
    let st = &text[s.start..s.end];
    let mut out: Vec<Span> = Vec::new();
    // · is C2 B7 in UTF-8. The lead byte C2 is rare in Chinese text and a byte search
    // finds it fast, where a search for · itself stops at every B7 (a common
    // continuation byte of Chinese characters).
    if memchr::memchr(0xC2, st.as_bytes()).is_none() {
        return out;
    }
    for (i, _) in st.match_indices('·') {
        let dot = s.start + i;
        if out.last().is_some_and(|l| l.end > dot) {
            continue;
        }
        // Left part: Han characters back from the dot, not crossing a title or a function word.
        let mut start = dot;
        let mut n = 0;
        for (j, c) in text[s.start..dot].char_indices().rev() {
            if !is_han(c) || n >= 8 {
                break;
            }
            let at = s.start + j;
            if n > 0 && lex.titles.longest_ending_at(text, at + c.len_utf8()).is_some() {
                break;
            }
            if "在和与及的是、对由向把被将为".contains(c) && n > 0 {
                break;
            }
            if n > 0 && !lex.translit.contains(c) {
                break;
            }
            start = at;
            n += 1;
        }
        if start == dot {
            continue;
        }
        // Right part: transliteration characters (and more dots).
        let mut end = dot + '·'.len_utf8();
        let mut m = 0;
        for (j, c) in text[end..s.end].char_indices() {
            let at = dot + '·'.len_utf8() + j;
            if c == '·' && m > 0 {
                m = 0;
                end = at + c.len_utf8();
                continue;
            }
            if !is_han(c) || !lex.translit.contains(c) || m >= 8 {
                break;
            }
            end = at + c.len_utf8();
            m += 1;
        }
        // Do not take the first character of the next word (奇·达楞太先后 → 奇·达楞太).
        while m > 1 {
            let Some(last) = text[..end].chars().last() else { break };
            let Some(next) = text[end..].chars().next() else { break };
            let pair = format!("{last}{next}");
            if segment::is_common_word(&pair) {
                end -= last.len_utf8();
                m -= 1;
            } else {
                break;
            }
        }
        if m == 0 {
            continue;
        }
        let name = &text[start..end];
        let left = &text[start..dot];
        if lex.is_place(left) || lex.is_place(name) {
            continue;
        }
        out.push(Span::new(start, end));
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Transliterated names right after a title: 秘书长古特雷斯, 总统特朗普 (jieba may cut them).
fn titled_foreign_names(text: &str, toks: &[Token], lex: &Lexicon) -> Vec<Span> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !lex.evidence_titles.last_chars().contains(t.last) {
            continue;
        }
        // A name needs a transliteration character right after the token: the next
        // token's first, or (at the sentence's end) the text's next character.
        let next = match toks.get(i + 1) {
            Some(n) if n.start == t.end => Some(n.first),
            _ => text[t.end..].chars().next(),
        };
        if !next.is_some_and(|c| lex.translit.contains(c)) || lex.evidence_titles.token_suffix(t).is_none() {
            continue;
        }
        let start = t.end;
        let mut end = start;
        let mut n = 0;
        for c in text[start..].chars() {
            if n >= 6 || !lex.translit.contains(c) {
                break;
            }
            end += c.len_utf8();
            n += 1;
        }
        // Give back a time word or other ordinary word at the end (苏纳克当天 → 苏纳克).
        while n > 3 {
            let tail: String = text[start..end].chars().skip(n - 2).collect();
            if segment::is_common_non_name(&tail) {
                end -= tail.len();
                n -= 2;
            } else {
                break;
            }
        }
        // Give back a last character that starts a word with the next one (特朗普|通电话).
        while n > 2 {
            let Some(last) = text[..end].chars().last() else { break };
            let Some(next) = text[end..].chars().next() else { break };
            if segment::is_common_word(&format!("{last}{next}")) && !segment::is_common_word(&text[start..end]) {
                end -= last.len_utf8();
                n -= 1;
            } else {
                break;
            }
        }
        if n >= 2 && !segment::is_common_non_name(&text[start..end]) && !lex.is_place(&text[start..end]) {
            out.push(Span::new(start, end));
        }
    }
    out
}

/// Han names at token starts (the flag is always true: every name returned is accepted).
fn han_names(doc: &Doc, si: usize, toks: &[Token], lex: &Lexicon) -> Vec<(Span, bool)> {
    let text = doc.text;
    let mut out = Vec::new();
    // The index of the token's first character in the decoded page: the tokens cover the
    // sentence one after the other.
    let mut k = doc.sentence_first_char(si);
    for (ti, tok) in toks.iter().enumerate() {
        let a = tok.start;
        k += tok.chars;
        // Most tokens do not start with a surname: rule them out before anything else.
        if !lex.surname_starts.contains(tok.first) {
            continue;
        }
        let rest = &text[a..];
        // The first five characters, read from the decoded page (this runs for every such
        // token).
        let chars = doc.chars.chars_from::<5>(a, k - tok.chars);
        let (Some((_, c0)), Some((o1, c1))) = (chars.get(0), chars.get(1)) else { continue };
        if !is_han(c0) || !is_han(c1) {
            continue;
        }
        let two = &rest[..o1 + c1.len_utf8()];
        let (surname_len, compound) = if lex.compound_starts.contains(c0) && lex.compound_surnames.contains(two) {
            (2, true)
        } else if lex.single_surnames.contains(c0) {
            (1, false)
        } else {
            continue;
        };
        let mut best: Option<(Span, bool)> = None;
        for given in [2usize, 1] {
            let total = surname_len + given;
            if chars.count() < total {
                continue;
            }
            let end_rel = chars.get(total).map_or(rest.len(), |c| c.0);
            let b = a + end_rel;
            // A token ends at b: one of the next few, which cover the text from `a` on.
            if !toks[ti..].iter().take(4).take_while(|t| t.end <= b).any(|t| t.end == b) {
                continue;
            }
            let cand = &text[a..b];
            let given_chars = cand.chars().skip(surname_len);
            if given_chars.clone().any(|c| !is_han(c) || NOT_GIVEN_SET.contains(c)) {
                continue;
            }
            if given_chars.last().is_some_and(|c| PLACE_END_SET.contains(c)) {
                continue;
            }
            let strong = strong_context(text, Span::new(a, b), chars.get(total).map(|c| c.1), toks, lex);
            let single_token = tok.end == b;
            let name_tag = single_token && tok.tag.starts_with("nr");
            // Asked only where the rule below needs them: most candidates are settled first.
            let common = || segment::is_common_word(cand);
            let ambiguous = || {
                lex.ambiguous_surnames
                    .contains(&cand[..cand.char_indices().nth(surname_len).map_or(cand.len(), |c| c.0)])
            };
            let chars_n = surname_len + given;
            let next_is_noun = || {
                token_at(toks, b)
                    .is_some_and(|t| t.tag.starts_with('n') && t.tag != "nr" && !lex.titles.contains(t.word))
            };
            let quoted = text[..a].ends_with(['“', '「', '‘', '"']) && text[b..].starts_with(['”', '」', '’', '"']);
            let ok = if strong {
                !segment::is_common_non_name(cand)
            } else if quoted {
                // “蒙政通”: a quoted word is a brand or a nickname, not a name.
                false
            } else if chars_n >= 3 && !compound {
                // 3 characters: reject when the first two make an ordinary word (古建筑, 林业局).
                let head = &cand[..cand.char_indices().nth(2).map_or(cand.len(), |c| c.0)];
                // An ordinary word of the dictionary (强降雨, 马拉松) is a name only when the
                // segmenter tags it so, the surname is not also a common word, and its last
                // two characters are not a word of their own.
                let tail = &cand[cand.char_indices().nth(1).map_or(0, |c| c.0)..];
                let dict_ok = || !common() || (name_tag && !ambiguous() && !segment::is_common_non_name(tail));
                !segment::is_common_non_name(head) && dict_ok() && (name_tag || !ambiguous())
            } else if compound {
                !common() && !next_is_noun()
            } else {
                name_tag
                    && !common()
                    && !ambiguous()
                    && !next_is_noun()
                    && follows_well(text, b, toks)
                    && opens_well(text, a, toks, lex)
            };
            // Asked last, of the few candidates that pass: a listed non-name, a place, an
            // organisation or a title is never a name.
            let listed =
                || lex.not_names.contains(cand) || lex.is_place(cand) || lex.is_org(cand) || lex.titles.contains(cand);
            if ok && !listed() {
                best = Some((Span::new(a, b), true));
                break;
            }
        }
        if let Some(b) = best {
            // Skip tokens inside the name.
            let _ = ti;
            out.push(b);
        }
    }
    out
}

/// Before a bare two-character name: the start, punctuation, a conjunction or preposition,
/// a verb, or a title (not a word it could be the end of: 靶向|施策).
fn opens_well(text: &str, start: usize, toks: &[Token], lex: &Lexicon) -> bool {
    match toks.iter().find(|t| t.end == start) {
        None => true,
        Some(t) => {
            t.tag == "x"
                || t.tag.starts_with('c')
                || t.tag.starts_with('p')
                || (t.tag.starts_with('v') && t.chars == 1)
                || lex.titles.contains(t.word)
                || text[..start].ends_with(['，', '、', '。', '（', '“', ' ', '：', '；'])
        }
    }
}

/// After a bare two-character name: punctuation, the end, or a verb-like word.
fn follows_well(text: &str, end: usize, toks: &[Token]) -> bool {
    match token_at(toks, end) {
        None => true,
        Some(t) => {
            AFTER_NAME.contains(&t.word)
                || t.tag.starts_with('v')
                || t.tag == "x"
                || text[end..].starts_with(['，', '、', '。', '）', '”', ' '])
        }
    }
}

/// A title before or after the name at `span`, an honorific or a strong verb after it.
/// `next` is the character at `span.end` (None at the end of the text).
fn strong_context(text: &str, span: Span, next: Option<char>, toks: &[Token], lex: &Lexicon) -> bool {
    let end = if text[..span.start].ends_with(' ') { span.start - 1 } else { span.start };
    if lex.evidence_titles.longest_ending_at(text, end).is_some() {
        return true;
    }
    // The lists are asked only when an entry may start with the next character.
    let may_start = |list: &WordList| next.is_some_and(|c| list.first_chars().contains(c));
    if (may_start(&lex.evidence_titles) && lex.evidence_titles.longest_starting_at(text, span.end).is_some())
        || (may_start(&lex.honorifics) && lex.honorifics.longest_starting_at(text, span.end).is_some())
    {
        return true;
    }
    token_at(toks, span.end).is_some_and(|t| STRONG_AFTER.contains(&t.word))
}

/// The token that starts at byte `start`. The tokens are in text order, so this is a
/// search, not a scan: a scan for every token was quadratic, minutes for a sentence of a
/// million characters (a page with no punctuation).
fn token_at<'a, 't>(toks: &'a [Token<'t>], start: usize) -> Option<&'a Token<'t>> {
    toks.binary_search_by_key(&start, |t| t.start).ok().map(|i| &toks[i])
}

/// Roles beside a name: titles before it (several joined by 、), a title after it, and the
/// byline role when the name is in a byline.
fn roles_of(doc: &Doc, span: Span, lex: &Lexicon) -> Vec<String> {
    let text = doc.text;
    let mut roles: Vec<String> = Vec::new();
    let mut end = if text[..span.start].ends_with(' ') { span.start - 1 } else { span.start };
    while let Some(t) = lex.titles.longest_ending_at(text, end) {
        let mut start = end - t.len();
        // 市委 + 副书记 → 市委副书记 when the list has only the short title.
        let mut role = t.to_string();
        if let Some(unit) = lex.local_units.longest_ending_at(text, start) {
            let ustart = start - unit.len();
            if let Some(level) = text[..ustart].chars().last().filter(|c| "省市县区旗盟州镇乡".contains(*c)) {
                role = format!("{level}{unit}{t}");
                start = ustart - level.len_utf8();
            }
        }
        roles.insert(0, role);
        if text[..start].ends_with('、') {
            end = start - '、'.len_utf8();
        } else {
            break;
        }
    }
    if let Some(t) = lex.titles.longest_starting_at(text, span.end) {
        roles.push(t.to_string());
    }
    for art in doc.articles {
        if art.head_lines.iter().any(|h| h.contains(&span)) {
            let name = &text[span.start..span.end];
            if let Some(role) = art.authors.iter().find(|a| a.name == name).and_then(|a| a.role.clone()) {
                if !roles.iter().any(|r| r.ends_with(role.as_str())) {
                    roles.push(role);
                }
            }
        }
    }
    roles.dedup();
    roles
}

/// Build this module's tables now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&NOT_GIVEN_SET);
    LazyLock::force(&PLACE_END_SET);
}
