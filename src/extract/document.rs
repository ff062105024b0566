//! Cited documents (titles in 《》) in one article.
//!
//! In: the text of one article of a normalised page (paragraphs separated by '\n').
//! Out: [`DocumentHit`]s, byte spans of the inside of each 《…》 pair (nested quotes and 〈〉 kept:
//! 《“健康中国2030”规划纲要》 → “健康中国2030”规划纲要), sorted by start, non-overlapping. A short reference
//! (《意见》, 《纲要》, 《决定》 …) whose full title was cited earlier in the same text — an earlier title that ends
//! with it, as in 《关于加强党建带团建工作的意见》（以下简称《意见》）…《意见》指出 — carries that full title in
//! `full_title`. Brackets are paired within one line and 200 chars; an unmatched 《 is dropped when the next 《
//! opens. Linear in the input apart from the short-reference lookup, which only compares against titles seen
//! earlier (bounded per title).

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentHit {
    pub start: usize,
    pub end: usize,
    pub full_title: Option<String>,
}

/// Longest title (chars inside 《》) that is paired at all.
const MAX_TITLE_CHARS: usize = 200;
/// How many distinct earlier titles a short reference is compared with.
const MAX_EARLIER: usize = 64;
/// A title with more chars than this is never treated as a short reference.
const MAX_SHORT_CHARS: usize = 12;

/// The titles cited so far in a text, for linking a short reference to its full title.
#[derive(Default)]
struct Titles {
    /// (title, char count) of distinct full titles seen so far, most recent last
    earlier: Vec<(String, usize)>,
}

impl Titles {
    /// The hit for the title at `s..b` of `text` (`n` characters, between a paired 《》),
    /// if it is one: not empty, not blank, at most MAX_TITLE_CHARS. A short title that ends
    /// an earlier full title gets it; any other title is remembered.
    fn hit(&mut self, text: &str, s: usize, b: usize, n: usize) -> Option<DocumentHit> {
        if n == 0 || n > MAX_TITLE_CHARS {
            return None;
        }
        let title = &text[s..b];
        if title.trim().is_empty() {
            return None;
        }
        let mut full_title = None;
        if n <= MAX_SHORT_CHARS {
            full_title =
                self.earlier.iter().rev().find(|(t, tn)| *tn > n && t.ends_with(title)).map(|(t, _)| t.clone());
        }
        if full_title.is_none() && !self.earlier.iter().any(|(t, _)| t == title) {
            self.earlier.push((title.to_string(), n));
            if self.earlier.len() > MAX_EARLIER {
                self.earlier.remove(0);
            }
        }
        Some(DocumentHit { start: s, end: b, full_title })
    }
}

/// Titles in 《》 (span = inside of the brackets, nested quotes kept). A short reference whose full title was
/// cited earlier in the same text gets `full_title = Some(full title)`.
/// The opening mark of a title, as a byte search (see `find_documents`).
static OPEN_TITLE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("《"));

pub fn find_documents(text: &str) -> Vec<DocumentHit> {
    let mut hits: Vec<DocumentHit> = Vec::new();
    let mut titles = Titles::default();
    // Only what follows a 《 on its line matters: jump from one 《 to the next (a search
    // for its bytes), and walk characters only from there to what ends the title.
    let mut pos = 0;
    // 《 is E3 80 8A: a search for its last byte (what `str::find` does) stops at every
    // 8A, a common continuation byte of Chinese characters; memmem looks for all three.
    while let Some(open) = text.get(pos..).and_then(|rest| OPEN_TITLE.find(rest.as_bytes())).map(|i| pos + i) {
        let s = open + '《'.len_utf8();
        // The title ends at 》; another 《 opens anew (the next search finds it) and a line
        // end drops it.
        let mut n = 0;
        let mut close = None;
        pos = text.len();
        for (j, c) in text[s..].char_indices() {
            match c {
                '\n' => pos = s + j + 1,
                '《' => pos = s + j,
                '》' => {
                    close = Some(s + j);
                    pos = s + j + c.len_utf8();
                }
                _ => {
                    n += 1;
                    continue;
                }
            }
            break;
        }
        if let Some(b) = close {
            hits.extend(titles.hit(text, s, b, n));
        }
    }
    hits
}

/// The document extractor of the pipeline: [`find_documents`] over each article's text,
/// so that a short reference links to a full title cited earlier in the same article.
pub struct DocumentExtractor;

impl super::Extractor for DocumentExtractor {
    fn kind(&self) -> crate::model::Kind {
        crate::model::Kind::Document
    }

    fn extract(&self, doc: &super::Doc, out: &mut Vec<crate::model::Mention>) {
        super::per_article(
            doc,
            out,
            crate::model::Kind::Document,
            |_, text| find_documents(text),
            |h| (h.start, h.end),
            |_, h| Some(crate::model::Detail::Document { full_title: h.full_title }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character scan [`find_documents`] replaced, as its oracle.
    fn find_documents_by_char(text: &str) -> Vec<DocumentHit> {
        let mut hits: Vec<DocumentHit> = Vec::new();
        let mut titles = Titles::default();
        let mut open: Option<(usize, usize)> = None;
        for (ci, (b, c)) in text.char_indices().enumerate() {
            match c {
                '\n' => open = None,
                '《' => open = Some((b + c.len_utf8(), ci)),
                '》' => {
                    if let Some((s, oc)) = open.take() {
                        hits.extend(titles.hit(text, s, b, ci - oc - 1));
                    }
                }
                _ => {}
            }
        }
        hits
    }

    #[test]
    fn jumping_between_brackets_finds_what_walking_found() {
        // Random texts over an alphabet rich in brackets and line ends, with runs long
        // enough to pass the 200-character limit.
        let alphabet = ['《', '》', '\n', '意', '见', '纲', '要', ' ', 'a', '“', '”'];
        let mut next = crate::extract::test_rng(0x2545_F491_4F6C_DD1Du64);
        for round in 0..3000 {
            let len = (next() % if round % 10 == 0 { 600 } else { 60 }) as usize;
            let text: String = (0..len)
                .map(|_| {
                    let r = next() as usize;
                    // Brackets rarer on the long texts, so that long titles occur.
                    if round % 10 == 0 && r & 7 != 0 {
                        '字'
                    } else {
                        alphabet[r % alphabet.len()]
                    }
                })
                .collect();
            assert_eq!(find_documents(&text), find_documents_by_char(&text), "{text:?}");
        }
        // At the length limit.
        for n in [199, 200, 201] {
            let text = format!("见《{}》和《意见》", "字".repeat(n));
            assert_eq!(find_documents(&text), find_documents_by_char(&text));
            assert_eq!(find_documents(&text).len(), if n <= MAX_TITLE_CHARS { 2 } else { 1 }, "{n}");
        }
        let page = include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt");
        assert!(!find_documents(page).is_empty());
        assert_eq!(find_documents(page), find_documents_by_char(page));
    }

    #[test]
    fn titles_and_short_refs() {
        let t = "印发了《关于加强党建带团建工作的意见》(以下简称《意见》)。\n《意见》指出，要落实《“健康中国2030”规划纲要》和《纲要》。";
        let h = find_documents(t);
        let got: Vec<&str> = h.iter().map(|d| &t[d.start..d.end]).collect();
        assert_eq!(got, vec!["关于加强党建带团建工作的意见", "意见", "意见", "“健康中国2030”规划纲要", "纲要"]);
        assert_eq!(h[0].full_title, None);
        assert_eq!(h[1].full_title.as_deref(), Some("关于加强党建带团建工作的意见"));
        assert_eq!(h[2].full_title.as_deref(), Some("关于加强党建带团建工作的意见"));
        assert_eq!(h[4].full_title.as_deref(), Some("“健康中国2030”规划纲要"));
    }

    #[test]
    fn short_ref_without_full_title() {
        let t = "《意见》指出";
        let h = find_documents(t);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].full_title, None);
    }

    #[test]
    fn adversarial() {
        let t = "《".repeat(20_000) + "abc》" + &"》".repeat(100) + "《😀》《》《\n》";
        let h = find_documents(&t);
        assert_eq!(h.len(), 2);
        for d in &h {
            assert!(t.is_char_boundary(d.start) && t.is_char_boundary(d.end) && d.start < d.end);
        }
        let many: String = (0..5000).map(|i| format!("《文件{i}》《意见》")).collect();
        assert_eq!(find_documents(&many).len(), 10_000);
    }
}
