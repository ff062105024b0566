//! A page's characters, decoded once. In: a text. Out: its characters with their byte
//! offsets, and a forward [`Scan`] over any part of it (an article, a sentence) that jumps
//! to the next character of a [`CharSet`].
//!
//! Dates, figures, quotation marks, level words and organisation names are each found by
//! looking for a few kinds of character over the whole text. Decoding UTF-8 costs several
//! times the test of a decoded character, so the page is decoded here once and each finder
//! reads the decoded characters.

use std::sync::LazyLock;

use super::lexicon::CharSet;

/// The sets the finders scan pages for, as classes: each character of a page is given
/// one bit per set it belongs to, a table lookup when the page is decoded. A scan for one
/// of these sets then tests that bit sixteen characters at a time, where a scan for any
/// other set tests each character against the set.
pub struct Classes {
    /// The sets, by address, at most 16; set `k` is bit `1 << k`.
    sets: Vec<usize>,
    /// The classes of the Basic Multilingual Plane, and of the characters beyond it that
    /// some set holds (sorted).
    bmp: Box<[u16]>,
    astral: Vec<(char, u16)>,
}

impl Classes {
    /// Classes for `sets` (the first 16; the others are scanned character by character).
    pub fn new(sets: &[&CharSet]) -> Classes {
        let mut bmp = vec![0u16; 0x1_0000].into_boxed_slice();
        let mut astral: Vec<(char, u16)> = Vec::new();
        let sets = &sets[..sets.len().min(16)];
        for (k, set) in sets.iter().enumerate() {
            for c in set.chars() {
                let u = c as usize;
                if u < 0x1_0000 {
                    bmp[u] |= 1 << k;
                } else {
                    match astral.binary_search_by_key(&c, |&(a, _)| a) {
                        Ok(i) => astral[i].1 |= 1 << k,
                        Err(i) => astral.insert(i, (c, 1 << k)),
                    }
                }
            }
        }
        Classes { sets: sets.iter().map(|s| *s as *const CharSet as usize).collect(), bmp, astral }
    }

    #[inline]
    fn of(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some(&m) => m,
            None => self.astral.binary_search_by_key(&c, |&(a, _)| a).map_or(0, |i| self.astral[i].1),
        }
    }

    /// The bit of `set`; 0 when it is not one of the classes.
    #[inline]
    fn bit(&self, set: &CharSet) -> u16 {
        let at = set as *const CharSet as usize;
        self.sets.iter().position(|&s| s == at).map_or(0, |k| 1 << k)
    }
}

/// The classes of every decoded page: the sets the extractors scan for.
static CLASSES: LazyLock<Classes> = LazyLock::new(|| Classes::new(&super::scanned_sets()));

/// Build the classes now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&CLASSES);
}

/// The characters of a text and their byte offsets.
pub struct Decoded<'t> {
    text: &'t str,
    /// Byte offset of each character; empty when the text is too long for u32 offsets
    /// (over 4 GiB), and then every scan decodes the text itself.
    offsets: Vec<u32>,
    chars: Vec<char>,
    /// Each character's [`Classes`] bits.
    classes: Vec<u16>,
}

/// The arrays a decoded text leaves to the next one on its thread: a page's arrays were
/// allocated and zeroed for every page (calloc's memset was a fifth of the decoding).
type Arrays = (Vec<u32>, Vec<char>, Vec<u16>);

thread_local! {
    static SPARE: std::cell::Cell<Option<Arrays>> = const { std::cell::Cell::new(None) };
}

/// The arrays of a text of more characters than this are not kept for the next one: a
/// thread keeps at most 10 MB (a 6,000-character page needs 60 KB).
const SPARE_MAX_CHARS: usize = 1 << 20;

/// `v` at length `n`: cut, or lengthened with `fill` (the slots are all written after).
fn fit<T: Copy>(v: &mut Vec<T>, n: usize, fill: T) {
    if v.len() > n {
        v.truncate(n);
    } else {
        v.resize(n, fill);
    }
}

impl Drop for Decoded<'_> {
    fn drop(&mut self) {
        if (1..=SPARE_MAX_CHARS).contains(&self.chars.capacity()) {
            let arrays =
                (std::mem::take(&mut self.offsets), std::mem::take(&mut self.chars), std::mem::take(&mut self.classes));
            SPARE.set(Some(arrays));
        }
    }
}

impl<'t> Decoded<'t> {
    pub fn new(text: &'t str) -> Decoded<'t> {
        if u32::try_from(text.len()).is_err() {
            return Decoded { text, offsets: Vec::new(), chars: Vec::new(), classes: Vec::new() };
        }
        // Counted first, so that the three arrays are sized once. They are the arrays of
        // the thread's last page when it left them (see `Drop`): every slot is written
        // below, so only slots past the last page's length are zeroed first.
        let n = text.chars().count();
        let (mut offsets, mut chars, mut classes) = SPARE.take().unwrap_or_default();
        fit(&mut offsets, n, 0);
        fit(&mut chars, n, '\0');
        fit(&mut classes, n, 0);
        let table = &*CLASSES;
        // Written through the slots, not pushed: a push tests the capacity every time.
        let slots = offsets.iter_mut().zip(chars.iter_mut()).zip(classes.iter_mut());
        for (((offset, ch), class), (i, c)) in slots.zip(text.char_indices()) {
            *offset = i as u32;
            *ch = c;
            *class = table.of(c);
        }
        Decoded { text, offsets, chars, classes }
    }

    /// The bytes `start..end` of the text (character boundaries), to scan with offsets
    /// relative to `start`. An invalid range is an empty part.
    pub fn region(&self, start: usize, end: usize) -> Region<'_> {
        self.all().sub(start, end)
    }

    /// Which characters [`Decoded::region`] of `start..end` holds (indices from, to), found
    /// once so that [`Decoded::region_of`] builds the same part again without searching.
    pub fn char_span(&self, start: usize, end: usize) -> (usize, usize) {
        self.all().char_span(start, end)
    }

    /// [`Decoded::region`] of `start..end`, whose characters are `chars` (from
    /// [`Decoded::char_span`] of the same range).
    pub fn region_of(&self, start: usize, end: usize, chars: (usize, usize)) -> Region<'_> {
        self.all().sub_at(start, end, chars)
    }

    /// The first (up to) `N` characters from byte `at` with their offsets from `at`: read
    /// in place from the decoded characters when character `k` starts at `at`, else
    /// decoded from the text. What `text[at..].char_indices()` gives first.
    pub fn chars_from<const N: usize>(&self, at: usize, k: usize) -> Ahead<'_, N> {
        if self.offsets.get(k).is_some_and(|&o| o as usize == at) {
            let end = self.offsets.len().min(k + N);
            return Ahead::Decoded { at, offsets: &self.offsets[k..end], chars: &self.chars[k..end] };
        }
        let mut buf = [(0, ' '); N];
        let mut len = 0;
        if let Some(rest) = self.text.get(at..) {
            for (slot, ci) in buf.iter_mut().zip(rest.char_indices()) {
                *slot = ci;
                len += 1;
            }
        }
        Ahead::Buffer(buf, len)
    }

    /// The byte offsets and the characters `from..to` (indices, as [`Decoded::char_span`]
    /// gives them); empty when the text was not decoded.
    pub fn offsets_and_chars(&self, (from, to): (usize, usize)) -> (&[u32], &[char]) {
        match (self.offsets.get(from..to), self.chars.get(from..to)) {
            (Some(offsets), Some(chars)) => (offsets, chars),
            _ => (&[], &[]),
        }
    }

    /// The whole text as a part.
    pub fn all(&self) -> Region<'_> {
        Region { text: self.text, base: 0, offsets: &self.offsets, chars: &self.chars, classes: &self.classes }
    }
}

/// The first characters from a byte of a [`Decoded`] text ([`Decoded::chars_from`]):
/// in place in the decoded characters, or decoded into a buffer when the text was not.
pub enum Ahead<'d, const N: usize> {
    Decoded { at: usize, offsets: &'d [u32], chars: &'d [char] },
    Buffer([(usize, char); N], usize),
}

impl<const N: usize> Ahead<'_, N> {
    /// How many characters there are (up to `N`).
    #[inline]
    pub fn count(&self) -> usize {
        match self {
            Ahead::Decoded { chars, .. } => chars.len(),
            Ahead::Buffer(_, len) => *len,
        }
    }

    /// Character `i` with its offset from the start.
    #[inline]
    pub fn get(&self, i: usize) -> Option<(usize, char)> {
        match self {
            Ahead::Decoded { at, offsets, chars } => Some((*offsets.get(i)? as usize - at, *chars.get(i)?)),
            Ahead::Buffer(buf, len) => buf[..*len].get(i).copied(),
        }
    }
}

/// Part of a [`Decoded`] text: an article, a sentence, a run of characters.
#[derive(Clone, Copy)]
pub struct Region<'d> {
    text: &'d str,
    /// Byte offset of the part in the decoded text.
    base: usize,
    offsets: &'d [u32],
    chars: &'d [char],
    classes: &'d [u16],
}

impl<'d> Region<'d> {
    /// A text that was not decoded, as a part: its scans decode it as they go (what a
    /// page over 4 GiB gets, see [`Decoded`]), for a short text that is searched once.
    pub fn plain(text: &'d str) -> Region<'d> {
        Region { text, base: 0, offsets: &[], chars: &[], classes: &[] }
    }

    /// The bytes `start..end` of this part (offsets relative to the part), as a part.
    pub fn sub(&self, start: usize, end: usize) -> Region<'d> {
        self.sub_at(start, end, self.char_span(start, end))
    }

    /// Which of the part's characters [`Region::sub`] of `start..end` holds (indices from,
    /// to); (0, 0) when it holds none.
    fn char_span(&self, start: usize, end: usize) -> (usize, usize) {
        match self.text.get(start..end) {
            Some(text) if !text.is_empty() && !self.offsets.is_empty() => {
                let (start, end) = (self.base + start, self.base + end);
                (
                    self.offsets.partition_point(|&o| (o as usize) < start),
                    self.offsets.partition_point(|&o| (o as usize) < end),
                )
            }
            _ => (0, 0),
        }
    }

    /// [`Region::sub`] of `start..end`, whose characters are `chars` (its
    /// [`Region::char_span`]).
    fn sub_at(&self, start: usize, end: usize, (first, last): (usize, usize)) -> Region<'d> {
        match self.text.get(start..end) {
            Some(text) if !text.is_empty() && !self.offsets.is_empty() => Region {
                text,
                base: self.base + start,
                offsets: &self.offsets[first..last],
                chars: &self.chars[first..last],
                classes: &self.classes[first..last],
            },
            Some(text) => Region { text, base: self.base + start, offsets: &[], chars: &[], classes: &[] },
            None => Region { text: "", base: self.base, offsets: &[], chars: &[], classes: &[] },
        }
    }

    /// The part's characters (empty when the text was too long to decode, see [`Decoded`]).
    pub fn chars(&self) -> &'d [char] {
        self.chars
    }

    /// The part's text.
    pub fn text(&self) -> &'d str {
        self.text
    }

    /// The part's characters with their byte offsets (relative to the part), as
    /// `char_indices` gives them, read from the decoded page.
    pub fn char_indices(&self) -> impl Iterator<Item = (usize, char)> + 'd {
        let base = self.base;
        // Not decoded (a text over 4 GiB): decode here.
        let undecoded = if self.offsets.is_empty() { self.text } else { "" };
        self.offsets.iter().zip(self.chars).map(move |(&o, &c)| (o as usize - base, c)).chain(undecoded.char_indices())
    }

    /// The characters `(c, d)` next to each other in the part where `c` is in `before`
    /// and `d` in `set`: the offset of each `d`, ascending, handed to `f` in turn.
    pub fn for_each_pair(&self, before: &CharSet, set: &CharSet, mut f: impl FnMut(usize)) {
        if self.offsets.is_empty() {
            // Not decoded (a text over 4 GiB): decode here.
            let mut prev = None;
            for (i, c) in self.text.char_indices() {
                if prev.is_some_and(|p| before.contains(p)) && set.contains(c) {
                    f(i);
                }
                prev = Some(c);
            }
            return;
        }
        let (b, s) = (CLASSES.bit(before), CLASSES.bit(set));
        if b != 0 && s != 0 && self.classes.len() == self.chars.len() {
            // Sixteen pairs at a time: each class shifted so that its bit is bit 0, the
            // two anded, the block's results ored (vector instructions); a block where a
            // pair is found is gone through one by one.
            let (cl, bs, ss) = (self.classes, b.trailing_zeros(), s.trailing_zeros());
            let pair_at = |k: usize| cl[k - 1] & b != 0 && cl[k] & s != 0;
            let mut k = 1;
            while let (Some(prev), Some(cur)) = (cl.get(k - 1..k + 15), cl.get(k..k + 16)) {
                if prev.iter().zip(cur).fold(0, |a, (&p, &c)| a | ((p >> bs) & (c >> ss))) & 1 != 0 {
                    for at in k..k + 16 {
                        if pair_at(at) {
                            f(self.offsets[at] as usize - self.base);
                        }
                    }
                }
                k += 16;
            }
            for at in k..cl.len() {
                if pair_at(at) {
                    f(self.offsets[at] as usize - self.base);
                }
            }
            return;
        }
        let mut prev = false;
        for (&o, &c) in self.offsets.iter().zip(self.chars) {
            if prev && set.contains(c) {
                f(o as usize - self.base);
            }
            prev = before.contains(c);
        }
    }

    /// Each character of `set` in the part, in order: its offset, the character and the
    /// one after it (None at the part's end) handed to `f`, which gives the offset to go
    /// on from: past the character, or further (past a name found there; `usize::MAX`
    /// stops). What a loop of [`Scan::find`] does, without a call's setup for every
    /// character found: dictionary names start at one character in four or five.
    #[inline]
    pub fn for_each_start(&self, set: &CharSet, mut f: impl FnMut(usize, char, Option<char>) -> usize) {
        let Region { text, base, offsets, chars, classes } = *self;
        if offsets.is_empty() {
            // Not decoded (a text over 4 GiB), or nothing to scan.
            let mut from = 0;
            while let Some((i, c)) = set.find_in(text, from) {
                from = f(i, c, text[i + c.len_utf8()..].chars().next());
            }
            return;
        }
        let bit = if classes.len() == chars.len() { CLASSES.bit(set) } else { 0 };
        let mut k = 0;
        while k < chars.len() {
            // The characters are dense enough that looking at each beats skipping blocks.
            let found = if bit != 0 {
                classes[k..].iter().position(|&m| m & bit != 0)
            } else {
                chars[k..].iter().position(|&c| set.contains(c))
            };
            let Some(step) = found else { return };
            k += step;
            let resume = f(offsets[k] as usize - base, chars[k], chars.get(k + 1).copied());
            k += 1;
            while offsets.get(k).is_some_and(|&o| o as usize - base < resume) {
                k += 1;
            }
        }
    }

    /// The run of characters for which `keep` holds around the character at byte `at`
    /// (one `keep` holds for): the run as a part, and its byte offset in this one. Read
    /// from the decoded characters rather than decoded again both ways.
    pub fn run_around(&self, at: usize, keep: impl Fn(char) -> bool) -> (usize, Region<'d>) {
        let k = self.offsets.partition_point(|&o| (o as usize) < self.base + at);
        if self.offsets.get(k).is_none_or(|&o| o as usize != self.base + at) {
            // Not decoded (a text over 4 GiB), or not a character's offset.
            let text = self.text;
            let Some(head) = text.get(..at) else { return (at, self.sub(at, at)) };
            let start = head.char_indices().rev().take_while(|&(_, c)| keep(c)).last().map_or(at, |(j, _)| j);
            let end = text[at..].char_indices().find(|&(_, c)| !keep(c)).map_or(text.len(), |(j, _)| at + j);
            return (start, self.sub(start, end));
        }
        self.run_from(k, keep)
    }

    /// [`Region::run_around`] the character of index `k`.
    fn run_from(&self, k: usize, keep: impl Fn(char) -> bool) -> (usize, Region<'d>) {
        let Region { text, base, offsets, chars, .. } = *self;
        let first = chars[..k].iter().rposition(|&c| !keep(c)).map_or(0, |j| j + 1);
        let last = chars[k..].iter().position(|&c| !keep(c)).map_or(chars.len(), |j| k + j);
        let start = offsets[first] as usize - base;
        let end = offsets.get(last).map_or(text.len(), |&o| o as usize - base);
        (start, self.sub_at(start, end, (first, last)))
    }

    /// A new forward scan over the part.
    pub fn scan(&self) -> Scan<'d> {
        Scan { part: *self, next: 0, set: 0, bit: 0 }
    }
}

/// A forward scan over a [`Region`]. Offsets are relative to the part.
pub struct Scan<'d> {
    part: Region<'d>,
    /// Index of the first character not yet passed.
    next: usize,
    /// The set of the last search, by address, and its class bit (0: none).
    set: usize,
    bit: u16,
}

impl<'d> Scan<'d> {
    /// The first character of `set` at or after byte `from` of the part, with its offset;
    /// None when there is none. Scans go forward; a `from` before the last character
    /// found is looked up again by a binary search.
    #[inline]
    pub fn find(&mut self, set: &CharSet, from: usize) -> Option<(usize, char)> {
        let Region { text, base, offsets, chars, classes } = self.part;
        if offsets.is_empty() {
            // Not decoded (a text over 4 GiB), or nothing to scan.
            return set.find_in(text, from);
        }
        let from = base + from;
        if self.next > 0 && offsets.get(self.next - 1).is_some_and(|&o| o as usize >= from) {
            self.next = offsets.partition_point(|&o| (o as usize) < from);
        }
        while offsets.get(self.next).is_some_and(|&o| (o as usize) < from) {
            self.next += 1;
        }
        let at = set as *const CharSet as usize;
        if self.set != at {
            self.set = at;
            self.bit = if classes.len() == chars.len() { CLASSES.bit(set) } else { 0 };
        }
        let bit = self.bit;
        let k = if bit != 0 {
            self.next + next_with(classes.get(self.next..)?, bit)?
        } else {
            self.next + chars.get(self.next..)?.iter().position(|&c| set.contains(c))?
        };
        self.next = k + 1;
        Some((offsets[k] as usize - base, chars[k]))
    }

    /// [`Region::run_around`] the character at byte `at`, the last one [`Scan::find`]
    /// gave: its index is known, not searched for.
    pub fn run_around(&self, at: usize, keep: impl Fn(char) -> bool) -> (usize, Region<'d>) {
        let part = self.part;
        let k = self.next.wrapping_sub(1);
        match part.offsets.get(k) {
            Some(&o) if o as usize == part.base + at => part.run_from(k, keep),
            _ => part.run_around(at, keep),
        }
    }
}

/// The index of the first class in `classes` with `bit`: sixteen at a time (which the
/// compiler turns into vector instructions), then one by one in the block that has it.
#[inline]
fn next_with(classes: &[u16], bit: u16) -> Option<usize> {
    let mut k = 0;
    while let Some(block) = classes.get(k..k + 16) {
        if block.iter().fold(0, |a, &m| a | m) & bit != 0 {
            break;
        }
        k += 16;
    }
    Some(k + classes[k..].iter().position(|&m| m & bit != 0)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offsets [`Region::for_each_pair`] hands over, collected.
    fn pairs_of(part: Region, before: &CharSet, set: &CharSet) -> Vec<usize> {
        let mut out = Vec::new();
        part.for_each_pair(before, set, |at| out.push(at));
        out
    }

    /// [`Region::for_each_start`] over `part` (whose text is `sub`), decoded and not, gives
    /// what a loop of decoding searches gives, going on from where `f` says: past the
    /// character, a few characters further, or nowhere. The characters found, counted.
    fn check_starts(part: Region, sub: &str, set: &CharSet) -> usize {
        let resume = |i: usize| match i % 7 {
            6 => usize::MAX,
            n => sub[i..].char_indices().nth(1 + n % 3).map_or(sub.len(), |(j, _)| i + j),
        };
        let mut want = Vec::new();
        let mut from = 0;
        while let Some((i, c)) = set.find_in(sub, from) {
            want.push((i, c, sub[i + c.len_utf8()..].chars().next()));
            from = resume(i);
        }
        for view in [part, Region::plain(sub)] {
            let mut got = Vec::new();
            view.for_each_start(set, |i, c, next| {
                got.push((i, c, next));
                resume(i)
            });
            assert_eq!(got, want, "{sub:?}");
        }
        want.len()
    }

    /// The runs of characters outside `set` around each character of `sub` (a view of
    /// it) are those a decoding walk both ways finds, asked of the view at any character
    /// and of a scan where it stopped; returns how many runs were checked.
    fn check_runs(view: Region, sub: &str, set: &CharSet) -> usize {
        let keep = |c: char| !set.contains(c);
        let mut n = 0;
        for (at, c) in sub.char_indices().filter(|&(_, c)| keep(c)) {
            let start = sub[..at].char_indices().rev().take_while(|&(_, c)| keep(c)).last().map_or(at, |(j, _)| j);
            let end = sub[at..].char_indices().find(|&(_, c)| !keep(c)).map_or(sub.len(), |(j, _)| at + j);
            let (a, run) = view.run_around(at, keep);
            assert_eq!((a, run.text()), (start, &sub[start..end]), "{sub:?} at {at}");
            assert_eq!(run.char_indices().collect::<Vec<_>>(), sub[start..end].char_indices().collect::<Vec<_>>());
            // A scan where it stopped, and one that has not searched yet.
            let mut scan = view.scan();
            assert_eq!(scan.find(&CharSet::new([c]), at), Some((at, c)));
            for scan in [scan, view.scan()] {
                let (a, run) = scan.run_around(at, keep);
                assert_eq!((a, run.text()), (start, &sub[start..end]), "{sub:?} at {at}");
            }
            n += 1;
        }
        n
    }

    #[test]
    fn scans_find_what_a_decoding_search_finds() {
        let set = CharSet::new("市a一é𠀋，\n".chars());
        let before = CharSet::new("县一𠀀，".chars());
        let mut pairs = 0;
        let alphabet: Vec<char> = "市县a b1一二é𠀋𠀀，。\n".chars().collect();
        let mut rng = crate::extract::test_rng(0x9E37_79B9_7F4A_7C15);
        let (mut hits, mut starts, mut runs) = (0, 0, 0);
        for _ in 0..3000 {
            let len = (rng() % 30) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            let decoded = Decoded::new(&text);
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let a = bounds[(rng() % bounds.len() as u64) as usize];
            let b = bounds[(rng() % bounds.len() as u64) as usize].max(a);
            let part = &text[a..b];
            // A part of the page, and a part of that part.
            let inner = decoded.region(a, b);
            let pb: Vec<usize> = (0..=part.len()).filter(|&i| part.is_char_boundary(i)).collect();
            let c = pb[(rng() % pb.len() as u64) as usize];
            let d = pb[(rng() % pb.len() as u64) as usize].max(c);
            for (view, sub) in [(inner, part), (inner.sub(c, d), &part[c..d])] {
                assert_eq!(view.text(), sub);
                assert_eq!(view.char_indices().collect::<Vec<_>>(), sub.char_indices().collect::<Vec<_>>());
                let walk: Vec<usize> = sub
                    .char_indices()
                    .zip(sub.chars().skip(1).zip(sub.char_indices().skip(1)))
                    .filter(|&((_, c), (d, _))| before.contains(c) && set.contains(d))
                    .map(|(_, (_, (i, _)))| i)
                    .collect();
                pairs += walk.len();
                assert_eq!(pairs_of(view, &before, &set), walk, "{sub:?}");
                starts += check_starts(view, sub, &set);
                runs += check_runs(view, sub, &set) + check_runs(Region::plain(sub), sub, &set);
                let mut scan = view.scan();
                let mut from = 0;
                // Mostly forward, sometimes back.
                for _ in 0..12 {
                    let want = set.find_in(sub, from);
                    assert_eq!(scan.find(&set, from), want, "{sub:?} from {from}");
                    hits += usize::from(want.is_some());
                    let sb: Vec<usize> = (0..=sub.len()).filter(|&i| sub.is_char_boundary(i)).collect();
                    from = match want {
                        Some((i, ch)) if !rng().is_multiple_of(4) => i + ch.len_utf8(),
                        _ => sb[(rng() % sb.len() as u64) as usize],
                    };
                }
            }
        }
        assert!(hits > 10_000, "{hits}");
        assert!(pairs > 1_000 && starts > 2_000 && runs > 2_000, "{pairs} {starts} {runs}");
    }

    /// The scans for the sets the pages are classified by (the class bits) find what a
    /// decoding search finds.
    #[test]
    fn class_scans_find_what_a_decoding_search_finds() {
        let sets = super::super::scanned_sets();
        assert!(sets.len() <= 16, "{}", sets.len());
        assert!(sets.iter().all(|s| CLASSES.bit(s) != 0));
        let mut alphabet: Vec<char> = sets.iter().flat_map(|s| s.chars().step_by(53).take(6)).collect();
        alphabet.extend("的是a1，\n𠀋é".chars());
        let mut rng = crate::extract::test_rng(0xD1B5_4A32_D192_ED03);
        let (mut hits, mut pairs, mut starts) = (0, 0, 0);
        for _ in 0..3000 {
            let len = (rng() % 60) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            let decoded = Decoded::new(&text);
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let a = bounds[(rng() % bounds.len() as u64) as usize];
            let part = decoded.all().sub(a, text.len());
            let sub = &text[a..];
            for set in &sets {
                let mut scan = part.scan();
                let mut from = 0;
                while let Some(want) = set.find_in(sub, from) {
                    assert_eq!(scan.find(set, from), Some(want), "{sub:?} from {from}");
                    hits += 1;
                    from = want.0 + want.1.len_utf8();
                }
                assert_eq!(scan.find(set, from), None, "{sub:?} from {from}");
                starts += check_starts(part, sub, set);
            }
            for (before, set) in sets.iter().zip(sets.iter().rev()) {
                let walk: Vec<usize> = sub
                    .char_indices()
                    .zip(sub.char_indices().skip(1))
                    .filter(|&((_, c), (_, d))| before.contains(c) && set.contains(d))
                    .map(|(_, (i, _))| i)
                    .collect();
                pairs += walk.len();
                assert_eq!(pairs_of(part, before, set), walk, "{sub:?}");
            }
        }
        assert!(hits > 20_000 && pairs > 2_000 && starts > 10_000, "{hits} {pairs} {starts}");
    }

    /// A text decoded after a longer one and after a shorter one on the same thread (which
    /// reuse their arrays) reads as a text decoded alone.
    #[test]
    fn arrays_left_by_other_texts_change_nothing() {
        let texts = ["通辽市科尔沁区，a1。", "市", "", "一二三四五六七八九十，𠀋é", "县a"];
        for order in [[0, 1, 2, 3, 4], [3, 4, 0, 2, 1]] {
            for &k in &order {
                let text = texts[k];
                let decoded = Decoded::new(text);
                assert_eq!(decoded.all().chars().len(), text.chars().count());
                assert_eq!(decoded.all().char_indices().collect::<Vec<_>>(), text.char_indices().collect::<Vec<_>>());
                assert_eq!(decoded.all().scan().find(&CharSet::new(['，']), 0), CharSet::new(['，']).find_in(text, 0));
            }
        }
    }

    #[test]
    fn invalid_parts_are_empty() {
        let text = "市县一";
        let decoded = Decoded::new(text);
        assert_eq!(decoded.region(1, 3).scan().find(&CharSet::new(['县']), 0), None);
        assert_eq!(decoded.region(6, 3).scan().find(&CharSet::new(['县']), 0), None);
        assert_eq!(decoded.all().sub(3, 6).scan().find(&CharSet::new(['县']), 0), Some((0, '县')));
    }
}
