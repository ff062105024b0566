//! The word lists the entity extractors share, loaded once from `dictionaries/`:
//! surnames, titles, transliteration characters, place names with their level,
//! organisation names, local government units and organisation suffixes.
//!
//! The extractors ask at nearly every token whether a list has a word starting or ending
//! there, and the answer is nearly always no; the lookup structures are built so that
//! "no" is cheap: [`CharSet`] (a bitmap of characters), [`WordList`] (a set that first
//! tests the first or last character of its entries), [`PairFilter`] (a bitmap over the
//! first two characters of the place names) and the Fx hasher for the sets themselves.

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
    /// The first characters of all surnames, single and compound; the single-character
    /// surnames; the first characters of the compound ones.
    pub surname_starts: CharSet,
    pub single_surnames: CharSet,
    pub compound_starts: CharSet,
    pub titles: WordList,
    /// Titles that show the word beside them is a name (not 干部, 群众, 负责人 …).
    pub evidence_titles: WordList,
    pub honorifics: WordList,
    pub translit: CharSet,
    pub not_names: WordSet,
    /// Every place name (full and short forms) → its level or type.
    pub places: WordMap,
    /// Every proper prefix of every place name (通, 通辽 for 通辽市): a scan for places at a
    /// position stops as soon as the text there is no longer the start of a name.
    pub place_prefixes: WordSet,
    /// The first and last characters of all place names.
    pub place_starts: CharSet,
    pub place_ends: CharSet,
    /// The first two characters of all place names.
    pub place_heads: PairFilter,
    pub orgs: WordSet,
    pub org_names: Vec<&'static str>,
    pub org_matcher: AhoCorasick,
    /// Units that follow a level (市 + 发改委 = 市发改委).
    pub local_units: WordList,
    pub strong_suffixes: WordList,
    pub weak_suffixes: WordList,
    /// Lines of business that end a company's short name (金属, 商贸, 新材料).
    pub industry_suffixes: WordList,
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
    let mut places: WordMap = WordMap::default();
    for name in ["places_divisions", "places_world", "places_natural"] {
        for e in entries(name) {
            if let (Some(n), Some(level)) = (e.first(), e.get(1)) {
                places.entry(*n).or_insert(*level);
            }
        }
    }
    // The indexes over the names; the short forms are added last (below): they need the
    // segmenter, which another thread may still be building, so everything else is built
    // first. Names need two characters at least.
    let mut place_prefixes = WordSet::default();
    let mut place_starts = CharSet::new([]);
    let mut place_ends = CharSet::new([]);
    let mut place_heads = PairFilter::new([]);
    let mut index_place = |name: &'static str| {
        if name.chars().nth(1).is_none() {
            return;
        }
        for (i, _) in name.char_indices().skip(1) {
            place_prefixes.insert(&name[..i]);
        }
        place_starts.insert(name.chars().next());
        place_ends.insert(name.chars().next_back());
        place_heads.insert(name);
    };
    for name in places.keys() {
        index_place(name);
    }
    let orgs: WordSet = words("org_abbreviations").filter(|w| w.chars().count() >= 2).collect();
    let mut org_names: Vec<&'static str> = orgs.iter().copied().collect();
    org_names.sort_unstable();
    let local_units = WordList::new(words("org_local_units"));
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
    // Everything that does not need the segmenter is built before the short forms.
    let surname_starts = CharSet::new(surnames.iter().chain(&compound_surnames).filter_map(|s| s.chars().next()));
    let single_surnames =
        CharSet::new(surnames.iter().filter(|s| s.chars().count() == 1).filter_map(|s| s.chars().next()));
    let compound_starts = CharSet::new(compound_surnames.iter().filter_map(|s| s.chars().next()));
    let translit = CharSet::new(
        get("translit_chars")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace()),
    );
    let org_matcher = matcher(&org_names);
    let (titles, evidence_titles, honorifics) =
        (WordList::new(titles), WordList::new(evidence_titles), WordList::new(honorifics));
    let (strong_suffixes, weak_suffixes, industry_suffixes) =
        (WordList::new(strong_suffixes), WordList::new(weak_suffixes), WordList::new(industry_suffixes));
    // Names need two characters at least.
    places.retain(|k, _| k.chars().count() >= 2);
    for (short, full) in entries("places_short").filter_map(|e| Some((*e.first()?, *e.get(1)?))) {
        let level = places.get(full).copied().unwrap_or("place");
        // A county's short form that is also an ordinary word (光泽, 和平) is left out.
        if short.chars().nth(1).is_none() || level == "county" && crate::segment::is_common_non_place(short) {
            continue;
        }
        if !places.contains_key(short) {
            places.insert(short, level);
            index_place(short);
        }
    }
    Lexicon {
        place_starts,
        place_ends,
        place_heads,
        surname_starts,
        single_surnames,
        compound_starts,
        surnames,
        compound_surnames,
        ambiguous_surnames: words("surnames_ambiguous").collect(),
        titles,
        evidence_titles,
        honorifics,
        translit,
        not_names: words("not_names").collect(),
        places,
        place_prefixes,
        org_matcher,
        orgs,
        org_names,
        local_units,
        strong_suffixes,
        weak_suffixes,
        industry_suffixes,
    }
}

/// Which two-character beginnings some word of a list has: a bitmap of 2^20 bits indexed
/// by a hash of the two characters. A test is a multiplication and a bit lookup, with
/// false positives (a few percent for 40,000 words) and no false negatives, so it rules
/// out most positions before a word is hashed and looked up.
pub struct PairFilter {
    bits: Vec<u64>,
}

impl PairFilter {
    const BITS: u32 = 20;

    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> PairFilter {
        let mut filter = PairFilter { bits: vec![0u64; (1 << Self::BITS) / 64] };
        for w in words {
            filter.insert(w);
        }
        filter
    }

    pub fn insert(&mut self, word: &str) {
        if let Some(i) = Self::index(word) {
            self.bits[i / 64] |= 1 << (i % 64);
        }
    }

    #[inline]
    fn index(word: &str) -> Option<usize> {
        let mut cs = word.chars();
        let pair = ((cs.next()? as u64) << 21) | cs.next()? as u64;
        Some((pair.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize)
    }

    /// Whether some word may begin with the first two characters of `text`.
    #[inline]
    pub fn may_start(&self, text: &str) -> bool {
        Self::index(text).is_some_and(|i| self.bits[i / 64] & (1 << (i % 64)) != 0)
    }
}

impl Lexicon {
    /// Whether a place name may start at the beginning of `text`: its first character
    /// starts some name and its first two begin some name (names have two at least).
    #[inline]
    pub fn place_may_start(&self, text: &str) -> bool {
        text.chars().next().is_some_and(|c| self.place_starts.contains(c)) && self.place_heads.may_start(text)
    }

    /// Whether `word` is a place name (its first and last characters are tested before
    /// the word is hashed).
    #[inline]
    pub fn is_place(&self, word: &str) -> bool {
        self.place_may_start(word)
            && word.chars().next_back().is_some_and(|c| self.place_ends.contains(c))
            && self.places.contains_key(word)
    }
}

/// A set of characters as a bitmap over the Basic Multilingual Plane (8 KiB), with the
/// few characters beyond it in a sorted list: one load and a mask per test, where a
/// hash or a binary search was measurable in loops that test every character of a page.
#[derive(Clone)]
pub struct CharSet {
    bmp: Vec<u64>,
    astral: Vec<char>,
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet { bmp: vec![0; 0x1_0000 / 64], astral: Vec::new() };
        for c in chars {
            let u = c as usize;
            if u < 0x1_0000 {
                set.bmp[u / 64] |= 1 << (u % 64);
            } else {
                set.astral.push(c);
            }
        }
        set.astral.sort_unstable();
        set.astral.dedup();
        set
    }

    /// Add a character (none: nothing).
    pub fn insert(&mut self, c: Option<char>) {
        let Some(c) = c else { return };
        let u = c as usize;
        if u < 0x1_0000 {
            self.bmp[u / 64] |= 1 << (u % 64);
        } else if let Err(i) = self.astral.binary_search(&c) {
            self.astral.insert(i, c);
        }
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let u = c as usize;
        if u < 0x1_0000 {
            self.bmp[u / 64] & (1 << (u % 64)) != 0
        } else {
            self.astral.binary_search(&c).is_ok()
        }
    }
}

/// A word list for lookups at a position of a text: which entry starts (or ends) here.
/// It keeps the first and last characters of its entries, so that most positions, where
/// no entry can start or end, are ruled out before any substring is hashed.
pub struct WordList {
    set: WordSet,
    /// The longest entry, in characters.
    max_chars: usize,
    first: CharSet,
    last: CharSet,
}

impl WordList {
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> WordList {
        let set: WordSet = words.into_iter().collect();
        WordList {
            max_chars: set.iter().map(|w| w.chars().count()).max().unwrap_or(0),
            first: CharSet::new(set.iter().filter_map(|w| w.chars().next())),
            last: CharSet::new(set.iter().filter_map(|w| w.chars().next_back())),
            set,
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &&'static str> {
        self.set.iter()
    }

    /// The longest entry that starts exactly at byte `start` of `text`.
    #[inline]
    pub fn longest_starting_at<'t>(&self, text: &'t str, start: usize) -> Option<&'t str> {
        let rest = text.get(start..)?;
        if !rest.chars().next().is_some_and(|c| self.first.contains(c)) {
            return None;
        }
        self.longest_prefix_of(rest)
    }

    #[inline(never)]
    fn longest_prefix_of<'t>(&self, rest: &'t str) -> Option<&'t str> {
        let mut best = None;
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n >= self.max_chars {
                break;
            }
            let end = i + c.len_utf8();
            if self.last.contains(c) && self.set.contains(&rest[..end]) {
                best = Some(&rest[..end]);
            }
        }
        best
    }

    /// The longest entry that `word` ends with.
    #[inline]
    pub fn longest_suffix<'w>(&self, word: &'w str) -> Option<&'w str> {
        self.longest_ending_at(word, word.len())
    }

    /// The longest entry that ends exactly at byte `end` of `text`.
    #[inline]
    pub fn longest_ending_at<'t>(&self, text: &'t str, end: usize) -> Option<&'t str> {
        let head = text.get(..end)?;
        if !head.chars().next_back().is_some_and(|c| self.last.contains(c)) {
            return None;
        }
        self.longest_suffix_of(head)
    }

    #[inline(never)]
    fn longest_suffix_of<'t>(&self, head: &'t str) -> Option<&'t str> {
        let mut best = None;
        for (n, (i, c)) in head.char_indices().rev().enumerate() {
            if n >= self.max_chars {
                break;
            }
            if self.first.contains(c) && self.set.contains(&head[i..]) {
                best = Some(&head[i..]);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_sets_hold_bmp_and_astral_characters() {
        let mut set = CharSet::new("市县𠀋".chars());
        assert!(set.contains('市') && set.contains('县') && set.contains('𠀋'));
        assert!(!set.contains('省') && !set.contains('a') && !set.contains('𠀀'));
        set.insert(Some('省'));
        set.insert(Some('𠀀'));
        set.insert(None);
        assert!(set.contains('省') && set.contains('𠀀'));
    }

    #[test]
    fn word_lists_find_the_longest_entry_at_a_position() {
        let list = WordList::new(["书记", "副书记", "市委副书记", "市长", "长"]);
        let text = "市委副书记、市长奇·达楞太";
        let comma = text.find('、').unwrap();
        assert_eq!(list.longest_ending_at(text, comma), Some("市委副书记"));
        assert_eq!(list.longest_starting_at(text, 0), Some("市委副书记"));
        let shi = comma + '、'.len_utf8();
        assert_eq!(list.longest_starting_at(text, shi), Some("市长"));
        assert_eq!(list.longest_ending_at(text, shi + "市长".len()), Some("市长"));
        // Nothing starts or ends here; out of range or inside a character is no match.
        assert_eq!(list.longest_starting_at(text, shi + "市长".len()), None);
        assert_eq!(list.longest_ending_at(text, 3), None);
        assert_eq!(list.longest_starting_at(text, 1), None);
        assert_eq!(list.longest_starting_at(text, text.len() + 1), None);
        assert_eq!(list.longest_suffix("自治区副书记"), Some("副书记"));
        assert_eq!(list.longest_suffix("主任"), None);
    }

    #[test]
    fn pair_filters_have_no_false_negatives() {
        let words = ["通辽市", "科左后旗", "内蒙古自治区", "北京"];
        let filter = PairFilter::new(words);
        for w in words {
            assert!(filter.may_start(w), "{w}");
            assert!(filter.may_start(&format!("{w}的")), "{w}");
        }
        // One character is no pair; with 4 words in 2^20 bits these are not set.
        assert!(!filter.may_start("通"));
        assert!(!filter.may_start("上海市"));
        assert!(!filter.may_start("辽市"));
    }

    #[test]
    fn places_are_told_by_the_whole_name() {
        let lex = &*LEXICON;
        assert!(lex.is_place("通辽市") && lex.is_place("内蒙古自治区"));
        assert!(!lex.is_place("通辽市政") && !lex.is_place("通") && !lex.is_place(""));
    }
}
