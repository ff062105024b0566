//! The whole path for one page: normalise → articles → sentences → segment → extract.
//! In: the raw text of one page and its base date. Out: a [`Page`] holding the normalised
//! text, the articles, the sentences and the mentions, all with byte spans into the text.

use crate::articles;
use crate::basedate::Ymd;
use crate::extract::{self, Doc, Extractor};
use crate::model::{Article, Mention, Sentence};
use crate::normalize;
use crate::segment::Tagged;

/// A processed page.
#[derive(Debug, Clone)]
pub struct Page {
    pub text: String,
    pub base_date: Option<Ymd>,
    pub articles: Vec<Article>,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
}

/// Built once, shared by all threads: the extractors (the segmenter and the dictionaries
/// are process-wide statics built on first use).
pub struct Pipeline {
    extractors: Vec<Box<dyn Extractor>>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new()
    }
}

impl Pipeline {
    pub fn new() -> Pipeline {
        Pipeline { extractors: extract::extractors() }
    }

    /// Build the segmenter and every table now rather than on the first page. Loading
    /// jieba's dictionary is most of the start-up and cannot be split, so everything
    /// that does not need it is built on a second thread meanwhile: the list of words we
    /// add to jieba, jieba's tagging model, the extractors' tables and patterns, and the
    /// lexicon (whose last step, the short place names, waits for the segmenter).
    pub fn warm_up(&self) {
        std::thread::scope(|s| {
            s.spawn(|| {
                crate::segment::warm_up_words();
                crate::segment::warm_up_tag_model();
                crate::normalize::warm_up();
                crate::byline::warm_up();
                crate::basedate::warm_up();
                crate::articles::warm_up();
                extract::warm_up();
            });
            crate::segment::warm_up();
        });
    }

    /// Process one page. `base` is the date given by the caller (option, record or file
    /// name); when None, the date is inferred from the text.
    pub fn process(&self, raw: &str, base: Option<Ymd>) -> Page {
        let page = Prepared::new(raw, base);
        let mentions = extract::extract_all(&page.doc(Doc::tag(&page.text, &page.sentences)), &self.extractors);
        page.into_page(mentions)
    }

    /// Process several pages, each with its base date: the same pages as [`Pipeline::process`]
    /// on each, in order. Every page is tagged by the segmenter before any is extracted:
    /// jieba's dictionary (a 16 MB table read at random) then stays in the processor's
    /// cache through [`GROUP_PAGES`] pages in a row, where extracting each page in between
    /// pushed it out (measured: 12–20% less time a page, see `docs/benchmarks.md`). The
    /// tags are kept small until then; each page is decoded and its tokens made when it is
    /// extracted, so that what the extractors read was written just before, not sixteen
    /// pages earlier (measured: 2.5–4.5% less time, see `docs/benchmarks.md`).
    pub fn process_group(&self, pages: &[(&str, Option<Ymd>)]) -> Vec<Page> {
        let prepared: Vec<Prepared> = pages.iter().map(|&(raw, base)| Prepared::new(raw, base)).collect();
        let mentions: Vec<Vec<Mention>> = {
            let tagged: Vec<_> = prepared.iter().map(|p| Doc::tag(&p.text, &p.sentences)).collect();
            prepared.iter().zip(tagged).map(|(p, tags)| extract::extract_all(&p.doc(tags), &self.extractors)).collect()
        };
        prepared.into_iter().zip(mentions).map(|(page, mentions)| page.into_page(mentions)).collect()
    }
}

/// How many pages [`Pipeline::process_group`] is best given at once: enough for jieba's
/// dictionary to stay in cache, few enough to keep the memory of a group small (about
/// 0.15 MB of tags a page, and one page's tokens and characters) and the work spread
/// over the threads.
pub const GROUP_PAGES: usize = 16;

/// A page up to its segmentation: normalised, cut into articles and sentences.
struct Prepared {
    text: String,
    base_date: Option<Ymd>,
    articles: Vec<Article>,
    sentences: Vec<Sentence>,
}

impl Prepared {
    fn new(raw: &str, base: Option<Ymd>) -> Prepared {
        let normalized = normalize::normalize(raw);
        let base_date = base.or_else(|| crate::basedate::from_text(&normalized.text));
        let articles = articles::split(&normalized, base_date);
        let sentences = articles::sentences(&normalized.text, &articles);
        Prepared { text: normalized.text, base_date, articles, sentences }
    }

    /// The page, tagged by [`Doc::tag`], made ready for the extractors.
    fn doc<'a>(&'a self, tags: Tagged<'a>) -> Doc<'a> {
        Doc::tagged(&self.text, &self.articles, &self.sentences, self.base_date, tags)
    }

    fn into_page(self, mentions: Vec<Mention>) -> Page {
        Page {
            text: self.text,
            base_date: self.base_date,
            articles: self.articles,
            sentences: self.sentences,
            mentions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A group gives each page what processing it alone gives, whatever else is in the
    /// group (and an empty page in the middle of it).
    #[test]
    fn a_group_gives_the_pages_of_one_at_a_time() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut texts = vec![std::fs::read_to_string(format!("{dir}/tongliao-2026-03-21-p1.txt")).unwrap()];
        let mut eval: Vec<_> = std::fs::read_dir(format!("{dir}/eval"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        eval.sort();
        texts.extend(eval.iter().map(|p| std::fs::read_to_string(p).unwrap()));
        texts.insert(2, String::new());
        assert!(texts.len() >= 5);
        let base = Ymd::new(2026, 3, 21);
        let pipeline = Pipeline::new();
        let one_by_one: Vec<String> = texts.iter().map(|t| format!("{:?}", pipeline.process(t, base))).collect();
        let input: Vec<(&str, Option<Ymd>)> = texts.iter().map(|t| (t.as_str(), base)).collect();
        let grouped: Vec<String> = pipeline.process_group(&input).iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(grouped, one_by_one);
        let reversed: Vec<(&str, Option<Ymd>)> = input.iter().rev().copied().collect();
        let mut back: Vec<String> = pipeline.process_group(&reversed).iter().map(|p| format!("{p:?}")).collect();
        back.reverse();
        assert_eq!(back, one_by_one);
        assert!(pipeline.process_group(&[]).is_empty());
    }
}
