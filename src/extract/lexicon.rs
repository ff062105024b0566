//! The word lists the entity extractors share, loaded once from `dictionaries/`:
//! surnames, titles, transliteration characters, place names with their level,
//! organisation names, local government units and organisation suffixes.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::dictionaries::{entries, get, words};

/// A fast non-cryptographic hasher (the multiply-rotate hash of rustc's FxHasher) for
/// the word sets: the lexicon is fixed data, so hash flooding is no concern, and SipHash
/// showed up in profiles of the name and organisation lookups.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type Fast = BuildHasherDefault<FxHasher>;
pub type WordSet = HashSet<&'static str, Fast>;
pub type WordMap = HashMap<&'static str, &'static str, Fast>;

pub struct Lexicon {
    pub surnames: WordSet,
    pub compound_surnames: WordSet,
    pub ambiguous_surnames: WordSet,
    pub titles: WordSet,
    /// Titles that show the word beside them is a name (not 干部, 群众, 负责人 …).
    pub evidence_titles: WordSet,
    pub honorifics: WordSet,
    pub max_title_chars: usize,
    pub translit: HashSet<char, Fast>,
    pub not_names: WordSet,
    /// Every place name (full and short forms) → its level or type.
    pub places: WordMap,
    /// Every proper prefix of every place name (通, 通辽 for 通辽市): a scan for places at a
    /// position stops as soon as the text there is no longer the start of a name.
    pub place_prefixes: WordSet,
    pub orgs: WordSet,
    pub org_names: Vec<&'static str>,
    pub org_matcher: AhoCorasick,
    /// Units that follow a level (市 + 发改委 = 市发改委).
    pub local_units: WordSet,
    pub max_unit_chars: usize,
    pub strong_suffixes: Vec<&'static str>,
    pub weak_suffixes: Vec<&'static str>,
    /// Lines of business that end a company's short name (金属, 商贸, 新材料).
    pub industry_suffixes: Vec<&'static str>,
}

/// Titles too generic to show that the word beside them is a person's name.
const GENERIC_TITLES: &[&str] = &[
    "干部",
    "党员",
    "负责人",
    "群众",
    "团员",
    "代表",
    "委员",
    "成员",
    "职工",
    "工作人员",
    "领导",
    "领导干部",
    "人员",
    "同志",
    "主人",
    "老师",
    "学生",
    "村民",
    "居民",
    "农民",
    "牧民",
    "工人",
    "专家",
    "骨干",
    "嘉宾",
    "会员",
    "游客",
    "乘客",
    "患者",
    "病人",
    "中学生",
    "小学生",
    "大学生",
    "研究生",
    "市民",
    "农牧民",
    "农户",
    "养殖户",
    "种植户",
    "种养殖户",
    "脱贫户",
    "家长",
    "留守儿童",
    "残疾人",
    "务工人员",
    "旅客",
    "创业者",
    "志愿者",
    "共青团员",
    "少先队员",
    "老党员",
    "老干部",
    "老战士",
    "退休干部",
    "退休职工",
    "网红",
];

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(load);

fn matcher(names: &[&'static str]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(names)
        .unwrap_or_else(|_| AhoCorasick::new(Vec::<&str>::new()).expect("empty automaton"))
}

fn load() -> Lexicon {
    let mut surnames = WordSet::default();
    let mut compound_surnames = WordSet::default();
    for e in entries("surnames") {
        match (e.first(), e.get(1)) {
            (Some(s), Some(&"compound")) => {
                compound_surnames.insert(*s);
            }
            (Some(s), _) => {
                surnames.insert(*s);
            }
            _ => {}
        }
    }
    let mut titles = WordSet::default();
    let mut honorifics = WordSet::default();
    let mut evidence_titles = WordSet::default();
    for e in entries("titles") {
        if let Some(t) = e.first() {
            match e.get(1) {
                Some(&"honorific") => {
                    honorifics.insert(*t);
                }
                _ => {
                    titles.insert(*t);
                    if !GENERIC_TITLES.contains(t) {
                        evidence_titles.insert(*t);
                    }
                }
            }
        }
    }
    let max_title_chars = titles.iter().map(|t| t.chars().count()).max().unwrap_or(1);
    let mut places: WordMap = WordMap::default();
    for name in ["places_divisions", "places_world", "places_natural"] {
        for e in entries(name) {
            if let (Some(n), Some(level)) = (e.first(), e.get(1)) {
                places.entry(*n).or_insert(*level);
            }
        }
    }
    // The short forms are added last (below): they need the segmenter, which another
    // thread may still be building, so everything else is built first.
    let orgs: WordSet = words("org_abbreviations").filter(|w| w.chars().count() >= 2).collect();
    let mut org_names: Vec<&'static str> = orgs.iter().copied().collect();
    org_names.sort_unstable();
    let local_units: WordSet = words("org_local_units").collect();
    let max_unit_chars = local_units.iter().map(|t| t.chars().count()).max().unwrap_or(1);
    let mut strong_suffixes = Vec::new();
    let mut weak_suffixes = Vec::new();
    let mut industry_suffixes = Vec::new();
    for e in entries("org_suffixes") {
        if let Some(s) = e.first() {
            match e.get(1) {
                Some(&"strong") => strong_suffixes.push(*s),
                Some(&"industry") => industry_suffixes.push(*s),
                _ => weak_suffixes.push(*s),
            }
        }
    }
    industry_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    // Longest suffix first.
    strong_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    weak_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for (short, full) in entries("places_short").filter_map(|e| Some((*e.first()?, *e.get(1)?))) {
        let level = places.get(full).copied().unwrap_or("place");
        // A county's short form that is also an ordinary word (光泽, 和平) is left out.
        if level == "county" && crate::segment::is_common_non_place(short) {
            continue;
        }
        places.entry(short).or_insert(level);
    }
    // Places need two characters at least.
    places.retain(|k, _| k.chars().count() >= 2);
    let mut place_prefixes = WordSet::default();
    for name in places.keys() {
        for (i, _) in name.char_indices().skip(1) {
            place_prefixes.insert(&name[..i]);
        }
    }
    Lexicon {
        surnames,
        compound_surnames,
        ambiguous_surnames: words("surnames_ambiguous").collect(),
        titles,
        evidence_titles,
        honorifics,
        max_title_chars,
        translit: get("translit_chars")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect(),
        not_names: words("not_names").collect(),
        places,
        place_prefixes,
        org_matcher: matcher(&org_names),
        orgs,
        org_names,
        local_units,
        max_unit_chars,
        strong_suffixes,
        weak_suffixes,
        industry_suffixes,
    }
}

/// The longest entry of `set` that ends exactly at byte `end` of `text`, up to `max` chars.
pub fn longest_ending_at<'t, S: std::hash::BuildHasher>(
    text: &'t str,
    end: usize,
    set: &HashSet<&str, S>,
    max: usize,
) -> Option<&'t str> {
    let mut best = None;
    let mut start = end;
    for (n, (i, _)) in text[..end].char_indices().rev().enumerate() {
        if n >= max {
            break;
        }
        start = i;
        if set.contains(&text[start..end]) {
            best = Some(&text[start..end]);
        }
    }
    let _ = start;
    best
}

/// The longest entry of `set` that starts exactly at byte `start` of `text`.
pub fn longest_starting_at<'t, S: std::hash::BuildHasher>(
    text: &'t str,
    start: usize,
    set: &HashSet<&str, S>,
    max: usize,
) -> Option<&'t str> {
    let mut best = None;
    for (n, (i, c)) in text[start..].char_indices().enumerate() {
        if n >= max {
            break;
        }
        let end = start + i + c.len_utf8();
        if set.contains(&text[start..end]) {
            best = Some(&text[start..end]);
        }
    }
    best
}

/// The first and last characters of the entries of a word list, sorted. A position where
/// no entry can start (or end) is ruled out with a binary search over a few hundred
/// characters, before [`longest_starting_at`] / [`longest_ending_at`] hash every
/// substring up to the longest entry; they find nothing there anyway.
pub struct EdgeChars {
    first: Vec<char>,
    last: Vec<char>,
}

impl EdgeChars {
    pub fn of<'a>(words: impl IntoIterator<Item = &'a &'a str>) -> EdgeChars {
        let (mut first, mut last) = (Vec::new(), Vec::new());
        for w in words {
            first.extend(w.chars().next());
            last.extend(w.chars().next_back());
        }
        for v in [&mut first, &mut last] {
            v.sort_unstable();
            v.dedup();
        }
        EdgeChars { first, last }
    }

    /// Whether an entry may start at byte `start` of `text`.
    pub fn may_start_at(&self, text: &str, start: usize) -> bool {
        text[start..].chars().next().is_some_and(|c| self.first.binary_search(&c).is_ok())
    }

    /// Whether an entry may end at byte `end` of `text`.
    pub fn may_end_at(&self, text: &str, end: usize) -> bool {
        text[..end].chars().next_back().is_some_and(|c| self.last.binary_search(&c).is_ok())
    }
}
