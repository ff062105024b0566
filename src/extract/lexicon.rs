//! The word lists the entity extractors share, loaded once from `dictionaries/`:
//! surnames, titles, transliteration characters, place names with their level,
//! organisation names, local government units and organisation suffixes.
//!
//! The extractors ask at nearly every token whether a list has a word starting or ending
//! there, and the answer is nearly always no; the lookup structures are built so that
//! "no" is cheap: [`CharSet`] (a bitmap of characters), [`WordList`] (a set that first
//! tests the first or last character of its entries), [`PairFilter`] (a bitmap over the
//! first two characters of a list), [`NameIndex`] (the longest place or organisation name
//! at a position) and the Fx hasher for the sets themselves.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::scan::Region;
use crate::dictionaries::{entries, get, words};
use crate::segment::Token;

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

/// The hash of a text extended by one character: a name index hashes the prefixes of a
/// name a character at a time, so that a walk along the text hashes each character once.
#[inline]
fn extend_hash(hash: u64, c: char) -> u64 {
    (hash.rotate_left(5) ^ c as u64).wrapping_mul(SEED)
}
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
    pub not_names: WordList,
    /// Every place name (full and short forms) → its level or type.
    pub places: WordMap,
    /// The place names (of two characters or more), indexed for the longest one at a position.
    pub place_index: NameIndex,
    /// Organisation names and abbreviations (新华社, 党中央), and their index.
    pub orgs: WordSet,
    pub org_index: NameIndex,
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
    // The index over the names; the short forms are added last (below): they need the
    // segmenter, which another thread may still be building, so everything else is built
    // first.
    let mut place_index = NameIndex::with_capacity(places.len());
    for name in places.keys() {
        place_index.insert(name);
    }
    let orgs: WordSet = words("org_abbreviations").filter(|w| w.chars().count() >= 2).collect();
    let mut org_index = NameIndex::with_capacity(orgs.len());
    for name in &orgs {
        org_index.insert(name);
    }
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
            place_index.insert(short);
        }
    }
    Lexicon {
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
        not_names: WordList::new(words("not_names")),
        places,
        place_index,
        orgs,
        org_index,
        local_units,
        strong_suffixes,
        weak_suffixes,
        industry_suffixes,
    }
}

/// Which two-character beginnings some word of a list has: a bitmap indexed by a hash of
/// the two characters, of 32 bits per word, from 2^10 bits up to 2^18 (32 KB). A test is a
/// multiplication and a bit lookup, with false positives (a few percent; up to 14% for
/// the 37,000 place names) and no false negatives, so it rules out most positions before a
/// word is hashed and looked up.
pub struct PairFilter {
    bits: Vec<u64>,
    /// 64 less the number of index bits.
    shift: u32,
}

impl PairFilter {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> PairFilter {
        let words: Vec<&str> = words.into_iter().collect();
        let mut filter = PairFilter::with_capacity(words.len());
        for w in words {
            filter.insert(w);
        }
        filter
    }

    /// An empty filter sized for about `words` words: small lists get a small bitmap,
    /// which stays in the cache beside everything else. The place names' filter, tested
    /// at random for nearly every token, was 128 KB and missed the cache on about half its
    /// tests (perf: half of the place finder's time on that one load); at 32 KB the place
    /// finder takes a third less time for 0.4% more instructions (the false positives).
    pub fn with_capacity(words: usize) -> PairFilter {
        let bits = (words.saturating_mul(32)).next_power_of_two().clamp(1 << 10, 1 << 18);
        PairFilter { bits: vec![0u64; bits / 64], shift: 64 - bits.trailing_zeros() }
    }

    pub fn insert(&mut self, word: &str) {
        if let Some(i) = self.index(word) {
            self.bits[i / 64] |= 1 << (i % 64);
        }
    }

    #[inline]
    fn index(&self, word: &str) -> Option<usize> {
        let mut cs = word.chars();
        Some(self.pair_index(cs.next()?, cs.next()?))
    }

    #[inline]
    fn pair_index(&self, first: char, second: char) -> usize {
        let pair = ((first as u64) << 21) | second as u64;
        (pair.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Whether some word may begin with the first two characters of `text`.
    #[inline]
    pub fn may_start(&self, text: &str) -> bool {
        self.index(text).is_some_and(|i| self.bits[i / 64] & (1 << (i % 64)) != 0)
    }

    /// Whether some word may begin with `first` and `second`.
    #[inline]
    pub fn may_start_with(&self, first: char, second: char) -> bool {
        let i = self.pair_index(first, second);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// A set of names indexed for "which is the longest name that starts here": every proper
/// prefix of every name (通, 通辽 for 通辽市), so that a walk along the text stops as soon
/// as it is no longer the start of a name, and the first, first two and last characters
/// of the names, which rule out most positions and most words before anything is hashed.
/// Names have two characters at least; the names themselves are kept by the caller.
///
/// The prefixes and the names are kept as 64-bit hashes (`extend_hash`, a character
/// at a time), not strings: a prefix only lets the walk go on, and a text with a name's
/// hash is checked against the caller's exact set, so a hash collision could cost a step
/// or a lookup, never change a result.
pub struct NameIndex {
    /// By hash: [`PREFIX`] and [`NAME`] bits.
    steps: HashMap<u64, u8, Fast>,
    starts: CharSet,
    ends: CharSet,
    heads: PairFilter,
}

/// A [`NameIndex`] step's bits: the hash is that of a proper prefix of a name, of a name.
const PREFIX: u8 = 1;
const NAME: u8 = 2;

impl NameIndex {
    /// An empty index sized for about `names` names.
    pub fn with_capacity(names: usize) -> NameIndex {
        NameIndex {
            steps: HashMap::default(),
            starts: CharSet::new([]),
            ends: CharSet::new([]),
            heads: PairFilter::with_capacity(names),
        }
    }

    /// Index `name`; a name of one character is ignored.
    pub fn insert(&mut self, name: &str) {
        if name.chars().nth(1).is_none() {
            return;
        }
        let mut hash = 0;
        let mut chars = name.chars().peekable();
        while let Some(c) = chars.next() {
            hash = extend_hash(hash, c);
            *self.steps.entry(hash).or_default() |= if chars.peek().is_some() { PREFIX } else { NAME };
        }
        self.starts.insert(name.chars().next());
        self.ends.insert(name.chars().next_back());
        self.heads.insert(name);
    }

    /// Whether a name may start at the beginning of `text`: its first character starts
    /// some name and its first two begin some name.
    #[inline]
    pub fn may_start(&self, text: &str) -> bool {
        text.chars().next().is_some_and(|first| self.may_start_from(first, text))
    }

    /// [`NameIndex::may_start`] for a `text` whose first character `first` is known (a
    /// token's): most texts are ruled out without decoding a character.
    #[inline(always)]
    pub fn may_start_from(&self, first: char, text: &str) -> bool {
        self.starts.contains(first)
            && text
                .get(first.len_utf8()..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|second| self.heads.may_start_with(first, second))
    }

    /// The characters names start with.
    pub fn first_chars(&self) -> &CharSet {
        &self.starts
    }

    /// The characters names end with.
    pub fn last_chars(&self) -> &CharSet {
        &self.ends
    }

    /// [`NameIndex::may_start`] for a text that begins with `first` and `second`.
    #[inline(always)]
    pub fn may_start_with(&self, first: char, second: char) -> bool {
        self.starts.contains(first) && self.heads.may_start_with(first, second)
    }

    /// Whether `word` may be a name, by its first two and its last characters.
    #[inline]
    pub fn may_be(&self, word: &str) -> bool {
        self.may_start(word) && word.chars().next_back().is_some_and(|c| self.ends.contains(c))
    }

    /// The byte length of the longest name of at most `max_chars` characters at the start
    /// of `text`, where `is_name` says which prefixes of `text` are names.
    #[inline]
    pub fn longest_at(&self, text: &str, max_chars: usize, is_name: impl Fn(&str) -> bool) -> Option<usize> {
        if !self.may_start(text) {
            return None;
        }
        self.walk(text, max_chars, is_name)
    }

    /// [`NameIndex::longest_at`] once `text` passed [`NameIndex::may_start`].
    #[inline]
    fn walk(&self, text: &str, max_chars: usize, is_name: impl Fn(&str) -> bool) -> Option<usize> {
        // The first character is a prefix of a name: the walk tests from the second on.
        let mut chars = text.char_indices();
        let (_, first) = chars.next()?;
        let mut hash = extend_hash(0, first);
        let mut best = None;
        for (n, (i, c)) in chars.enumerate() {
            if n + 2 > max_chars {
                break;
            }
            // A text that is neither a name nor the start of one has no step.
            hash = extend_hash(hash, c);
            let Some(&step) = self.steps.get(&hash) else { break };
            let piece = &text[..i + c.len_utf8()];
            if step & NAME != 0 && is_name(piece) {
                best = Some(piece.len());
            }
            if step & PREFIX == 0 {
                break;
            }
        }
        best
    }

    /// The names in a part of a page, as byte ranges, where `is_name` says which strings
    /// are names: from left to right, the longest name at a position, then on from its
    /// end (what a leftmost-longest Aho-Corasick search over the names gives), handed to
    /// `f` in turn. A text not decoded is scanned as [`Region::plain`].
    pub fn for_each_in(&self, part: Region, is_name: impl Fn(&str) -> bool, mut f: impl FnMut(usize, usize)) {
        self.visit(part, is_name, |a, b| {
            f(a, b);
            true
        });
    }

    /// [`NameIndex::for_each_in`], collected.
    pub fn find_all(&self, part: Region, is_name: impl Fn(&str) -> bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        self.for_each_in(part, is_name, |a, b| out.push((a, b)));
        out
    }

    /// Whether [`NameIndex::for_each_in`] finds a name (it stops at the first).
    pub fn any_in(&self, part: Region, is_name: impl Fn(&str) -> bool) -> bool {
        let mut found = false;
        self.visit(part, is_name, |_, _| {
            found = true;
            false
        });
        found
    }

    /// The search of [`NameIndex::for_each_in`]; `f` says whether to go on.
    #[inline]
    fn visit(&self, part: Region, is_name: impl Fn(&str) -> bool, mut f: impl FnMut(usize, usize) -> bool) {
        let text = part.text();
        part.for_each_start(
            &self.starts,
            #[inline(always)]
            |i, c, second| {
                let past = i + c.len_utf8();
                if !second.is_some_and(|second| self.heads.may_start_with(c, second)) {
                    return past;
                }
                match self.walk(&text[i..], usize::MAX, &is_name) {
                    Some(len) if f(i, i + len) => i + len,
                    Some(_) => usize::MAX,
                    None => past,
                }
            },
        );
    }
}

impl Lexicon {
    /// Whether `word` is a place name (its first and last characters are tested before
    /// the word is hashed).
    #[inline]
    pub fn is_place(&self, word: &str) -> bool {
        self.place_index.may_be(word) && self.places.contains_key(word)
    }

    /// Whether `word` is an organisation of the dictionary, tested as [`Lexicon::is_place`].
    #[inline]
    pub fn is_org(&self, word: &str) -> bool {
        // The index holds the names of two characters or more.
        if word.chars().nth(1).is_some() && !self.org_index.may_be(word) {
            return false;
        }
        self.orgs.contains(word)
    }

    /// The organisation names of the dictionary in a part of a page, as byte ranges
    /// handed to `f`: from left to right, the longest name at a position, then on from
    /// its end (what a leftmost-longest Aho-Corasick search over the names gives).
    pub fn org_names_in(&self, part: Region, f: impl FnMut(usize, usize)) {
        self.org_index.for_each_in(part, |w| self.orgs.contains(w), f)
    }
}

/// A set of characters as a bitmap over the Basic Multilingual Plane (8 KiB), with the
/// few characters beyond it in a sorted list: one load and a mask per test, where a
/// hash or a binary search was measurable in loops that test every character of a page.
#[derive(Clone)]
pub struct CharSet {
    bmp: Box<[u64; 0x1_0000 / 64]>,
    astral: Vec<char>,
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet { bmp: Box::new([0; 0x1_0000 / 64]), astral: Vec::new() };
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

    /// The characters of the set, in code point order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let bmp = self.bmp.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64).filter(move |b| bits & (1 << b) != 0).filter_map(move |b| char::from_u32((w * 64 + b) as u32))
        });
        bmp.chain(self.astral.iter().copied())
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

    /// The first character of the set at or after byte `from` of `text`, with its byte
    /// offset; None when there is none or `from` is not a character boundary. This is the
    /// scan the finders run over a whole article (dates, figures, quotes, names): it
    /// decodes the UTF-8 itself, a few instructions a character, where `char_indices`
    /// and a test per character cost several times that.
    #[inline]
    pub fn find_in(&self, text: &str, from: usize) -> Option<(usize, char)> {
        text.get(from..)?;
        let b = text.as_bytes();
        let n = b.len();
        let mut i = from;
        while i < n {
            // `text` is valid UTF-8 and `i` a boundary, so the continuation bytes exist;
            // the length tests only let the compiler drop its bounds checks.
            let x = b[i];
            let (u, len) = if x < 0x80 {
                (x as u32, 1)
            } else if x < 0xE0 {
                if i + 1 >= n {
                    break;
                }
                ((x as u32 & 0x1F) << 6 | (b[i + 1] as u32 & 0x3F), 2)
            } else if x < 0xF0 {
                if i + 2 >= n {
                    break;
                }
                ((x as u32 & 0x0F) << 12 | (b[i + 1] as u32 & 0x3F) << 6 | (b[i + 2] as u32 & 0x3F), 3)
            } else {
                if i + 3 >= n {
                    break;
                }
                let u = (x as u32 & 0x07) << 18
                    | (b[i + 1] as u32 & 0x3F) << 12
                    | (b[i + 2] as u32 & 0x3F) << 6
                    | (b[i + 3] as u32 & 0x3F);
                if char::from_u32(u).is_some_and(|c| self.astral.binary_search(&c).is_ok()) {
                    return char::from_u32(u).map(|c| (i, c));
                }
                i += 4;
                continue;
            };
            if self.bmp[(u >> 6) as usize & 0x3FF] & (1 << (u & 63)) != 0 {
                return char::from_u32(u).map(|c| (i, c));
            }
            i += len;
        }
        None
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
    /// The steps of a walk forward from a position, by the hash ([`extend_hash`]) of the
    /// text walked so far: the entry it may be and whether longer entries go on from it.
    /// The walk stops where the text stops being the start of an entry. The same for walks
    /// backward, with the entries hashed from the last character back.
    forward: HashMap<u64, Step, Fast>,
    backward: HashMap<u64, Step, Fast>,
}

/// What a walk learns from the hash of the text it has walked ([`WordList`]).
#[derive(Clone, Copy, Default)]
struct Step {
    /// The entry with this hash, when it is one entry.
    word: Option<&'static str>,
    /// Several entries have this hash: the text is looked up in the set.
    shared: bool,
    /// The hash is that of a proper prefix (suffix, walking backward) of an entry.
    more: bool,
}

impl Step {
    /// Whether `piece`, the text walked, is an entry of `set`.
    #[inline(always)]
    fn is_entry(&self, piece: &str, set: &WordSet) -> bool {
        if self.shared {
            set.contains(piece)
        } else {
            self.word == Some(piece)
        }
    }

    /// Record that a walk's text with this hash may go on (`word` None) or be `word`.
    fn add(&mut self, word: Option<&'static str>) {
        match word {
            None => self.more = true,
            Some(w) if self.word.is_none_or(|old| old == w) && !self.shared => self.word = Some(w),
            Some(_) => {
                self.word = None;
                self.shared = true;
            }
        }
    }
}

impl WordList {
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> WordList {
        let set: WordSet = words.into_iter().collect();
        let (mut forward, mut backward) =
            (HashMap::<u64, Step, Fast>::default(), HashMap::<u64, Step, Fast>::default());
        for &w in &set {
            let n = w.chars().count();
            for (steps, chars) in
                [(&mut forward, w.chars().collect::<Vec<_>>()), (&mut backward, w.chars().rev().collect())]
            {
                let mut hash = 0;
                for (k, &c) in chars.iter().enumerate() {
                    hash = extend_hash(hash, c);
                    steps.entry(hash).or_default().add((k + 1 == n).then_some(w));
                }
            }
        }
        WordList {
            max_chars: set.iter().map(|w| w.chars().count()).max().unwrap_or(0),
            first: CharSet::new(set.iter().filter_map(|w| w.chars().next())),
            last: CharSet::new(set.iter().filter_map(|w| w.chars().next_back())),
            forward,
            backward,
            set,
        }
    }

    /// Whether `word` is an entry; most words are ruled out by their first and last
    /// characters before they are hashed.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let mut cs = word.chars();
        let ends_ok = match (cs.next(), cs.next_back()) {
            (Some(first), Some(last)) => self.first.contains(first) && self.last.contains(last),
            (Some(only), None) => self.first.contains(only) && self.last.contains(only),
            (None, _) => true,
        };
        ends_ok && self.set.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &&'static str> {
        self.set.iter()
    }

    /// The characters entries start with.
    pub fn first_chars(&self) -> &CharSet {
        &self.first
    }

    /// The characters entries end with.
    pub fn last_chars(&self) -> &CharSet {
        &self.last
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
        let mut hash = 0;
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n >= self.max_chars {
                break;
            }
            // Every entry and every proper prefix of one has a step, so a text without one
            // is neither and goes on to none; a hash collision only costs a step.
            hash = extend_hash(hash, c);
            let Some(step) = self.forward.get(&hash) else { break };
            let piece = &rest[..i + c.len_utf8()];
            if step.is_entry(piece, &self.set) {
                best = Some(piece);
            }
            if !step.more {
                break;
            }
        }
        best
    }

    /// The longest entry that `word` ends with.
    #[inline]
    pub fn longest_suffix<'w>(&self, word: &'w str) -> Option<&'w str> {
        self.longest_ending_at(word, word.len())
    }

    /// [`WordList::longest_suffix`] of a token's word, ruled out by its last character
    /// (known, not decoded again) for most tokens.
    #[inline]
    pub fn token_suffix<'w>(&self, t: &Token<'w>) -> Option<&'w str> {
        if !self.last.contains(t.last) {
            return None;
        }
        self.longest_suffix_of(t.word)
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
        let mut hash = 0;
        for (n, (i, c)) in head.char_indices().rev().enumerate() {
            if n >= self.max_chars {
                break;
            }
            // As in `longest_prefix_of`, from the end.
            hash = extend_hash(hash, c);
            let Some(step) = self.backward.get(&hash) else { break };
            if step.is_entry(&head[i..], &self.set) {
                best = Some(&head[i..]);
            }
            if !step.more {
                break;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_set_scans_find_what_a_char_walk_finds() {
        let set = CharSet::new("市a一é𠀋，".chars());
        let mut rng = super::super::test_rng(7);
        let alphabet: Vec<char> = "市县a b1一二é𠀋𠀀，。\n".chars().collect();
        for _ in 0..2000 {
            let len = (rng() % 24) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            for from in 0..=text.len() {
                let walk = text
                    .get(from..)
                    .map(|rest| rest.char_indices().find(|&(_, c)| set.contains(c)).map(|(i, c)| (from + i, c)));
                assert_eq!(set.find_in(&text, from), walk.flatten(), "{text:?} from {from}");
            }
        }
    }

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

    /// The prefix walk of `longest_starting_at` and the suffix walk of `longest_ending_at`
    /// find what comparing every entry finds.
    #[test]
    fn word_list_walks_find_what_every_entry_finds() {
        let lex = &*LEXICON;
        let mut rng = super::super::test_rng(0x2545_F491_4F6C_DD1D);
        let mut hits = 0;
        for list in [&lex.titles, &lex.local_units, &lex.honorifics, &lex.strong_suffixes, &lex.evidence_titles] {
            let mut entries: Vec<&str> = list.iter().copied().collect();
            entries.sort();
            let mut pieces: Vec<String> = Vec::new();
            for e in &entries {
                let cs: Vec<char> = e.chars().collect();
                pieces.push(e.to_string());
                pieces.push(cs[..cs.len() / 2].iter().collect());
                pieces.push(cs[cs.len() / 2..].iter().collect());
            }
            pieces.extend(["的", "，", "a"].map(String::from));
            for _ in 0..500 {
                let text: String = (0..rng() % 5).map(|_| pieces[rng() as usize % pieces.len()].as_str()).collect();
                for i in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
                    let want = entries.iter().filter(|e| text[i..].starts_with(*e)).max_by_key(|e| e.len());
                    let got = list.longest_starting_at(&text, i);
                    assert_eq!(got, want.map(|e| &text[i..i + e.len()]), "{text:?} at {i}");
                    hits += usize::from(got.is_some());
                    let want = entries.iter().filter(|e| text[..i].ends_with(*e)).max_by_key(|e| e.len());
                    let got = list.longest_ending_at(&text, i);
                    assert_eq!(got, want.map(|e| &text[i - e.len()..i]), "{text:?} at {i}");
                    hits += usize::from(got.is_some());
                }
            }
        }
        assert!(hits > 2_000, "{hits}");
    }

    /// The first and last character tests before a lookup reject no entry: every entry,
    /// and every piece of one, is found as the plain set finds it.
    #[test]
    fn prefiltered_lookups_answer_as_the_sets() {
        let lex = &*LEXICON;
        let pieces = |w: &str| {
            let cs: Vec<char> = w.chars().collect();
            let mut out = vec![w.to_string(), String::new()];
            for i in 0..cs.len() {
                out.push(cs[i..].iter().collect());
                out.push(cs[..=i].iter().collect());
            }
            out
        };
        let mut checked = 0;
        for w in lex.orgs.iter() {
            for p in pieces(w) {
                assert_eq!(lex.is_org(&p), lex.orgs.contains(p.as_str()), "{p:?}");
                checked += 1;
            }
        }
        for list in [&lex.titles, &lex.not_names, &lex.local_units, &lex.strong_suffixes] {
            let set: HashSet<&str> = list.iter().copied().collect();
            for w in set.iter() {
                for p in pieces(w) {
                    assert_eq!(list.contains(&p), set.contains(p.as_str()), "{p:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// Two entries with one hash (possible, if unlikely, for a 64-bit hash) leave the step
    /// asking the set, so neither is lost; a prefix and an entry share a step.
    #[test]
    fn walk_steps_keep_every_entry_of_a_hash() {
        let set: WordSet = ["书记", "市长"].into_iter().collect();
        let mut step = Step::default();
        step.add(Some("书记"));
        assert!(step.is_entry("书记", &set) && !step.is_entry("市长", &set) && !step.more);
        step.add(None);
        assert!(step.is_entry("书记", &set) && step.more);
        step.add(Some("市长"));
        assert!(step.shared && step.is_entry("书记", &set) && step.is_entry("市长", &set));
        assert!(!step.is_entry("主任", &set));
        let mut prefix_only = Step::default();
        prefix_only.add(None);
        assert!(!prefix_only.is_entry("书记", &set) && prefix_only.more);
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
            let mut cs = w.chars();
            assert!(filter.may_start_with(cs.next().unwrap(), cs.next().unwrap()), "{w}");
        }
        assert!(!filter.may_start_with('上', '海'));
        // One character is no pair; with 4 words in 2^10 bits these are not set.
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

    #[test]
    fn name_indexes_find_the_longest_name_at_a_position() {
        let names = ["通辽", "通辽市", "通辽市科尔沁区", "科尔沁", "市"];
        let mut index = NameIndex::with_capacity(names.len());
        for n in names {
            index.insert(n);
        }
        let is_name = |w: &str| names.contains(&w);
        assert_eq!(index.longest_at("通辽市科尔沁区人民政府", 16, is_name), Some("通辽市科尔沁区".len()));
        // The longest within the limit; the walk stops where no name goes on.
        assert_eq!(index.longest_at("通辽市科尔沁区", 6, is_name), Some("通辽市".len()));
        assert_eq!(index.longest_at("通辽市科", 16, is_name), Some("通辽市".len()));
        assert_eq!(index.longest_at("通", 16, is_name), None);
        // A name of one character is not indexed.
        assert_eq!(index.longest_at("市区", 16, is_name), None);
        assert!(index.may_be("科尔沁") && !index.may_be("科尔") && !index.may_be(""));
    }

    /// The organisation names are found as a leftmost-longest Aho-Corasick search over
    /// them finds them (which is what the extractor used before).
    #[test]
    fn org_names_are_found_leftmost_longest() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let lex = &*LEXICON;
        let mut names: Vec<&str> = lex.orgs.iter().copied().collect();
        names.sort_unstable();
        let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&names).unwrap();
        let mut texts: Vec<String> = vec![
            include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt").to_string(),
            // Names overlapping, nested and back to back.
            names.concat(),
            names.iter().rev().map(|n| format!("{n}{}", n.chars().take(2).collect::<String>())).collect(),
        ];
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eval")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        for text in &texts {
            let text = crate::normalize::normalize(text).text;
            let want: Vec<(usize, usize)> = ac.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let decoded = super::super::scan::Decoded::new(&text);
            let mut got: Vec<(usize, usize)> = Vec::new();
            lex.org_names_in(decoded.all(), |a, b| got.push((a, b)));
            assert!(!want.is_empty());
            assert_eq!(got, want);
            assert_eq!(lex.org_index.find_all(Region::plain(&text), |w| lex.orgs.contains(w)), want);
            assert!(lex.org_index.any_in(decoded.all(), |w| lex.orgs.contains(w)));
        }
    }
}
