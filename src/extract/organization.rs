//! Organisations: the longest full name of a party, state, court, media, enterprise or
//! society body.
//!
//! In: the segmented page. Out: organisation mentions. Four sources, longest wins:
//! 1. names and abbreviations from `dictionaries/org_abbreviations.txt` (新华社, 党中央);
//! 2. a level or a place before a local unit from `dictionaries/org_local_units.txt`
//!    (市 + 发改委, 旗 + 委, 自治区 + 党委, 通辽市 + 卫健委);
//! 3. an organisation suffix from `dictionaries/org_suffixes.txt` with the noun phrase
//!    before it (科左后旗农业技术推广中心, 十四届全国人大四次会议江苏代表团);
//! 4. company names written Name（Province）Business (中化学（内蒙古）新材料), and a
//!    name in parentheses that follows an organisation (市委党校（行政学院）).
//!
//! Bare suffixes and titles (中心, 委员会, 市长) are never organisations.

use std::sync::LazyLock;

use super::lexicon::{CharSet, Lexicon, LEXICON};
use super::scan::Region;
use super::{Doc, Extractor};
use crate::model::{Detail, Kind, Mention, Span};
use crate::segment::{self, Token};

pub struct OrganizationExtractor;

/// Levels that stand before a local unit.
const LEVELS: &[&str] = &[
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "苏木",
    "街道",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",
    "镇",
    "乡",
    "村",
];
/// Verbs that stand inside organisation names (农业技术推广中心, 疾病预防控制中心).
const NAME_VERBS: &[&str] = &[
    "推广", "控制", "预防", "管理", "服务", "监督", "发展", "改革", "保护", "建设", "研究", "交易", "保障", "促进",
    "执法", "监测", "检验", "检测", "规划", "设计", "救援", "治理", "审批", "招商", "投资", "开发", "培训", "指导",
    "评估", "调解", "仲裁", "登记", "储备", "征收", "运营", "维护", "救助", "援助", "合作", "交流", "展览", "制造",
];

/// Tags of tokens that can stand inside an organisation's name.
fn name_tag(t: &Token) -> bool {
    let tag = t.tag;
    if tag == "vn" {
        return true;
    }
    if tag.starts_with('v') {
        return NAME_VERBS.contains(&t.word);
    }
    tag.starts_with('n')
        || tag == "j"
        || tag == "b"
        || tag == "an"
        || tag == "l"
        || tag == "m"
        || tag == "eng"
        || tag == "x" && t.word.chars().all(|c| c.is_ascii_alphanumeric())
}
/// Tags a name can start with.
fn head_tag(t: &Token) -> bool {
    let tag = t.tag;
    let single = t.chars == 1;
    if single {
        // 市公共资源交易中心: a level word may open the name; other single characters may not.
        return LEVELS.contains(&t.word);
    }
    (tag.starts_with('n') && tag != "nnt")
        || tag == "j"
        || tag == "eng"
        || (tag == "m" && t.word.ends_with('届'))
        || tag == "vn"
}

/// Tokens that end the walk to the left: function words, pronouns (各级, 我们), numbers.
fn stops_walk(t: &Token) -> bool {
    let tag = t.tag;
    let single = t.chars == 1;
    tag.starts_with('r')
        || tag.starts_with('p')
        || tag.starts_with('c')
        || tag.starts_with('u')
        || tag.starts_with('d')
        || (tag == "m" && !t.word.ends_with('届') && !t.word.ends_with("次") && !t.word.starts_with('第'))
        || (single && !LEVELS.contains(&t.word) && (tag.starts_with('v') || tag == "q" || tag == "f"))
}

/// Suffixes of party and state bodies: the name must open with a place or a level.
const GOV_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "党委",
    "党工委",
    "党组",
    "政协",
    "人民代表大会",
    "常务委员会",
    "纪律检查委员会",
    "监察委员会",
    "人大常委会",
];

impl Extractor for OrganizationExtractor {
    fn kind(&self) -> Kind {
        Kind::Organization
    }

    fn extract(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let lex = &*LEXICON;
        for (si, toks) in doc.tokens.iter().enumerate() {
            let s = doc.sentences[si].span;
            let starts = segment::starts(toks);
            let mut found: Vec<Span> = Vec::new();
            let ends = segment::ends(toks);
            let part = doc.sentence_region(si);
            lex.org_names_in(part, |a, b| {
                let (a, b) = (s.start + a, s.start + b);
                // The name may end inside a token when a title follows (国务院总理 as one token).
                let title_after =
                    lex.titles.longest_starting_at(doc.text, b).is_some_and(|t| ends.contains(&(b + t.len())));
                let member = ["代表", "委员", "常委"].iter().any(|t| doc.text[b..].starts_with(t))
                    && !doc.text[b..].starts_with("代表团")
                    && !doc.text[b..].starts_with("委员会");
                if !member && (starts.contains(&a) || a == s.start) && (ends.contains(&b) || b == s.end || title_after)
                {
                    found.push(Span::new(a, b));
                }
            });
            local_units(doc.text, s, part, toks, lex, &mut found);
            suffix_orgs(doc.text, toks, lex, &mut found);
            company_pattern(doc.text, s, part, lex, &mut found);
            industry_names(doc.text, toks, lex, &mut found);
            // Extend by a parenthesised alternative name: 市委党校（行政学院）.
            for sp in found.iter_mut() {
                if let Some(ext) = paren_extension(doc.text, sp.end, s.end, lex) {
                    sp.end = ext;
                }
            }
            found.retain(|sp| {
                let t = &doc.text[sp.start..sp.end];
                !lex.titles.contains(t) && !is_bare_suffix(t, lex) && t.chars().count() >= 2
            });
            found.sort_by_key(|sp| (sp.start, std::cmp::Reverse(sp.end)));
            let mut last_end = 0;
            for span in found {
                if span.start < last_end {
                    continue;
                }
                last_end = span.end;
                out.push(Mention::new(Kind::Organization, doc.text, span, Detail::Organization {}));
            }
        }
    }
}

fn is_bare_suffix(t: &str, lex: &Lexicon) -> bool {
    let listed = lex.strong_suffixes.contains(t) || lex.weak_suffixes.contains(t) || lex.industry_suffixes.contains(t);
    (listed && t.chars().count() <= 3) || matches!(t, "委员会" | "中心" | "政府" | "党委" | "人大" | "政协" | "委")
}

/// The first characters of [`LEVELS`].
static LEVEL_FIRST: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(LEVELS.iter().filter_map(|l| l.chars().next())));

/// An opening parenthesis, which company names are scanned for.
static OPEN_PAREN: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(['（']));

/// The sets the organisation finders scan sentences for: the first characters of the
/// level words, （, the first characters of the dictionary's names, and the pairs of a
/// place name's last character and a local unit's first.
pub(crate) fn scanned_sets() -> [&'static CharSet; 5] {
    let lex = &*LEXICON;
    [
        &LEVEL_FIRST,
        &OPEN_PAREN,
        lex.org_index.first_chars(),
        lex.place_index.last_chars(),
        lex.local_units.first_chars(),
    ]
}

/// Level or place + local unit: 市委, 市发改委, 自治区党委, 通辽市卫健委.
fn local_units(text: &str, s: Span, part: Region, toks: &[Token], lex: &Lexicon, found: &mut Vec<Span>) {
    let token_starts = segment::starts(toks);
    // Prefix ends: after a level word at a token start, or after a place name.
    let mut prefixes: Vec<(usize, usize)> = Vec::new();
    // Most characters start no level: the scan skips them before comparing whole words.
    let mut from = 0;
    let mut scan = part.scan();
    while let Some((i, c)) = scan.find(&LEVEL_FIRST, from) {
        from = i + c.len_utf8();
        let a = s.start + i;
        for level in LEVELS {
            if text[a..s.end].starts_with(level) {
                let prev = text[..a].chars().last();
                let free = token_starts.contains(&a)
                    || prev.is_none_or(|c| !super::person_is_han(c))
                    || prev.is_some_and(|c| "各和与及、在对向由".contains(c));
                if free {
                    prefixes.push((a, a + level.len()));
                }
                break;
            }
        }
    }
    // A place name at a token start, even when the segmenter glued the unit to it (广东省委).
    // Few places are followed by a unit: the places are looked for only at tokens a little
    // before where a unit begins after a character that can end a place name.
    let units = unit_starts(text, s, part, lex);
    let mut next_unit = units.iter().copied().peekable();
    for t in toks {
        while next_unit.next_if(|&u| u <= t.start).is_some() {}
        // A place has 16 characters at most, of 4 bytes at most.
        if next_unit.peek().is_none_or(|&u| u - t.start > 16 * 4) {
            continue;
        }
        if !lex.place_index.may_start_from(t.first, &text[t.start..s.end]) {
            continue;
        }
        if let Some(b) = super::place::longest_place_at(text, t.start, s.end, lex) {
            if units.binary_search(&b).is_ok() {
                prefixes.push((t.start, b));
            }
        }
    }
    for (a, b) in prefixes {
        if let Some(unit) = lex.local_units.longest_starting_at(text, b) {
            let prefix = &text[a..b];
            // 自治区 takes 党委, not 委; 委 needs a short level (市委, 旗委).
            if unit == "委"
                && (prefix.chars().count() > 1 && !prefix.ends_with(['省', '市', '县', '区', '旗', '盟', '州']))
            {
                continue;
            }
            if unit.starts_with('委') && prefix == "村" {
                continue;
            }
            let end = b + unit.len();
            // Do not cut a word: the unit must end where a token ends (市委 in 市委副书记 is fine).
            found.push(Span::new(a, end));
        }
    }
}

/// Where a local unit begins after a character that can end a place name, inside sentence
/// `s` or right after it: byte offsets into `text`, ascending. A place found at a token
/// ends after the sentence's first character, so its start is not looked at.
fn unit_starts(text: &str, s: Span, part: Region, lex: &Lexicon) -> Vec<usize> {
    let unit = |a: usize| lex.local_units.longest_starting_at(text, a).is_some();
    let mut out: Vec<usize> = Vec::new();
    part.for_each_pair(lex.place_index.last_chars(), lex.local_units.first_chars(), |i| {
        if unit(s.start + i) {
            out.push(s.start + i);
        }
    });
    if text[..s.end].chars().next_back().is_some_and(|p| lex.place_index.last_chars().contains(p)) && unit(s.end) {
        out.push(s.end);
    }
    out
}

fn suffix_orgs(text: &str, toks: &[Token], lex: &Lexicon, found: &mut Vec<Span>) {
    for (i, tok) in toks.iter().enumerate() {
        let strong = lex.strong_suffixes.token_suffix(tok);
        let weak = lex.weak_suffixes.token_suffix(tok);
        let Some(suffix) = strong.or(weak) else { continue };
        // A complete name the dictionary knows (国务院, 最高人民法院) is found there, whole.
        if lex.is_org(tok.word) {
            continue;
        }
        let is_strong = strong.is_some() && strong.map(|s| s.len()) >= weak.map(|s| s.len());
        // Single-character suffixes only as part of a longer token (公安局, 司法所), never a title (团干部).
        if suffix.chars().count() == 1
            && (tok.chars < 3 || lex.titles.longest_ending_at(tok.word, tok.word.len()).is_some())
        {
            continue;
        }
        let mut j = i;
        let mut chars = tok.chars;
        while j > 0 {
            let prev = &toks[j - 1];
            let n = prev.chars;
            if !name_tag(prev) || stops_walk(prev) || chars + n > 20 || lex.titles.contains(prev.word) {
                break;
            }
            chars += n;
            j -= 1;
        }
        // The name starts at a noun, a place or an organisation.
        while j < i && !head_tag(&toks[j]) {
            j += 1;
        }
        let before = i - j;
        let whole_token_name = tok.chars > suffix.chars().count() && !segment::is_common_word(tok.word);
        let ok = if is_strong {
            before >= 1 || whole_token_name
        } else {
            before >= 2
                || (before == 1
                    && (toks[j].tag == "ns"
                        || toks[j].tag == "nt"
                        || toks[j].tag.starts_with("nr")
                        || toks[j].tag == "nz"))
        };
        if !ok {
            continue;
        }
        if GOV_SUFFIXES.iter().any(|g| tok.word.ends_with(g)) {
            let head = &toks[j];
            let placed = head.tag == "ns" || lex.is_place(head.word) || LEVELS.contains(&head.word) || head.tag == "nt";
            if !placed {
                continue;
            }
        }
        let start = toks[j].start;
        let span = Span::new(start, tok.end);
        let name = &text[span.start..span.end];
        if segment::is_common_word(name) && !lex.orgs.contains(name) {
            continue;
        }
        found.push(span);
    }
}

/// 中化学（内蒙古）新材料: a name, a province or city in parentheses, a line of business.
fn company_pattern(text: &str, s: Span, part: Region, lex: &Lexicon, found: &mut Vec<Span>) {
    let mut scan = part.scan();
    let mut from = 0;
    while let Some((i, c)) = scan.find(&OPEN_PAREN, from) {
        from = i + c.len_utf8();
        let open = s.start + i;
        let Some(close_rel) = text[open..s.end].find('）') else { continue };
        let close = open + close_rel;
        let inner = &text[open + '（'.len_utf8()..close];
        if !lex.is_place(inner) {
            continue;
        }
        let left_start = text[s.start..open]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| super::person_is_han(c) && !"、，在和与及到的是".contains(c))
            .take(8)
            .last()
            .map(|(j, _)| s.start + j);
        let after = close + '）'.len_utf8();
        let right_end = text[after..s.end]
            .char_indices()
            .take_while(|&(_, c)| super::person_is_han(c) && !"、，在和与及等的是".contains(c))
            .take(10)
            .last()
            .map(|(j, c)| after + j + c.len_utf8());
        // End at an organisation suffix when the name has one (…物流有限公司|冷链).
        let right_end = right_end.map(|b| {
            let part = &text[after..b];
            lex.strong_suffixes
                .iter()
                .filter_map(|suf| part.find(suf).map(|i| after + i + suf.len()))
                .max()
                .unwrap_or(b)
        });
        if let (Some(a), Some(b)) = (left_start, right_end) {
            if open - a >= 2 * 3 && b - after >= 2 * 3 {
                found.push(Span::new(a, b));
            }
        }
    }
}

/// A company's short name: a name that is not an ordinary word and a line of business
/// (创X金属, X利商贸), standing alone between list separators.
fn industry_names(text: &str, toks: &[Token], lex: &Lexicon, found: &mut Vec<Span>) {
    for (i, tok) in toks.iter().enumerate() {
        let Some(suffix) = lex.industry_suffixes.token_suffix(tok) else { continue };
        let (start, name) = if tok.word.len() > suffix.len() {
            (tok.start, &tok.word[..tok.word.len() - suffix.len()])
        } else if i > 0 {
            (toks[i - 1].start, toks[i - 1].word)
        } else {
            continue;
        };
        let n = name.chars().count();
        if !(2..=4).contains(&n) || !name.chars().all(super::person_is_han) || segment::is_common_word(name) {
            continue;
        }
        let before = text[..start].chars().last();
        let after = text[tok.end..].chars().next();
        let sep_before =
            before.is_none_or(|c| "、，：；（ ".contains(c)) || (i >= 2 && toks[i - 2].tag.starts_with('v'));
        let sep_after = after.is_none_or(|c| "、，。；）等和与及".contains(c));
        if sep_before && sep_after {
            found.push(Span::new(start, tok.end));
        }
    }
}

/// An organisation followed by another name of itself in parentheses.
fn paren_extension(text: &str, end: usize, limit: usize, lex: &Lexicon) -> Option<usize> {
    let rest = text.get(end..limit)?;
    let inner_rest = rest.strip_prefix('（')?;
    let close = inner_rest.find('）')?;
    let inner = &inner_rest[..close];
    let n = inner.chars().count();
    if !(2..=12).contains(&n) {
        return None;
    }
    let org_like =
        lex.strong_suffixes.iter().any(|s| inner.ends_with(s) && inner.len() > s.len()) || lex.orgs.contains(inner);
    org_like.then(|| end + '（'.len_utf8() + close + '）'.len_utf8())
}

/// Build this module's tables now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&LEVEL_FIRST);
}
