//! The whole path for one page: normalise → articles → sentences → segment → extract.
//! In: the raw text of one page and its base date. Out: a [`Page`] holding the normalised
//! text, the articles, the sentences and the mentions, all with byte spans into the text.

use crate::articles;
use crate::basedate::Ymd;
use crate::extract::{self, Doc, Extractor};
use crate::model::{Article, Mention, Sentence};
use crate::normalize;

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
        let normalized = normalize::normalize(raw);
        let base_date = base.or_else(|| crate::basedate::from_text(&normalized.text));
        let arts = articles::split(&normalized, base_date);
        let sentences = articles::sentences(&normalized.text, &arts);
        let mentions = {
            let doc = Doc::new(&normalized.text, &arts, &sentences, base_date);
            extract::extract_all(&doc, &self.extractors)
        };
        Page { text: normalized.text, base_date, articles: arts, sentences, mentions }
    }
}
